/** vinteo-elements connector: public, side-effect-free exports. */
export * from './errors.js';
export { TypedEmitter } from './emitter.js';
export type { Listener } from './emitter.js';
export type * from './types.js';
export type * from './conference/types.js';
export type * from './presentation/types.js';
export type * from './media/device-types.js';
export type * from './stats/types.js';
export { normalizeStats } from './stats/normalize.js';
export type { NormalizeInput, StatsReportLike, StreamRoleHints } from './stats/normalize.js';
export {
  assessSample,
  estimateMos,
  mosFromR,
  QualityTracker,
  THRESHOLDS as QUALITY_THRESHOLDS,
} from './stats/quality.js';
export { DeviceManager } from './media/devices.js';
export type { DeviceManagerOptions, MediaDevicesPort, DeviceCallPort } from './media/devices.js';
export type { StoragePort } from './media/device-prefs.js';
export { DeviceError } from './media/device-errors.js';
export type { DeviceErrorCode } from './media/device-errors.js';
export { VinteoConnector } from './connector.js';
export { subscribeSnapshot } from './session-snapshot.js';
export { sameData } from './util/same-data.js';
export type { MediaSnapshot, SessionSnapshot } from './types.js';
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
export { DefaultReconnectPolicy, limitedPolicy } from './connection/reconnect-policy.js';
export type {
  ReconnectPolicy,
  ReconnectReason,
  RetryContext,
  DefaultReconnectPolicyOptions,
} from './connection/reconnect-policy.js';
