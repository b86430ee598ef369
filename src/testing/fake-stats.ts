/**
 * The statistics half of {@link FakeConnector}: `stats`, `statsHistory`, `quality` and `watchStats()` without a
 * peer connection. Tests play the collector's part: `simulateStats(input)` adds a sample (a full
 * {@link StatsSnapshot}, or a partial one completed by {@link fakeSnapshot}) and emits `stats:collected`;
 * `simulateQuality(verdict)` emits `stats:quality-changed`; `simulateStatsStopped(reason)` emits `stats:stopped`.
 * `watchers` counts the consumers that `watchStats()` declared and have not withdrawn.
 *
 * The sending-quality monitors' events, in the real order: `simulateBalancer(event, payload?)` emits
 * `video-balancer:{event}` (`balancing-scheduled` → `balancing-started` → `parameters-updated`* → `balancing-stopped`;
 * payloads default to plausible values), `simulateMainStreamHealth(event, payload?)` emits
 * `main-stream-health:{event}` (one episode at a time: `…-detected`, then `…-resolved` or `…-reset`). At the end
 * of a call a running balancer stops and an open health episode is reset (`call-ended`), as in the real connector.
 */
import { InvalidStateError } from '../errors.js';
import type {
  HealthProblem,
  Quality,
  QualityReason,
  QualityVerdict,
  StatsEvents,
  StatsSnapshot,
  StatsStopReason,
  StreamRole,
  StreamStats,
  WatchStatsOptions,
} from '../stats/types.js';

export type FakeStatsEmit = <K extends keyof StatsEvents>(name: K, payload: StatsEvents[K]) => void;

/** `video-balancer:{name}` → its payload. */
export type BalancerEventMap = {
  [K in keyof StatsEvents as K extends `video-balancer:${infer E}` ? E : never]: StatsEvents[K];
};
/** `main-stream-health:{name}` → its payload. */
export type HealthEventMap = {
  [K in keyof StatsEvents as K extends `main-stream-health:${infer E}` ? E : never]: StatsEvents[K];
};

const BALANCER_DEFAULTS: { [E in keyof BalancerEventMap]: BalancerEventMap[E] } = {
  'balancing-scheduled': { delayMs: 10_000 },
  'balancing-started': {},
  'balancing-stopped': {},
  'parameters-updated': { maxBitrate: 500_000, scaleResolutionDownBy: 1, reason: 'track-resolution' },
};

/** Per role, a partial stream merged into the default one (`null` drops the stream: an audio-only call). */
export type FakeStreamsInput = Partial<Record<StreamRole, Partial<StreamStats> | null>>;

/** What {@link fakeSnapshot} takes: any field of a snapshot, with streams given per direction and role. */
export interface FakeSnapshotInput extends Partial<Omit<StatsSnapshot, 'outbound' | 'inbound' | 'streams'>> {
  outbound?: FakeStreamsInput;
  inbound?: FakeStreamsInput;
}

const AUDIO: Partial<StreamStats> = {
  kind: 'audio',
  codec: 'opus',
  bitrateBps: 32_000,
  packets: 2_500,
  jitterMs: 4,
  rttMs: 38,
};
const VIDEO: Partial<StreamStats> = {
  kind: 'video',
  codec: 'VP8',
  bitrateBps: 1_200_000,
  packets: 6_000,
  jitterMs: 6,
  rttMs: 38,
  framesPerSecond: 30,
  width: 1280,
  height: 720,
};
const CONTENT: Partial<StreamStats> = { ...VIDEO, bitrateBps: 600_000, framesPerSecond: 5, width: 1920, height: 1080 };
const DEFAULTS: Record<StreamRole, Partial<StreamStats>> = { audio: AUDIO, video: VIDEO, content: CONTENT };

