/** The DOM events of the elements: lower-case kebab names, `bubbles` and `composed`, a typed `detail`. */
export { VinteoConnectionStateChangeEvent, type ConnectionStateChangeDetail } from './connection-state-change.js';
export { VinteoCallStateChangeEvent, type CallStateChangeDetail } from './call-state-change.js';
export { VinteoIncomingCallEvent, type IncomingCallDetail } from './incoming-call.js';
export { VinteoCallEndedEvent, type CallEndedDetail } from './call-ended.js';
export { VinteoErrorEvent, type ErrorDetail, type ElementErrorCode } from './error.js';
export { VinteoDtmfEvent, type DtmfDetail } from './dtmf.js';
export { VinteoAudioBlockedEvent } from './audio-blocked.js';
export { VinteoRoomChangeEvent, type RoomChangeDetail } from './room-change.js';
export { VinteoRoleChangeEvent, type RoleChangeDetail } from './role-change.js';
export { VinteoAdminRequestEvent, type AdminRequestDetail } from './admin-request.js';
export { VinteoLicenseChangeEvent, type LicenseChangeDetail } from './license-change.js';
export { VinteoNoticeEvent, type NoticeDetail, type NoticeKind } from './notice.js';
export { VinteoPresentationStartEvent, type PresentationStartDetail } from './presentation-start.js';
export { VinteoPresentationStopEvent, type PresentationStopDetail } from './presentation-stop.js';
export { VinteoPresentationErrorEvent, type PresentationErrorDetail } from './presentation-error.js';
