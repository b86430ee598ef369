/**
 * The user's microphone and camera switches, which outlive a call: applied to each call's local tracks, taken from
 * a stream handed in with every track already disabled, and reported as `call:media-state`. A track disabled by a
 * switch (the user's, or a moderator's forced one applied by the app) is not read back as a wish: the same stream
 * handed to the next call starts with the switches as they are then, not with what the last call left on it.
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
  /** Tracks a switch disabled (their `enabled: false` is ours, not the app's). */
  readonly #disabled = new WeakSet<MediaStreamTrack>();

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
    this.#remember(call, kind, Boolean(enabled));
    this.#report(this.values);
  }

  /** A stream whose tracks of a kind are all disabled starts that kind switched off. */
  takeFrom(stream: MediaStream | undefined): void {
    if (!stream) return;
    const off = (tracks: MediaStreamTrack[]) =>
      tracks.length > 0 && tracks.every((t) => !t.enabled && !this.#disabled.has(t));
    if (off(stream.getAudioTracks())) this.micEnabled = false;
    if (off(stream.getVideoTracks())) this.cameraEnabled = false;
  }

  applyTo(call: CallSession): void {
    call.setTrackEnabled('audio', this.micEnabled);
    call.setTrackEnabled('video', this.cameraEnabled);
    this.#remember(call, 'audio', this.micEnabled);
    this.#remember(call, 'video', this.cameraEnabled);
  }

  #remember(call: CallSession | undefined, kind: 'audio' | 'video', enabled: boolean): void {
    for (const track of call?.media.mediaStream?.getTracks() ?? []) {
      if (track.kind !== kind) continue;
      if (enabled) this.#disabled.delete(track);
      else this.#disabled.add(track);
    }
  }
}
