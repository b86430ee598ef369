/**
 * The one stats collector of the connector: one `pc.getStats()` per tick on the active peer connection (the call's,
 * or the spectator's receive-only session's), normalised into a {@link StatsSnapshot}, kept in a bounded history,
 * judged for quality, handed to the internal consumers (the {@link StatsFeed}) and emitted as `stats:*` through its
 * own emitter (the connector forwards them).
 *
 * It polls only while someone consumes: `watch()` handles, feed consumers, or `stats:*` listeners on the connector
 * (`listening()`, checked on every tick and whenever the connector says subscriptions changed). A failed or slow tick
 * is logged once per episode and the loop goes on; the interval adapts (see pace.ts).
 *
 * Two kinds of tick. While a real consumer exists (a `watch()`, a `stats:*` listener, a feed consumer needing
 * snapshots) each report is normalised, kept in the history, judged and emitted. While only the internal monitors
 * consume (`'counters'`: media health, the key-frame watchdog, main-stream health, the bandwidth report) nothing is
 * normalised: they get a {@link CollectedSample} that reads the few entries they ask for (counters.ts), and the
 * snapshot is made only if something asks (`connector.stats`).
 */
import { TypedEmitter } from '../emitter.js';
import { systemClock, Timer, type Clock } from '../util/clock.js';
import type { LogSink } from '../util/logger.js';
import { StateMachine } from '../util/state-machine.js';
import { StatsConsumers, type ListenersPort } from './consumers.js';
import { CollectedSample, InboundReader } from './counters.js';
import { normalizeTracked, type StreamRoleHints } from './normalize.js';
import { QualityTracker } from './quality.js';
import { expectedStreams, KnownIds } from './report-view.js';
import { documentVisibility, StatsPace, type VisibilityPort } from './pace.js';
import type {
  QualityVerdict,
  StatsEvents,
  StatsFeed,
  StatsNeeds,
  StatsOptions,
  StatsSample,
  StatsSnapshot,
  StatsStopReason,
  WatchStatsOptions,
} from './types.js';

export type StatsHubEvents = Pick<StatsEvents, 'stats:collected' | 'stats:stopped' | 'stats:quality-changed'>;
export const STATS_EVENT_NAMES = ['stats:collected', 'stats:stopped', 'stats:quality-changed'] as const;

/** The media the hub collects from, as the connector sees it (and the app's `stats:*` listeners on it). */
export interface StatsSourcePort extends ListenersPort {
  /** The peer connection whose media is in use now, and whose it is; undefined while there is none. */
  active(): { pc: RTCPeerConnection; source: StatsSnapshot['source'] } | undefined;
  /** What tells its streams apart (mids of the camera and the presentation, the remote view's tracks). */
  roles(pc: RTCPeerConnection): StreamRoleHints;
}

export type { VisibilityPort } from './pace.js';

export interface StatsHubDeps {
  source: StatsSourcePort;
  log: LogSink;
  clock?: Clock;
  options?: StatsOptions;
  /** Page visibility (default `document`'s when there is one; `null`: always visible). */
  visibility?: VisibilityPort | null;
}

type HubState = 'idle' | 'polling';
/** Ticks whose processing time `cost.recent` keeps. */
const RECENT_TICKS = 300;
const TRANSITIONS = { idle: ['polling'], polling: ['idle'] } as const;

export class StatsHub {
  readonly events = new TypedEmitter<StatsHubEvents>();
  /**
   * Main-thread time spent processing samples (normalise, judge, hand out), for benchmarks and diagnostics: in all,
   * and per tick for the last {@link RECENT_TICKS} ticks.
   */
  readonly cost: { ticks: number; ms: number; recent: Array<{ tick: number; ms: number }> } = {
    ticks: 0,
    ms: 0,
    recent: [],
  };
  readonly feed: StatsFeed;
  readonly #deps: StatsHubDeps;
  readonly #clock: Clock;
  readonly #pace: StatsPace;
  readonly #historySize: number;
  readonly #timer: Timer;
  readonly #machine: StateMachine<HubState>;
  readonly #quality = new QualityTracker();
  readonly #consumers: StatsConsumers;
  /** The pace floor the pending tick waits for (see StatsConsumers.floorMs). */
  #waitFloor = 0;
  #pc?: RTCPeerConnection;
  #latest?: StatsSample;
  /** The sample deltas are taken from (cleared when polling pauses or the source changes). */
  #previous?: StatsSnapshot;
  #history: StatsSnapshot[] = [];
  /** Which report entries the next sample may read without walking the report (see report-view.ts). */
  readonly #known = new KnownIds();
  /** Which inbound-rtp entries a counters-only sample reads. */
  readonly #inbound = new InboundReader();
  /** The last tick normalised (a counters-only tick in between makes the next full one start afresh). */
  #normalizedLast = false;
  /** A getStats is in flight (the timer is its time limit, not the next tick). */
  #awaiting = false;
  #generation = 0;
  /** The pending tick waits the steady interval (see steady.ts). */
  #relaxed = false;
  #offIce?: () => void;
  readonly #offVisibility?: () => void;

