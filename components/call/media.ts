/** Small media helpers for <vinteo-call>: a stream of remote tracks, playback with autoplay detection. */
import type { DevicesApi } from '../../src/media/device-types.js';
import type { RemoteStreamsView } from '../../src/presentation/types.js';

/**
 * The tracks of the main (conference / camera) view: never the shared content, and when the connector has told the
 * main stream apart, only its video (a content line that stopped sharing keeps its track but is not the camera).
 */
export function mainTracks(tracks: MediaStreamTrack[], view: RemoteStreamsView): MediaStreamTrack[] {
  const content = new Set(view.content?.getTracks().map((t) => t.id));
  const mainVideo = new Set(view.main?.getVideoTracks().map((t) => t.id));
  return tracks.filter(
    (t) => !content.has(t.id) && (t.kind === 'audio' || mainVideo.size === 0 || mainVideo.has(t.id)),
  );
}

/** Returns `current` when it already holds exactly `tracks`, else a new MediaStream of them. */
export function streamOf(tracks: MediaStreamTrack[], current: MediaStream | undefined): MediaStream | undefined {
  if (!tracks.length) return undefined;
  const ids = new Set(tracks.map((t) => t.id));
  const same = current && current.getTracks().length === ids.size && current.getTracks().every((t) => ids.has(t.id));
  return same ? current : new MediaStream(tracks);
}

/** Attaches a stream to a media element and plays it; resolves false when the browser blocks autoplay. */
export async function play(
  element: HTMLMediaElement | null | undefined,
  stream: MediaStream | undefined,
): Promise<boolean> {
  if (!element) return true;
  if (element.srcObject !== (stream ?? null)) element.srcObject = stream ?? null;
  if (!stream) return true;
  try {
    await element.play();
    return true;
  } catch (error) {
    return !(error instanceof DOMException && error.name === 'NotAllowedError');
  }
}

export function stopTracks(stream: MediaStream | undefined): void {
  stream?.getTracks().forEach((track) => track.stop());
}

/** How to capture `wanted`: the app's `getUserMedia` (with the chosen devices' constraints), else the connector's devices. */
export function captureWith(
  devices: DevicesApi | undefined,
  custom: ((constraints: MediaStreamConstraints) => Promise<MediaStream>) | undefined,
  wanted: { audio: boolean; video: boolean },
): () => Promise<MediaStream> {
  if (custom) return () => custom(devices?.constraints(wanted) ?? wanted);
  return () => (devices as DevicesApi).capture(wanted);
}

/** Media the element captured itself (camera, microphone): it stops it, and only it. */
export class OwnMedia {
  stream?: MediaStream;

  /** Captures with `capture` and keeps the stream (so `release()` stops it). */
  async capture(capture: () => Promise<MediaStream>): Promise<MediaStream> {
    this.stream = await capture();
    return this.stream;
  }

  release(): void {
    stopTracks(this.stream);
    this.stream = undefined;
  }
}

/** Plays a media element on the speaker chosen in `connector.devices` (attached while both exist, detached after). */
export class SpeakerOutput {
  #devices?: DevicesApi;
  #element?: HTMLMediaElement;
  #detach?: () => void;

  sync(devices: DevicesApi | undefined, element: HTMLMediaElement | null | undefined): void {
    if (devices === this.#devices && (element ?? undefined) === this.#element) return;
    this.#detach?.();
    this.#devices = devices;
    this.#element = element ?? undefined;
    this.#detach = devices && element ? devices.attachOutput(element) : undefined;
  }
}
