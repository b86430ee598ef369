/** The DOM events of the elements: lower-case kebab names, `bubbles` and `composed`, a typed `detail`. */
export { VinteoConnectionStateChangeEvent, type ConnectionStateChangeDetail } from './connection-state-change.js';
export { VinteoCallStateChangeEvent, type CallStateChangeDetail } from './call-state-change.js';
export { VinteoIncomingCallEvent, type IncomingCallDetail } from './incoming-call.js';
export { VinteoCallEndedEvent, type CallEndedDetail } from './call-ended.js';
export { VinteoErrorEvent, type ErrorDetail, type ElementErrorCode } from './error.js';
export { VinteoDtmfEvent, type DtmfDetail } from './dtmf.js';
export { VinteoAudioBlockedEvent } from './audio-blocked.js';
