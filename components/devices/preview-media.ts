/**
 * The camera and microphone `<vinteo-devices>` captures for its preview before a call (through
 * `connector.devices.capture`, never `getUserMedia` itself). What it captured it stops, and only that; a capture that
 * finishes after `release()` is stopped at once.
 */
import type { CaptureKind, DevicesApi } from '../../src/media/device-types.js';

export interface PreviewKinds {
  camera: boolean;
  microphone: boolean;
}

export class PreviewMedia {
  #stream?: MediaStream;
  /** Bumped by `release()`: a capture started before it is thrown away when it lands. */
  #generation = 0;

  get stream(): MediaStream | undefined {
    return this.#stream;
  }

  /** Captures the wanted kinds (the preferred devices) in place of what was previewed. */
  async capture(devices: DevicesApi, kinds: PreviewKinds): Promise<MediaStream | undefined> {
    const constraints = { video: kinds.camera, audio: kinds.microphone || !kinds.camera };
    const stream = await this.#captured(devices.capture(constraints));
    if (!stream) return undefined;
    this.release();
    this.#stream = stream;
    return stream;
  }

  /** Captures `kind` again (after a new choice) and swaps it into the previewed stream. */
  async recapture(devices: DevicesApi, kind: CaptureKind): Promise<void> {
    const current = this.#stream;
    if (!current) return;
    const video = kind === 'camera';
    const fresh = await this.#captured(devices.capture(video ? { video: true } : { audio: true }));
    if (!fresh) return;
    const old = video ? current.getVideoTracks() : current.getAudioTracks();
    old.forEach((track) => { track.stop(); current.removeTrack(track); });
    fresh.getTracks().forEach((track) => current.addTrack(track));
    this.#stream = new MediaStream(current.getTracks());
  }

  /** Stops every track this preview captured. */
  release(): void {
    this.#generation++;
    this.#stream?.getTracks().forEach((track) => track.stop());
    this.#stream = undefined;
  }

  async #captured(pending: Promise<MediaStream>): Promise<MediaStream | undefined> {
    const generation = this.#generation;
    const stream = await pending;
    if (generation === this.#generation) return stream;
    stream.getTracks().forEach((track) => track.stop());
    return undefined;
  }
}
