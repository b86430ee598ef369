/**
 * The camera and microphone `<vinteo-devices>` captures for its preview before a call (through
 * `connector.devices.capture`, never `getUserMedia` itself). What it captured it stops, and only that; a capture that
 * finishes after `release()` is stopped at once. A failed capture is not retried by itself (only by `start()`).
 */
import type { CaptureKind, DevicesApi } from '../../src/media/device-types.js';

export interface PreviewWants {
  camera: boolean;
  microphone: boolean;
  /** Something is shown (the picture or the level): else a capture only asks for permission and stops. */
  shown: boolean;
}

export class PreviewMedia {
  #stream?: MediaStream;
  /** Bumped by `release()`: a capture started before it is thrown away when it lands. */
  #generation = 0;
  #capturing = false;
  #failed = false;
  readonly #onError: (error: unknown) => void;
  readonly #onDone: () => void;

  /** `onError` gets a failed capture; `onDone` is called after every capture, failed or not. */
  constructor(onError: (error: unknown) => void, onDone: () => void) {
    this.#onError = onError;
    this.#onDone = onDone;
  }

  get stream(): MediaStream | undefined {
    return this.#stream;
  }

  get capturing(): boolean {
    return this.#capturing;
  }

  /** Before a call: captures once the browser allows it, and adds a camera plugged in after "no camera". */
  keep(devices: DevicesApi, wants: PreviewWants, allowed: boolean): void {
    if (this.#capturing || this.#failed) return;
    const stream = this.#stream;
    if (!stream && wants.shown && allowed) void this.start(devices, wants);
    else if (stream && wants.camera && !stream.getVideoTracks().length && devices.cameras.some((d) => d.deviceId)) {
      void this.#run(() => this.recapture(devices, 'camera'));
    }
  }

  /** Captures now (the "Allow" and "Try again" buttons), in place of what was previewed. */
  start(devices: DevicesApi, wants: PreviewWants): Promise<void> {
    this.#failed = false;
    return this.#run(async () => {
      const constraints = { video: wants.camera, audio: wants.microphone || !wants.camera };
      const stream = await this.#captured(devices.capture(constraints));
      if (!stream) return;
      this.release();
      this.#stream = stream;
      if (!wants.shown) this.release();
    });
  }

  /** Captures `kind` again (after a new choice) and swaps it into the previewed stream. */
  async recapture(devices: DevicesApi, kind: CaptureKind): Promise<void> {
    const current = this.#stream;
    if (!current) return;
    const video = kind === 'camera';
    const fresh = await this.#captured(devices.capture(video ? { video: true } : { audio: true }));
    if (!fresh) return;
    const old = video ? current.getVideoTracks() : current.getAudioTracks();
    old.forEach((track) => {
      track.stop();
      current.removeTrack(track);
    });
    fresh.getTracks().forEach((track) => current.addTrack(track));
    this.#stream = new MediaStream(current.getTracks());
  }

  /** Stops every track this preview captured. */
  release(): void {
    this.#generation++;
    this.#stream?.getTracks().forEach((track) => track.stop());
    this.#stream = undefined;
  }

  /** Releases and forgets a failure (a new connector). */
  reset(): void {
    this.release();
    this.#failed = false;
  }

  async #run(job: () => Promise<void>): Promise<void> {
    this.#capturing = true;
    try {
      await job();
    } catch (error) {
      this.#failed = true;
      this.#onError(error);
    } finally {
      this.#capturing = false;
    }
    this.#onDone();
  }

  async #captured(pending: Promise<MediaStream>): Promise<MediaStream | undefined> {
    const generation = this.#generation;
    const stream = await pending;
    if (generation === this.#generation) return stream;
    stream.getTracks().forEach((track) => track.stop());
    return undefined;
  }
}