function stream(direction: StreamStats['direction'], role: StreamRole, patch: Partial<StreamStats>): StreamStats {
  const base: StreamStats = {
    direction,
    role,
    kind: 'audio',
    bitrateBps: 0,
    packets: 0,
    packetsLost: 0,
    lossPercent: 0,
    ...DEFAULTS[role],
  };
  const extra: Partial<StreamStats> =
    direction === 'outbound' && base.kind === 'video' ? { qualityLimitationReason: 'none' } : {};
  const inboundVideo: Partial<StreamStats> =
    direction === 'inbound' && base.kind === 'video' ? { freezeCount: 0, freezesDurationMs: 0 } : {};
  return { ...base, ...extra, ...inboundVideo, ...patch, direction, role };
}

function streamsOf(
  direction: StreamStats['direction'],
  input: FakeStreamsInput = {},
): Partial<Record<StreamRole, StreamStats>> {
  const roles: StreamRole[] = ['audio', 'video', ...(input.content ? ['content' as const] : [])];
  const out: Partial<Record<StreamRole, StreamStats>> = {};
  for (const role of roles) {
    const patch = input[role];
    if (patch !== null) out[role] = stream(direction, role, patch ?? {});
  }
  return out;
}

/**
 * A plausible snapshot of a video call: audio and video both ways (opus 32 kbit/s, VP8 1.2 Mbit/s 1280×720 at 30 fps,
 * no loss, RTT 38 ms), a host/host UDP candidate pair; `input` overrides any of it
 * (`fakeSnapshot({inbound: {video: {lossPercent: 12}}, outbound: {content: {}}})`).
 */
export function fakeSnapshot(input: FakeSnapshotInput = {}): StatsSnapshot {
  const { outbound: out, inbound: inb, ...rest } = input;
  const outbound = streamsOf('outbound', out);
  const inbound = streamsOf('inbound', inb);
  const streams = [...Object.values(outbound), ...Object.values(inbound)];
  const candidatePair = {
    localType: 'host',
    remoteType: 'host',
    protocol: 'udp',
    rttMs: 38,
    availableOutgoingBitrateBps: 2_500_000,
  } as const;
  return { at: Date.now(), intervalMs: 1000, source: 'call', candidatePair, ...rest, streams, outbound, inbound };
}

/** A verdict with the same quality and reasons overall and both ways (MOS from the quality unless given). */
export function fakeVerdict(quality: Quality, reasons: QualityReason[] = [], mos?: number): QualityVerdict {
  const part = { quality, reasons: [...reasons] };
  const guess: Record<Quality, number> = { excellent: 4.3, good: 3.9, poor: 2.9, lost: 1 };
  return {
    ...part,
    outbound: { ...part, reasons: [...reasons] },
    inbound: { ...part, reasons: [...reasons] },
    mos: mos ?? guess[quality],
  };
}

function isSnapshot(input: StatsSnapshot | FakeSnapshotInput): input is StatsSnapshot {
  return Array.isArray((input as StatsSnapshot).streams);
}

export class FakeStats {
  /** Samples kept in `statsHistory` (the real default). */
  historySize = 60;
  #emit: FakeStatsEmit;
  #history: StatsSnapshot[] = [];
  #quality?: QualityVerdict;
  #watchers = 0;
  #balancing: 'idle' | 'scheduled' | 'balancing' = 'idle';
  #healthProblem?: HealthProblem;

  constructor(emit: FakeStatsEmit) {
    this.#emit = emit;
  }

