/**
 * Who consumes the collector's samples, and what they need: `watch()` handles (with the pace each is content with),
 * feed consumers (`'counters'`, `'prompt-counters'` or `'snapshot'`, see types.ts) and the app's `stats:*` listeners
 * (asked through the source port). The collector asks it whether to poll at all, whether to normalise, whether a
 * steady call may be sampled slowly and how slowly full samples may come.
 */
import type { StatsNeeds, StatsSample, WatchStatsOptions } from './types.js';

/** The app's listeners, as the connector counts them. */
export interface ListenersPort {
  /** Any `stats:*` listener. */
  listening(): boolean;
  /** A `stats:collected` listener (wants every sample); without it, any listener is taken to. */
  collecting?(): boolean;
}

export class StatsConsumers {
  readonly #listeners: ListenersPort;
  readonly #watches = new Set<WatchStatsOptions>();
  readonly #feed = new Set<(sample: StatsSample) => void>();
  readonly #counts: Record<StatsNeeds, number> = { counters: 0, 'prompt-counters': 0, snapshot: 0 };

  constructor(listeners: ListenersPort) {
    this.#listeners = listeners;
  }

  /** A watcher; returns the function that withdraws it (once). */
  watch(options: WatchStatsOptions): () => void {
    const entry = { intervalMs: options.intervalMs };
    this.#watches.add(entry);
    return () => void this.#watches.delete(entry);
  }

  /** A feed consumer; returns the function that withdraws it (once). */
  consume(listener: (sample: StatsSample) => void, needs: StatsNeeds): () => void {
    const entry = (sample: StatsSample) => listener(sample);
    this.#feed.add(entry);
    this.#counts[needs]++;
    return () => {
      if (this.#feed.delete(entry)) this.#counts[needs]--;
    };
  }

  /** The feed consumers now (a copy: one may leave while samples are handed out). */
  get feed(): Array<(sample: StatsSample) => void> {
    return [...this.#feed];
  }

  /** Anyone at all: polling runs. */
  get any(): boolean {
    return this.#watches.size > 0 || this.#feed.size > 0 || this.#listeners.listening();
  }

  /** Someone needs every sample normalised (else only the internal monitors' counters are read). */
  get normalizing(): boolean {
    return this.#watches.size > 0 || this.#counts.snapshot > 0 || this.#listeners.listening();
  }

  /** Only consumers that accept the steady pace: the internal monitors' counters. */
  get mayRelax(): boolean {
    return !this.normalizing && this.#counts['prompt-counters'] === 0;
  }

  /**
   * The slowest pace every real consumer is content with (0: the normal interval): a watcher's `intervalMs` when all
   * watchers gave one and nobody wants every sample (a `stats:collected` listener, a snapshot feed consumer).
   */
  get floorMs(): number {
    const collecting = this.#listeners.collecting?.() ?? this.#listeners.listening();
    if (collecting || this.#counts.snapshot > 0 || !this.#watches.size) return 0;
    let floor = Infinity;
    for (const watch of this.#watches) floor = Math.min(floor, watch.intervalMs ?? 0);
    return floor;
  }

  clear(): void {
    this.#feed.clear();
    this.#watches.clear();
    this.#counts.counters = this.#counts['prompt-counters'] = this.#counts.snapshot = 0;
  }
}
