/** Maps SIP outcomes onto our call end causes and typed errors (a cause set compatible with the reference). */
import { AuthenticationError, CallRejectedError, NetworkError, VinteoError } from '../errors.js';
import type { CallEndCause } from '../types.js';

export function causeForStatus(status: number): CallEndCause {
  if (status === 486 || status === 600) return 'busy';
  if (status === 404 || status === 604 || status === 484) return 'not-found';
  if (status === 408) return 'request-timeout';
  if (status === 401 || status === 403 || status === 407) return 'authentication-failed';
  if (status === 480 || status === 503) return 'unavailable';
  if (status === 487) return 'canceled';
  if (status === 488 || status === 606) return 'media-error';
  if (status >= 500 && status < 600) return 'internal-error';
  return 'rejected';
}

export function errorForStatus(status: number, reason: string): VinteoError {
  const message = `The call was refused: ${status} ${reason}`.trim();
  const cause = causeForStatus(status);
  if (cause === 'authentication-failed') return new AuthenticationError(message, { statusCode: status });
  if (cause === 'busy') return new CallRejectedError('busy', message, { statusCode: status });
  if (cause === 'not-found') return new CallRejectedError('not-found', message, { statusCode: status });
  if (cause === 'request-timeout') return new CallRejectedError('request-timeout', message, { statusCode: status });
  if (cause === 'canceled') return new CallRejectedError('canceled', 'The call was cancelled', { statusCode: status });
  return new CallRejectedError('rejected', message, { statusCode: status });
}

export function errorForCause(cause: CallEndCause): VinteoError {
  if (cause === 'connection-error') return new NetworkError('The connection to the server was lost');
  if (cause === 'ice-failed') return new NetworkError('The media connection failed (ICE)');
  if (cause === 'canceled') return new CallRejectedError('canceled', 'The call was cancelled');
  if (cause === 'media-error') return new VinteoError('media', 'Media negotiation failed');
  if (cause === 'media-timeout')
    return new VinteoError('media-timeout', 'No media arrived from the far end for too long: the call was ended');
  if (cause === 'dialog-lost')
    return new VinteoError(
      'dialog-lost',
      'After reconnecting, the server no longer knew the call (its dialog was gone)',
    );
  return new VinteoError('internal', `The call ended: ${cause}`);
}
