/**
 * A live microphone level for `<vinteo-devices>`: a Web Audio `AnalyserNode` on one audio track, read by a low-rate
 * timer (not every frame: a level bar needs no more). It never stops the track (the element or the call owns it).
 */

/** The level of one block of samples, 0–100: its RMS in dB, with −60 dB (or quieter) as 0 and 0 dB as 100. */
export function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  const db = 20 * Math.log10(Math.max(rms, 1e-6));
  return Math.round(Math.min(100, Math.max(0, ((db + 60) / 60) * 100)));
}

export class LevelMeter {
  readonly #onLevel: (level: number) => void;
  readonly #intervalMs: number;
  #track?: MediaStreamTrack;
  #context?: AudioContext;
  #analyser?: AnalyserNode;
  #samples?: Float32Array<ArrayBuffer>;
  #timer?: ReturnType<typeof setInterval>;

  /** `onLevel` gets 0–100 on every tick (every `intervalMs`, default 100 ms). */
  constructor(onLevel: (level: number) => void, intervalMs = 100) {
    this.#onLevel = onLevel;
    this.#intervalMs = intervalMs;
  }

  /** The track being measured (undefined when stopped). */
  get track(): MediaStreamTrack | undefined {
    return this.#track;
  }

  /** Measures `track` (the same track again: nothing changes); `undefined` stops. */
  attach(track: MediaStreamTrack | undefined): void {
    if (track === this.#track) return;
    this.stop();
    if (!track || typeof AudioContext === 'undefined') return;
    this.#track = track;
    this.#context = new AudioContext();
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = 1024;
    this.#samples = new Float32Array(this.#analyser.fftSize);
    this.#context.createMediaStreamSource(new MediaStream([track])).connect(this.#analyser);
    this.#timer = setInterval(() => this.#tick(), this.#intervalMs);
    this.resume();
  }

  /** Resumes an audio context the browser started suspended (call it from a user gesture). */
  resume(): void {
    if (this.#context?.state === 'suspended') void this.#context.resume().catch(() => undefined);
  }

  /** Stops measuring and closes the audio context (the track keeps running). */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    void this.#context?.close().catch(() => undefined);
    this.#timer = this.#context = this.#analyser = this.#samples = this.#track = undefined;
    this.#onLevel(0);
  }

  #tick(): void {
    if (!this.#analyser || !this.#samples) return;
    const live = this.#track?.readyState === 'live' && this.#track.enabled;
    if (live) this.#analyser.getFloatTimeDomainData(this.#samples);
    this.#onLevel(live ? levelOf(this.#samples) : 0);
  }
}
