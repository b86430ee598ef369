/**
 * The collector's pace: how long it waits before its next tick. The configured interval, stretched after slow ticks
 * (interval.ts), at least the hidden-page interval while the page is hidden, and the steady interval while only
 * counters-only consumers read a steady call (steady.ts). It also logs slow and failed ticks once per episode.
 */
import type { LogSink } from '../util/logger.js';
import { DEFAULT_INTERVALS, nextInterval, type IntervalSettings } from './interval.js';
import { DEFAULT_STEADY, SteadyWatch } from './steady.js';
import type { StatsOptions, StatsSample } from './types.js';

export interface VisibilityPort {
  hidden(): boolean;
  onChange(listener: () => void): () => void;
}

export class StatsPace {
  readonly settings: IntervalSettings;
  readonly #steady: SteadyWatch;
  readonly #visibility?: VisibilityPort;
  readonly #log: LogSink;
  #adaptive: number;
  #failures = 0;
  #slowTicks = 0;

  constructor(options: StatsOptions | undefined, visibility: VisibilityPort | undefined, log: LogSink) {
    const { historySize: _history, steadyIntervalMs, ...intervals } = options ?? {};
    this.settings = { ...DEFAULT_INTERVALS, ...definedOnly(intervals) };
    const steady = { ...DEFAULT_STEADY, steadyIntervalMs: steadyIntervalMs ?? DEFAULT_STEADY.steadyIntervalMs };
    this.#steady = new SteadyWatch(steady, this.settings.intervalMs);
    this.#adaptive = this.settings.intervalMs;
    this.#visibility = visibility;
    this.#log = log;
  }

  /** The wait at the normal pace now: the adaptive interval, or the hidden-page one while hidden. */
  get delayMs(): number {
    const hidden = this.#visibility?.hidden() ?? false;
    return hidden ? Math.max(this.#adaptive, this.settings.hiddenIntervalMs) : this.#adaptive;
  }

  get steadyIntervalMs(): number {
    return this.#steady.intervalMs;
  }

  /** A new peer connection or a pause: the configured interval, steadiness earned again. */
  reset(): void {
    this.#adaptive = this.settings.intervalMs;
    this.#steady.reset();
  }

  /** A counters-only sample taken at `at` (it may make the call steady), or a full one (`undefined`: start again). */
  sampled(sample: StatsSample | undefined, at: number): void {
    if (sample) this.#steady.sampled(sample, at);
    else this.#steady.reset();
  }

  /** ICE left connected/completed: not steady any more. */
  unsteady(): void {
    this.#steady.reset();
  }

  failed(error: unknown): void {
    this.#failures++;
    if (this.#failures === 1) this.#log('warn', 'stats: a tick failed; polling goes on', error);
  }

  answered(): void {
    if (this.#failures > 0) this.#log('info', `stats: getStats answers again after ${this.#failures} failed tick(s)`);
    this.#failures = 0;
  }

  /** After a tick that took `durationMs`: the wait before the next, and whether it is the steady one. */
  next(durationMs: number, countersOnly: boolean): { delayMs: number; relaxed: boolean } {
    const hidden = this.#visibility?.hidden() ?? false;
    const { adaptive, delayMs } = nextInterval(this.#adaptive, { durationMs, hidden }, this.settings);
    this.#adaptive = adaptive;
    this.#logSlowness(durationMs);
    const relaxed = this.#failures === 0 && countersOnly && this.#steady.steady;
    return { delayMs: relaxed ? Math.max(delayMs, this.#steady.intervalMs) : delayMs, relaxed };
  }

  #logSlowness(durationMs: number): void {
    const slow = durationMs > this.settings.slowTickMs;
    // A failed tick has been logged already; its slowness still stretches the interval.
    if (slow && ++this.#slowTicks === 1 && this.#failures === 0)
      this.#log('warn', `stats: a tick took ${Math.round(durationMs)} ms; polling every ${this.#adaptive} ms`);
    if (!slow && this.#slowTicks > 0 && this.#adaptive === this.settings.intervalMs) {
      this.#log('info', `stats: ticks are quick again after ${this.#slowTicks} slow one(s)`);
      this.#slowTicks = 0;
    }
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'number' && v > 0)) as Partial<T>;
}

/** The page's visibility, when there is a page. */
export function documentVisibility(): VisibilityPort | undefined {
  if (typeof document === 'undefined') return undefined;
  return {
    hidden: () => document.visibilityState === 'hidden',
    onChange: (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}
