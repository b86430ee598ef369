/**
 * Notices when the sent camera track changes size (docs/connector.md "Sending quality"; the reference's §5.8) by
 * reading `track.getSettings()` — never by patching browser methods: a replaced track is announced by whoever
 * replaced it (`watch(track)` again). Polls every `initialMs` (1 s); each poll without a change doubles the wait up to
 * `maxMs` (16 s); a change calls `onChange` and starts again at `initialMs`.
 */
import { Timer, type Clock } from '../util/clock.js';
import type { Size } from './policy.js';

export interface TrackWatchOptions {
  clock: Clock;
  onChange: (size: Partial<Size>) => void;
  initialMs?: number;
  maxMs?: number;
}

/** The next wait: doubled, at most `maxMs`. Pure. */
export function nextPollMs(currentMs: number, changed: boolean, initialMs: number, maxMs: number): number {
  return changed ? initialMs : Math.min(currentMs * 2, maxMs);
}

export function sizeOf(track: MediaStreamTrack | null | undefined): Partial<Size> {
  const { width, height } = track?.getSettings() ?? {};
  return { width, height };
}

export class TrackWatch {
  readonly #options: Required<TrackWatchOptions>;
  readonly #timer: Timer;
  #track?: MediaStreamTrack;
  #size: Partial<Size> = {};
  #waitMs: number;

  constructor(options: TrackWatchOptions) {
    this.#options = { initialMs: 1000, maxMs: 16_000, ...options };
    this.#timer = new Timer(options.clock);
    this.#waitMs = this.#options.initialMs;
  }

  get track(): MediaStreamTrack | undefined {
    return this.#track;
  }
  /** The wait before the next poll (diagnostics, tests). */
  get waitMs(): number {
    return this.#waitMs;
  }

  /** Follows `track` from now on (the same track again only restarts the back-off). */
  watch(track: MediaStreamTrack | undefined): void {
    this.#track = track;
    this.#size = sizeOf(track);
    this.#waitMs = this.#options.initialMs;
    if (track) this.#schedule();
    else this.#timer.clear();
  }

  stop(): void {
    this.#timer.clear();
    this.#track = undefined;
  }

  #schedule(): void {
    this.#timer.start(this.#waitMs, () => this.#poll());
  }

  #poll(): void {
    const track = this.#track;
    if (!track || track.readyState === 'ended') return;
    const size = sizeOf(track);
    const changed = size.width !== this.#size.width || size.height !== this.#size.height;
    this.#size = size;
    this.#waitMs = nextPollMs(this.#waitMs, changed, this.#options.initialMs, this.#options.maxMs);
    this.#schedule();
    if (changed) this.#options.onChange(size);
  }
}