  get stats(): StatsSnapshot | undefined {
    return this.#history[this.#history.length - 1];
  }
  get statsHistory(): readonly StatsSnapshot[] {
    return [...this.#history];
  }
  /** Never a browser report here (the fake has no peer connection). */
  get rawStats(): RTCStatsReport | undefined {
    return undefined;
  }
  get quality(): QualityVerdict | undefined {
    return this.#quality;
  }
  /** The options of the latest `watchStats()` call (what pace the consumer asked for). */
  lastWatchOptions?: WatchStatsOptions;
  /** Consumers declared with `watchStats()` and not withdrawn yet. */
  get watchers(): number {
    return this.#watchers;
  }

  /** Counts a consumer; the returned function withdraws it (once, however often it is called). */
  watchStats(options?: WatchStatsOptions): () => void {
    this.#watchers++;
    this.lastWatchOptions = options;
    let withdrawn = false;
    return () => {
      if (withdrawn) return;
      withdrawn = true;
      this.#watchers--;
    };
  }

  /** A collected sample: a snapshot, or a partial one (`at` one second after the previous sample unless given). */
  simulateStats(input: StatsSnapshot | FakeSnapshotInput = {}): StatsSnapshot {
    const previous = this.stats;
    const at = input.at ?? (previous ? previous.at + 1000 : Date.now());
    const snapshot = isSnapshot(input) ? input : fakeSnapshot({ intervalMs: previous ? 1000 : 0, ...input, at });
    this.#history = [...this.#history, snapshot].slice(-this.historySize);
    this.#emit('stats:collected', { snapshot });
    return snapshot;
  }

  /** A new verdict (a quality with its reasons, or a full verdict): `stats:quality-changed` {quality, previous}. */
  simulateQuality(verdict: QualityVerdict | Quality, reasons: QualityReason[] = []): QualityVerdict {
    const quality = typeof verdict === 'string' ? fakeVerdict(verdict, reasons) : verdict;
    const previous = this.#quality;
    this.#quality = quality;
    this.#emit('stats:quality-changed', previous ? { quality, previous } : { quality });
    return quality;
  }

  /** The collector stops (at the end of a call …): samples and verdict cleared, then `stats:stopped` {reason}. */
  simulateStatsStopped(reason: StatsStopReason = 'call-ended'): void {
    this.#history = [];
    this.#quality = undefined;
    this.#emit('stats:stopped', { reason });
  }

  /**
   * A `video-balancer:*` event: `simulateBalancer('parameters-updated', {maxBitrate: 60_000, scaleResolutionDownBy: 200,
   * reason: 'paused'})`; a partial payload is completed with plausible defaults. Returns the payload emitted.
   */
  simulateBalancer<E extends keyof BalancerEventMap>(
    event: E,
    payload: Partial<BalancerEventMap[E]> = {},
  ): BalancerEventMap[E] {
    const full = { ...BALANCER_DEFAULTS[event], ...payload } as BalancerEventMap[E];
    if (event === 'balancing-scheduled') this.#balancing = 'scheduled';
    else if (event === 'balancing-started' || event === 'parameters-updated') this.#balancing = 'balancing';
    else this.#balancing = 'idle';
    this.#emit(`video-balancer:${event}`, full as never);
    return full;
  }

  /**
   * A `main-stream-health:*` event, one episode at a time: `…-detected` (default `no-inbound-video-traffic` after 3
   * samples) opens it, `…-resolved` or `…-reset` (default cause `call-ended`) closes it with its reason; anything else
   * throws `InvalidStateError` (the real monitor never does it). Returns the payload emitted.
   */
  simulateMainStreamHealth<E extends keyof HealthEventMap>(
    event: E,
    payload: Partial<HealthEventMap[E]> = {},
  ): HealthEventMap[E] {
    const open = this.#healthProblem;
    const opening = event === 'inbound-video-problem-detected';
    if (opening === Boolean(open))
      throw new InvalidStateError(open ? `a ${open} episode is open` : 'no main-stream problem is open');
    const full = opening
      ? { reason: 'no-inbound-video-traffic', consecutiveSamples: 3, ...payload }
      : { reason: open, ...(event.endsWith('reset') ? { resetCause: 'call-ended' } : {}), ...payload };
    this.#healthProblem = opening ? (full.reason as HealthProblem) : undefined;
    this.#emit(`main-stream-health:${event}`, full as never);
    return full as HealthEventMap[E];
  }

  /** The call ended: the collector stops when something was collected, a running balancer stops, an open health episode is reset. */
  callEnded(): void {
    if (this.#history.length || this.#quality) this.simulateStatsStopped('call-ended');
    if (this.#balancing !== 'idle') this.simulateBalancer('balancing-stopped');
    if (this.#healthProblem) this.simulateMainStreamHealth('inbound-video-problem-reset', { resetCause: 'call-ended' });
  }
}
