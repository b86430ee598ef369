/**
 * Typed errors of the connector. Every error the connector rejects with or emits is a
 * {@link VinteoError} with a stable `code`; branch on `code` (or on the subclass), never on the message.
 * Messages never contain passwords or tokens.
 */

/** Stable error codes. The docs keep a table of them (docs/errors.md). */
export type VinteoErrorCode =
  | 'invalid-config'
  | 'invalid-argument'
  | 'invalid-state'
  | 'authentication-failed'
  | 'network'
  | 'connect-timeout'
  | 'not-found'
  | 'busy'
  | 'rejected'
  | 'request-timeout'
  | 'media'
  | 'canceled'
  | 'info-rejected'
  | 'permission-denied'
  | 'recv-session-failed'
  | 'presentation-refused'
  | 'not-connected'
  | 'media-timeout'
  | 'dialog-lost'
  | 'media-permission'
  | 'device-busy'
  | 'device-not-found'
  | 'not-supported'
  | 'outbound-video-unverified'
  | 'internal';

export class VinteoError extends Error {
  readonly code: VinteoErrorCode;
  /** SIP status code when the error came from a SIP response. */
  readonly statusCode?: number;
  /** The server's `Retry-After` in ms (e.g. a 503 to REGISTER), when it sent one. */
  readonly retryAfterMs?: number;

  constructor(
    code: VinteoErrorCode,
    message: string,
    options: { cause?: unknown; statusCode?: number; retryAfterMs?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'VinteoError';
    this.code = code;
    this.statusCode = options.statusCode;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** Wrong user or password, or the server refused the account (SIP 401/403/407 after credentials). */
export class AuthenticationError extends VinteoError {
  constructor(message: string, options: { cause?: unknown; statusCode?: number } = {}) {
    super('authentication-failed', message, options);
    this.name = 'AuthenticationError';
  }
}

/** The server could not be reached or the transport dropped. */
export class NetworkError extends VinteoError {
  constructor(
    message: string,
    options: { cause?: unknown; code?: 'network' | 'connect-timeout' | 'request-timeout' } = {},
  ) {
    super(options.code ?? 'network', message, options);
    this.name = 'NetworkError';
  }
}

/** A public command was called in a state where it makes no sense (e.g. `hangUp()` with no call). */
export class InvalidStateError extends VinteoError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('invalid-state', message, options);
    this.name = 'InvalidStateError';
  }
}

/** Configuration or arguments are malformed. */
export class ConfigError extends VinteoError {
  constructor(message: string, options: { cause?: unknown; code?: 'invalid-config' | 'invalid-argument' } = {}) {
    super(options.code ?? 'invalid-config', message, options);
    this.name = 'ConfigError';
  }
}

/** The far end or the server refused a call or a request (busy, not found, declined …). */
export class CallRejectedError extends VinteoError {
  constructor(
    code: 'not-found' | 'busy' | 'rejected' | 'request-timeout' | 'canceled' | 'info-rejected',
    message: string,
    options: { cause?: unknown; statusCode?: number } = {},
  ) {
    super(code, message, options);
    this.name = 'CallRejectedError';
  }
}

/** Camera/microphone or WebRTC negotiation failed. */
export class MediaError extends VinteoError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('media', message, options);
    this.name = 'MediaError';
  }
}

/** The spectator receive-only session could not start or renegotiate (HTTP offer, ICE, or no media in time). */
export class RecvSessionError extends VinteoError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('recv-session-failed', message, options);
    this.name = 'RecvSessionError';
  }
}

/** Wraps anything into a VinteoError without leaking details of unknown errors into the message. */
export function toVinteoError(error: unknown, fallback: VinteoErrorCode = 'internal'): VinteoError {
  if (error instanceof VinteoError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new VinteoError(fallback, message, { cause: error });
}
