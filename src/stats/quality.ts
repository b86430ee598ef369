/**
 * Call quality from stats samples (pure): a verdict per direction and overall, `excellent | good | poor | lost` with
 * its reasons, steadied by hysteresis (worse after `worseAfter` samples in a row, better only after `betterAfter`),
 * and an audio MOS estimate from the E-model (ITU-T G.107, simplified). Thresholds: docs/connector.md
 * "Statistics and call quality".
 */
import type {
  Quality,
  QualityPart,
  QualityReason,
  QualityVerdict,
  StatsDirection,
  StatsSnapshot,
  StreamStats,
} from './types.js';

const RANK: Record<Quality, number> = { excellent: 0, good: 1, poor: 2, lost: 3 };
const ORDER: QualityReason[] = ['no-media', 'loss', 'rtt', 'jitter', 'bandwidth', 'cpu', 'freeze'];

/** Upper bounds of `excellent` and `good` (above `good`: poor). */
export const THRESHOLDS = {
  lossPercent: { excellent: 1, good: 5 },
  rttMs: { excellent: 150, good: 300 },
  jitterMs: { excellent: 20, good: 50 },
  /** Available outgoing bitrate below this share of what we send: poor (`bandwidth`). */
  availableShare: 0.5,
  /** Frozen for more than this share of the interval: poor (`freeze`); any new freeze: good. */
  frozenShare: 0.3,
} as const;

interface Finding {
  quality: Quality;
  reason: QualityReason;
}

/** The verdict of one sample alone (no hysteresis); `previous` is the sample before it, for freeze counts. */
export function assessSample(snapshot: StatsSnapshot, previous?: StatsSnapshot): Omit<QualityVerdict, 'mos'> {
  const outbound = judge(findingsFor(snapshot, previous, 'outbound'));
  const inbound = judge(findingsFor(snapshot, previous, 'inbound'));
  return { ...worse(outbound, inbound), outbound, inbound };
}

function findingsFor(
  snapshot: StatsSnapshot,
  previous: StatsSnapshot | undefined,
  direction: StatsDirection,
): Finding[] {
  const streams = snapshot.streams.filter((s) => s.direction === direction);
  if (!streams.length) return [];
  if (snapshot.intervalMs > 0 && !moved(streams, previous)) return [{ quality: 'lost', reason: 'no-media' }];
  const main = direction === 'outbound' ? snapshot.outbound : snapshot.inbound;
  const rtt = main.audio?.rttMs ?? main.video?.rttMs ?? snapshot.candidatePair?.rttMs;
  const jitter = main.audio?.jitterMs ?? main.video?.jitterMs;
  const loss = Math.max(0, ...[main.audio, main.video].map((s) => s?.lossPercent ?? 0));
  const findings = [
    graded(loss, THRESHOLDS.lossPercent, 'loss'),
    graded(rtt, THRESHOLDS.rttMs, 'rtt'),
    graded(jitter, THRESHOLDS.jitterMs, 'jitter'),
  ];
  if (direction === 'outbound') findings.push(...sendLimits(snapshot, streams));
  else findings.push(freezeOf(main.video, previous?.inbound.video, snapshot.intervalMs));
  return findings.filter((f): f is Finding => f !== undefined);
}

/** Packets grew on some stream since the previous sample. */
function moved(streams: StreamStats[], previous?: StatsSnapshot): boolean {
  return streams.some((s) => {
    const before = previous?.streams.find((p) => p.direction === s.direction && p.ssrc === s.ssrc && p.kind === s.kind);
    return before ? s.packets > before.packets : s.packets > 0;
  });
}

function graded(
  value: number | undefined,
  bounds: { excellent: number; good: number },
  reason: QualityReason,
): Finding | undefined {
  if (value === undefined || value <= bounds.excellent) return undefined;
  return { quality: value <= bounds.good ? 'good' : 'poor', reason };
}

function sendLimits(snapshot: StatsSnapshot, streams: StreamStats[]): Finding[] {
  const findings: Finding[] = [];
  const limited = (reason: 'cpu' | 'bandwidth') => streams.some((s) => s.qualityLimitationReason === reason);
  const sent = streams.reduce((sum, s) => sum + s.bitrateBps, 0);
  const available = snapshot.candidatePair?.availableOutgoingBitrateBps;
  if (available !== undefined && sent > 0 && available < sent * THRESHOLDS.availableShare)
    findings.push({ quality: 'poor', reason: 'bandwidth' });
  else if (limited('bandwidth')) findings.push({ quality: 'good', reason: 'bandwidth' });
  if (limited('cpu')) findings.push({ quality: 'good', reason: 'cpu' });
  return findings;
}

function freezeOf(
  video: StreamStats | undefined,
  before: StreamStats | undefined,
  intervalMs: number,
): Finding | undefined {
  if (!video || !before || video.freezeCount === undefined || before.freezeCount === undefined) return undefined;
  if (video.freezeCount <= before.freezeCount) return undefined;
  const frozen = (video.freezesDurationMs ?? 0) - (before.freezesDurationMs ?? 0);
  return {
    quality: intervalMs > 0 && frozen > intervalMs * THRESHOLDS.frozenShare ? 'poor' : 'good',
    reason: 'freeze',
  };
}

