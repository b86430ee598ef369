/**
 * Capture, written once: the camera and microphone (`getUserMedia`) and the screen (`getDisplayMedia`), with the
 * browser's failures turned into typed errors a user can act on.
 *
 * The ownership rule: whoever asked for a capture here owns what it returns and stops it when done; a track the
 * app handed in is never stopped by the code that merely uses it. (`connector.devices.capture()` and a presentation
 * started without a track are the two owners in the connector; elements capture only through them.) The one explicit
 * hand-over: a track given to `startPresentation` belongs to the presentation once attached, unless `stopTrack: false`.
 */
import { VinteoError } from '../errors.js';
import { DeviceError, deviceError } from './device-errors.js';
import type { CaptureKind } from './device-types.js';

/** Where a screen, window or tab comes from (default: the browser's picker). */
export type ScreenSource = (constraints: DisplayMediaStreamOptions) => Promise<MediaStream>;
/** Where camera and microphone tracks come from (default: `navigator.mediaDevices.getUserMedia`). */
export type UserMediaSource = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

export const browserScreen: ScreenSource = (constraints) => navigator.mediaDevices.getDisplayMedia(constraints);

/**
 * Asks `source` for a screen and returns its video track; any other track it gave is stopped at once. Rejects with
 * `media-permission` when the picker was cancelled or blocked, `media` otherwise.
 */
export async function captureScreen(source: ScreenSource = browserScreen): Promise<MediaStreamTrack> {
  let stream: MediaStream;
  try {
    stream = await source({ video: true, audio: false });
  } catch (error) {
    throw screenError(error);
  }
  const [track, ...rest] = stream.getVideoTracks();
  for (const extra of [...rest, ...stream.getAudioTracks()]) extra.stop();
  if (!track)
    throw new DeviceError('media', 'The screen capture gave no video: pick a screen, window or tab to share.');
  return track;
}

/** `getUserMedia` through `source`, its failure typed for `kind` (both kinds when absent). */
export async function captureUserMedia(
  source: UserMediaSource,
  constraints: MediaStreamConstraints,
  kind?: CaptureKind,
  chosen = false,
): Promise<MediaStream> {
  try {
    return await source(constraints);
  } catch (error) {
    throw deviceError(error, kind, chosen);
  }
}

function screenError(error: unknown): VinteoError {
  if (error instanceof VinteoError) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new DeviceError(
      'media-permission',
      'Screen sharing was cancelled or blocked: pick a screen, window or tab and allow sharing (on macOS also allow screen recording for the browser).',
      { cause: error },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new DeviceError('media', `Could not capture the screen${detail ? `: ${detail}` : ''}.`, { cause: error });
}
