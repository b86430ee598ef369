/**
 * The user's microphone and camera switches, which outlive a call: applied to each call's local tracks, taken from
 * a stream handed in with every track already disabled, and reported as `call:media-state`.
 */
import type { CallSession } from './call-session.js';

export interface MediaFlagValues {
  micEnabled: boolean;
  cameraEnabled: boolean;
}

export class MediaFlags {
  micEnabled = true;
  cameraEnabled = true;
  readonly #report: (flags: MediaFlagValues) => void;

  constructor(report: (flags: MediaFlagValues) => void) {
    this.#report = report;
  }

  get values(): MediaFlagValues {
    return { micEnabled: this.micEnabled, cameraEnabled: this.cameraEnabled };
  }

  /** Switches one of them, on the call's tracks too, and reports it. */
  set(kind: 'audio' | 'video', enabled: boolean, call: CallSession | undefined): void {
    if (kind === 'audio') this.micEnabled = Boolean(enabled);
    else this.cameraEnabled = Boolean(enabled);
    call?.setTrackEnabled(kind, Boolean(enabled));
    this.#report(this.values);
  }

  /** A stream whose tracks of a kind are all disabled starts that kind switched off. */
  takeFrom(stream: MediaStream | undefined): void {
    if (!stream) return;
    const audio = stream.getAudioTracks();
    const video = stream.getVideoTracks();
    if (audio.length && audio.every((t) => !t.enabled)) this.micEnabled = false;
    if (video.length && video.every((t) => !t.enabled)) this.cameraEnabled = false;
  }

  applyTo(call: CallSession): void {
    call.setTrackEnabled('audio', this.micEnabled);
    call.setTrackEnabled('video', this.cameraEnabled);
  }
}