function judge(findings: Finding[]): QualityPart {
  const quality = findings.reduce<Quality>((q, f) => (RANK[f.quality] > RANK[q] ? f.quality : q), 'excellent');
  return { quality, reasons: sortReasons(findings.map((f) => f.reason)) };
}

function worse(a: QualityPart, b: QualityPart): QualityPart {
  const quality = RANK[a.quality] >= RANK[b.quality] ? a.quality : b.quality;
  return { quality, reasons: sortReasons([...a.reasons, ...b.reasons]) };
}

function sortReasons(reasons: QualityReason[]): QualityReason[] {
  return ORDER.filter((r) => reasons.includes(r));
}

// ───────────── MOS ─────────────

/** R factor → MOS (G.107 Annex B): 1 below 0, 4.5 above 100. */
export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}

/** The simplified E-model: effective latency rtt/2 + 2·jitter + 10 ms, a delay impairment, 2.5 R per % loss. */
export function estimateMos(input: { rttMs?: number; jitterMs?: number; lossPercent?: number }): number {
  const latency = (input.rttMs ?? 0) / 2 + 2 * (input.jitterMs ?? 0) + 10;
  const delayed = latency < 160 ? 93.2 - latency / 40 : 93.2 - (latency - 120) / 10;
  const r = delayed - 2.5 * (input.lossPercent ?? 0);
  return Math.round(mosFromR(r) * 100) / 100;
}

/** The inbound audio's MOS estimate, when the sample has inbound audio. */
export function audioMos(snapshot: StatsSnapshot): number | undefined {
  const audio = snapshot.inbound.audio;
  if (!audio) return undefined;
  const rttMs = snapshot.candidatePair?.rttMs ?? snapshot.outbound.audio?.rttMs ?? audio.rttMs;
  return estimateMos({ rttMs, jitterMs: audio.jitterMs, lossPercent: audio.lossPercent });
}

// ───────────── hysteresis ─────────────

export interface HysteresisOptions {
  /** Samples in a row worse than the current verdict before it gets worse (default 2). */
  worseAfter?: number;
  /** Samples in a row better than the current verdict before it gets better (default 4). */
  betterAfter?: number;
}

/** One direction's steadied verdict: the level shown, and the run of samples pointing elsewhere. */
export interface PartState {
  shown: QualityPart;
  /** Consecutive samples worse (+n) or better (−n) than `shown`, and the mildest of them. */
  run: number;
  mildest?: QualityPart;
}

/** The next steadied state of one part, given this sample's raw verdict (pure). */
export function steady(state: PartState | undefined, raw: QualityPart, options: HysteresisOptions = {}): PartState {
  if (!state) return { shown: raw, run: 0 };
  const delta = RANK[raw.quality] - RANK[state.shown.quality];
  if (delta === 0) return { shown: raw, run: 0 };
  const sameWay = Math.sign(delta) === Math.sign(state.run);
  const run = sameWay ? state.run + Math.sign(delta) : Math.sign(delta);
  const mildest = sameWay && state.mildest && closer(state.mildest, raw, state.shown) ? state.mildest : raw;
  const needed = delta > 0 ? (options.worseAfter ?? 2) : (options.betterAfter ?? 4);
  return Math.abs(run) >= needed ? { shown: mildest, run: 0 } : { shown: state.shown, run, mildest };
}

/** Whether `a` is nearer to `shown` than `b` (the change that is sure over the whole run). */
function closer(a: QualityPart, b: QualityPart, shown: QualityPart): boolean {
  return Math.abs(RANK[a.quality] - RANK[shown.quality]) <= Math.abs(RANK[b.quality] - RANK[shown.quality]);
}

/** Steadies outbound and inbound; the overall verdict is the worse of the two shown ones. */
export class QualityTracker {
  #options: HysteresisOptions;
  #outbound?: PartState;
  #inbound?: PartState;
  #previous?: StatsSnapshot;
  #verdict?: QualityVerdict;

  constructor(options: HysteresisOptions = {}) {
    this.#options = options;
  }

  get verdict(): QualityVerdict | undefined {
    return this.#verdict;
  }

  /** Takes a sample; returns the new verdict and whether its levels changed (what `stats:quality-changed` reports). */
  update(snapshot: StatsSnapshot): { verdict?: QualityVerdict; changed: boolean } {
    const previous = this.#previous;
    this.#previous = snapshot;
    if (snapshot.intervalMs <= 0 || !previous) return { verdict: this.#verdict, changed: false };
    const raw = assessSample(snapshot, previous);
    this.#outbound = steady(this.#outbound, raw.outbound, this.#options);
    this.#inbound = steady(this.#inbound, raw.inbound, this.#options);
    const before = this.#verdict;
    const mos = audioMos(snapshot);
    const verdict: QualityVerdict = {
      ...worse(this.#outbound.shown, this.#inbound.shown),
      outbound: this.#outbound.shown,
      inbound: this.#inbound.shown,
    };
    if (mos !== undefined) verdict.mos = mos;
    this.#verdict = verdict;
    return { verdict, changed: !before || levels(before) !== levels(verdict) };
  }

  reset(): void {
    this.#outbound = this.#inbound = this.#previous = this.#verdict = undefined;
  }
}

function levels(v: QualityVerdict): string {
  return `${v.quality}/${v.outbound.quality}/${v.inbound.quality}`;
}