  constructor(deps: StatsHubDeps) {
    this.#deps = deps;
    this.#clock = deps.clock ?? systemClock;
    const visibility = (deps.visibility === undefined ? documentVisibility() : deps.visibility) ?? undefined;
    this.#pace = new StatsPace(deps.options, visibility, deps.log);
    this.#consumers = new StatsConsumers(deps.source);
    this.#historySize = Math.max(1, deps.options?.historySize ?? 60);
    this.#timer = new Timer(this.#clock);
    this.#machine = new StateMachine<HubState>('idle', TRANSITIONS, () => undefined, { name: 'stats', log: deps.log });
    this.#offVisibility = visibility?.onChange(() => this.#visibilityChanged());
    const latest = () => this.#latest;
    this.feed = {
      consume: (listener, needs) => this.#consume(listener, needs),
      get latest() {
        return latest();
      },
    };
  }

  get latest(): StatsSnapshot | undefined {
    return this.#latest?.snapshot;
  }
  get raw(): RTCStatsReport | undefined {
    return this.#latest?.raw;
  }
  get history(): readonly StatsSnapshot[] {
    return [...this.#history];
  }
  get quality(): QualityVerdict | undefined {
    return this.#quality.verdict;
  }
  get polling(): boolean {
    return this.#machine.is('polling');
  }
  /** The interval the next tick waits (diagnostics and tests). */
  get intervalMs(): number {
    const normal = Math.max(this.#pace.delayMs, this.#waitFloor);
    return this.#relaxed ? Math.max(normal, this.#pace.steadyIntervalMs) : normal;
  }

  /** A steady call sampled at the steady interval (only while the internal monitors alone consume). */
  get steady(): boolean {
    return this.#relaxed;
  }

  /**
   * A consumer (an element, a chart): polling runs while one exists. `intervalMs`: it is content with a sample that
   * often. The returned function withdraws it, once.
   */
  watch(options: WatchStatsOptions = {}): () => void {
    const withdraw = this.#consumers.watch(options);
    this.#kick();
    return withdraw;
  }

  /** The app's `stats:*` subscriptions changed (a new one starts polling; the next tick notices the last leaving). */
  consumersChanged(): void {
    this.#kick();
  }

  /** Media started or moved (call confirmed, receive-only session up or down): follow the active peer connection. */
  sourceChanged(): void {
    const active = this.#deps.source.active();
    if (active?.pc === this.#pc) return this.#kick();
    if (!active) return;
    const switching = this.#pc !== undefined;
    this.#halt(switching ? 'source-changed' : undefined);
    this.#adopt(active.pc);
    this.#kick();
  }

  /** The call ended: polling stops (`stats:stopped` {reason: 'call-ended'} if there was media), samples are cleared. */
  callEnded(): void {
    const had = this.#pc !== undefined;
    this.#halt();
    this.#pc = undefined;
    this.#latest = undefined;
    this.#history = [];
    this.#quality.reset();
    if (had) this.events.emit('stats:stopped', { reason: 'call-ended' });
  }

  dispose(): void {
    this.#halt();
    this.#offIce?.();
    this.#offVisibility?.();
    this.#consumers.clear();
    this.events.removeAllListeners();
  }

  #consume(listener: (sample: StatsSample) => void, needs: StatsNeeds = 'snapshot'): () => void {
    const withdraw = this.#consumers.consume(listener, needs);
    this.#kick();
    return withdraw;
  }

  /** A consumer came that needs a sample sooner than the pending tick would give it. */
  #quickerNow(): boolean {
    return (this.#relaxed && !this.#consumers.mayRelax) || this.#waitFloor > this.#consumers.floorMs;
  }

  /** Starts polling when there are consumers and media, and it is not polling yet. */
  #kick(): void {
    if (this.#machine.is('polling') && !this.#awaiting && this.#quickerNow()) return this.#tickNow();
    if (this.#machine.is('polling') || !this.#consumers.any) return;
    const active = this.#deps.source.active();
    if (!active) return;
    if (active.pc !== this.#pc) this.#adopt(active.pc);
    this.#machine.to('polling');
    this.#timer.start(0, () => void this.#tick());
  }

  #adopt(pc: RTCPeerConnection): void {
    this.#pc = pc;
    this.#offIce?.();
    this.#offIce = onIceChange(pc, () => this.#iceChanged(pc));
    this.#previous = undefined;
    this.#known.reset();
    this.#inbound.reset();
    this.#quality.reset();
    this.#pace.reset();
  }

  /** Stops the timer and forgets any tick in flight; `reason` is reported if it was polling. */
  #halt(reason?: StatsStopReason): void {
    this.#timer.clear();
    this.#generation++;
    this.#awaiting = false;
    this.#previous = undefined;
    this.#relaxed = false;
    this.#waitFloor = 0;
    this.#pace.unsteady();
    if (!this.#machine.is('polling')) return;
    this.#machine.to('idle');
    if (reason) this.events.emit('stats:stopped', { reason });
  }

  async #tick(): Promise<void> {
    this.#relaxed = false;
    if (!this.#consumers.any) return this.#halt('no-consumers');
    const active = this.#deps.source.active();
    if (!active || active.pc.connectionState === 'closed') return this.#halt();
    if (active.pc !== this.#pc) return this.sourceChanged();
    const generation = this.#generation;
    const started = this.#clock.now();
    // The tick's timer waits for the answer meanwhile: no answer within the limit is a failed tick (the late one is
    // ignored); the next tick is scheduled on it either way.
    const limitMs = Math.max(5000, this.#pace.delayMs * 3);
    this.#timer.start(limitMs, () => {
      this.#generation++;
      this.#awaiting = false;
      this.#failed(new Error(`getStats did not answer within ${limitMs} ms`), limitMs);
    });
    let report: RTCStatsReport;
    this.#awaiting = true;
    try {
      report = await active.pc.getStats();
    } catch (error) {
      if (generation === this.#generation) this.#failed(error, this.#clock.now() - started);
      return;
    } finally {
      if (generation === this.#generation) this.#awaiting = false;
    }
    if (generation !== this.#generation) return;
    try {
      this.#collect(report, active.pc, active.source);
    } catch (error) {
      return this.#failed(error, this.#clock.now() - started);
    }
    this.#pace.answered();
    this.#next(this.#clock.now() - started);
  }

  #collect(raw: RTCStatsReport, pc: RTCPeerConnection, source: StatsSnapshot['source']): void {
    const started = performance.now();
    const at = this.#clock.now();
    const full = this.#consumers.normalizing;
    const previous = this.#previous;
    const parts = {
      raw,
      pc,
      source,
      reader: this.#inbound,
      roles: () => this.#deps.source.roles(pc),
      normalize: () => this.#lateSnapshot(sample, previous, at),
    };
    const sample: CollectedSample = new CollectedSample(parts, full ? this.#normalize(raw, pc, source, at) : undefined);
    this.#latest = sample;
    const judged = full ? this.#judged(sample.snapshot) : undefined;
    if (!full) this.#previous = undefined;
    this.#normalizedLast = full;
    for (const consumer of this.#consumers.feed) this.#safely(() => consumer(sample));
    this.#safely(() => this.#pace.sampled(full ? undefined : sample, at));
    if (judged) this.#emitCollected(sample.snapshot, judged);
    const ms = performance.now() - started;
    this.cost.ticks++;
    this.cost.ms += ms;
    this.cost.recent.push({ tick: this.cost.ticks, ms });
    if (this.cost.recent.length > RECENT_TICKS) this.cost.recent.shift();
  }

  /** A full tick: the report normalised, with deltas from the previous full tick (afresh after counters-only ones). */
  #normalize(raw: RTCStatsReport, pc: RTCPeerConnection, source: StatsSnapshot['source'], at: number): StatsSnapshot {
    if (!this.#normalizedLast) {
      this.#previous = undefined;
      this.#known.reset();
      this.#quality.reset();
    }
    const expected = expectedStreams(pc);
    const known = this.#known.next(expected);
    const roles = this.#deps.source.roles(pc);
    const { snapshot, ids, walked } = normalizeTracked({
      report: raw,
      roles,
      previous: this.#previous,
      at,
      source,
      known,
    });
    this.#known.update(ids, walked, expected, snapshot.streams.length);
    return snapshot;
  }

  /** A counters-only tick's snapshot, made because someone asked for it (`connector.stats`, the balancer's codec). */
  #lateSnapshot(sample: CollectedSample, previous: StatsSnapshot | undefined, at: number): StatsSnapshot {
    const roles = this.#deps.source.roles(sample.pc);
    const { snapshot } = normalizeTracked({ report: sample.raw, roles, previous, at, source: sample.source });
    if (this.#latest === sample) this.#previous = snapshot;
    return snapshot;
  }

  /** Keeps a full tick's snapshot and judges it; returns the verdict before and what changed. */
  #judged(snapshot: StatsSnapshot): { before?: QualityVerdict; verdict?: QualityVerdict; changed: boolean } {
    this.#previous = snapshot;
    this.#history.push(snapshot);
    if (this.#history.length > this.#historySize) this.#history.shift();
    const before = this.#quality.verdict;
    return { before, ...this.#quality.update(snapshot) };
  }

  #emitCollected(
    snapshot: StatsSnapshot,
    { before, verdict, changed }: { before?: QualityVerdict; verdict?: QualityVerdict; changed: boolean },
  ): void {
    this.events.emit('stats:collected', { snapshot });
    if (changed && verdict)
      this.events.emit('stats:quality-changed', before ? { quality: verdict, previous: before } : { quality: verdict });
  }

  #failed(error: unknown, durationMs: number): void {
    this.#pace.failed(error);
    this.#next(durationMs);
  }

  /** Schedules the next tick after one that took `durationMs`. */
  #next(durationMs: number): void {
    const { delayMs, relaxed } = this.#pace.next(durationMs, this.#consumers.mayRelax);
    this.#relaxed = relaxed;
    this.#waitFloor = this.#consumers.normalizing ? this.#consumers.floorMs : 0;
    this.#timer.start(Math.max(delayMs, this.#waitFloor), () => void this.#tick());
  }

  /** ICE left connected/completed during a steady spell: sample now, at the normal pace from here. */
  #iceChanged(pc: RTCPeerConnection): void {
    const state = pc.iceConnectionState;
    if (state === 'connected' || state === 'completed') return;
    this.#pace.unsteady();
    if (this.#relaxed && pc === this.#pc) this.#tickNow();
  }

  #tickNow(): void {
    this.#relaxed = false;
    this.#waitFloor = 0;
    this.#timer.start(0, () => void this.#tick());
  }

  /** Back in view: the next sample comes at the normal interval rather than the hidden one. */
  #visibilityChanged(): void {
    if (this.#machine.is('polling') && this.#timer.pending && !this.#awaiting && !this.#relaxed)
      this.#timer.start(this.#pace.delayMs, () => void this.#tick());
  }

  #safely(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.#deps.log('error', 'a stats consumer threw', error);
    }
  }
}

/** A feed whose hub is built later (the managers that consume it are built before the connector's hub). */
export function lateFeed(hub: () => StatsFeed): StatsFeed {
  return {
    consume: (listener, needs) => hub().consume(listener, needs),
    get latest() {
      return hub().latest;
    },
  };
}

/** Listens to a peer connection's ICE state changes, where it has an event target (fakes may not). */
function onIceChange(pc: RTCPeerConnection, listener: () => void): (() => void) | undefined {
  if (typeof pc.addEventListener !== 'function') return undefined;
  pc.addEventListener('iceconnectionstatechange', listener);
  return () => pc.removeEventListener('iceconnectionstatechange', listener);
}
