/** vinteo-elements connector: public, side-effect-free exports. */
export * from './errors.js';
export { TypedEmitter } from './emitter.js';
export type { Listener } from './emitter.js';
export type * from './types.js';
export type * from './conference/types.js';
export { VinteoConnector } from './connector.js';
export type { VinteoConnectorOptions } from './connector.js';
export type { SipStack } from './connection/sip-stack.js';
export { resolveConfig, socketUrlFor, userAgentString, wireDisplayName, guestUser } from './connection/config.js';
export { inviteHeaders, targetUri } from './call/invite-headers.js';
export { parseDtmfRelay, dtmfRelayBody } from './call/dtmf.js';
export { getHeader } from './util/headers.js';
export { decodeInfo } from './conference/info-codec.js';
export type { InfoCommand, DecodedInfo } from './conference/info-codec.js';
export { decodeNotify } from './conference/notify-codec.js';
export type { NotifyEvent, DecodedNotify } from './conference/notify-codec.js';
export { consoleSink, redact } from './util/logger.js';
export type { LogSink, LogLevel } from './util/logger.js';
