/**
 * Capture and speaker failures as typed errors with messages a user can act on. The browser's `DOMException`
 * names are mapped once, here.
 */
import { VinteoError } from '../errors.js';
import type { DeviceKind } from './device-types.js';

export type DeviceErrorCode = 'media-permission' | 'device-busy' | 'device-not-found' | 'not-supported' | 'media';

/** A camera, microphone or speaker could not be used. `kind` says which (absent when both were asked for). */
export class DeviceError extends VinteoError {
  readonly kind?: DeviceKind;

  constructor(code: DeviceErrorCode, message: string, options: { cause?: unknown; kind?: DeviceKind } = {}) {
    super(code, message, { cause: options.cause });
    this.name = 'DeviceError';
    if (options.kind) this.kind = options.kind;
  }
}

const PERMISSION = new Set(['NotAllowedError', 'SecurityError', 'PermissionDeniedError']);
const BUSY = new Set(['NotReadableError', 'TrackStartError', 'AbortError']);
const MISSING = new Set(['NotFoundError', 'DevicesNotFoundError']);

function nameOf(kind: DeviceKind | undefined): string {
  return kind === undefined ? 'camera and microphone' : kind;
}

/**
 * The typed error for a failed `getUserMedia` or `setSinkId`. `chosen`: a specific device was asked for (so "not
 * found" means it is gone, not that there is none).
 */
export function deviceError(error: unknown, kind: DeviceKind | undefined, chosen = false): VinteoError {
  if (error instanceof VinteoError) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const what = nameOf(kind);
  const options = { cause: error, kind };
  if (PERMISSION.has(name)) {
    return new DeviceError(
      'media-permission',
      `The browser blocked the ${what}. Allow it for this site (the camera icon in the address bar, or the site settings), then try again.`,
      options,
    );
  }
  if (BUSY.has(name)) {
    return new DeviceError(
      'device-busy',
      `The ${what} is busy or could not start: close other applications or tabs that use it, or choose another device.`,
      options,
    );
  }
  if (MISSING.has(name) || (name === 'OverconstrainedError' && isDeviceConstraint(error))) {
    const message = chosen
      ? `The chosen ${what} is not connected: choose another one.`
      : `No ${what} was found: connect one, then try again.`;
    return new DeviceError('device-not-found', message, options);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new DeviceError('media', `Could not use the ${what}${detail ? `: ${detail}` : ''}.`, options);
}

function isDeviceConstraint(error: unknown): boolean {
  const constraint = (error as { constraint?: string }).constraint;
  return !constraint || constraint === 'deviceId' || constraint === 'groupId';
}

export function notSupported(): DeviceError {
  return new DeviceError(
    'not-supported',
    'This browser cannot choose the speaker (no HTMLMediaElement.setSinkId): sound plays on the system output.',
    { kind: 'speaker' },
  );
}
