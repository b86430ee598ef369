/**
 * From the browser's stats report to our {@link StatsSnapshot}: pure, one pass over one `pc.getStats()` report.
 * Chromium and Firefox shapes both (docs/connector.md "Statistics and call quality"): `kind` or the older
 * `mediaType`; the selected candidate pair from `transport.selectedCandidatePairId` (Chromium) or the pair marked
 * `selected` / nominated and succeeded (Firefox, which has no transport stats); the outbound stream's role by `mid`,
 * else by the media source's track (Chromium), else by order. Deltas (bitrate, loss %, fps) come from the previous
 * snapshot of the same peer connection.
 */
import type { CandidatePairStats, StatsDirection, StatsSnapshot, StreamRole, StreamStats } from './types.js';
import { ReportView, type Entry, type StatsReportLike } from './report-view.js';

export type { StatsReportLike } from './report-view.js';
import { rate, ratio, roleOfInbound, roleOfOutbound, type StreamRoleHints } from './stream-roles.js';

export type { StreamRoleHints } from './stream-roles.js';

export interface NormalizeInput {
  report: StatsReportLike;
  roles: StreamRoleHints;
  previous?: StatsSnapshot;
  /** The sample's time (the collector's clock, ms). */
  at: number;
  source: StatsSnapshot['source'];
  /** The `ids` of the previous sample's result: read those (and what they reference) instead of the whole report. */
  known?: readonly string[];
}

export function normalizeStats(input: NormalizeInput): StatsSnapshot {
  return normalizeTracked(input).snapshot;
}

/**
 * As {@link normalizeStats}, plus the ids to pass as `known` next time (the RTP streams and transports it read). With
 * `known` it does not walk the report, so a stream added since is found by the next sample without `known`: the
 * collector walks the whole report every few samples (and whenever `walked` is false for long).
 */
export function normalizeTracked({ report: browserReport, roles, previous, at, source, known }: NormalizeInput): {
  snapshot: StatsSnapshot;
  ids: string[];
  walked: boolean;
} {
  const report = new ReportView(browserReport, known);
  const roots = report.roots();
  const rtp = roots.filter((s) => s.type === 'inbound-rtp' || s.type === 'outbound-rtp');
  const intervalMs = previous ? Math.max(0, at - previous.at) : 0;
  const context: StreamContext = { report, previous, intervalMs };
  const streams = rtp.map((s) => toStream(s, context)).filter((s): s is StreamStats => s !== undefined);
  assignRoles(streams, roles);
  const snapshot: StatsSnapshot = {
    at,
    intervalMs,
    source,
    streams,
    outbound: mainOf(streams, 'outbound', roles),
    inbound: mainOf(streams, 'inbound', roles),
  };
  const pair = selectedPair(report, roots);
  if (pair) snapshot.candidatePair = pair;
  return { snapshot, ids: roots.map((s) => String(s.id)), walked: report.walked };
}

type Report = ReportView;

interface StreamContext {
  report: Report;
  previous?: StatsSnapshot;
  intervalMs: number;
}

function toStream(s: Entry, context: StreamContext): StreamStats | undefined {
  const kind = (s.kind ?? s.mediaType) as string | undefined;
  if (kind !== 'audio' && kind !== 'video') return undefined;
  const direction: StatsDirection = s.type === 'inbound-rtp' ? 'inbound' : 'outbound';
  const stream: StreamStats = {
    direction,
    role: kind === 'audio' ? 'audio' : 'video',
    kind,
    bitrateBps: 0,
    packets: 0,
    packetsLost: 0,
    lossPercent: 0,
    bytes: num(direction === 'inbound' ? s.bytesReceived : s.bytesSent) ?? 0,
  };
  set(stream, 'ssrc', num(s.ssrc));
  set(stream, 'mid', typeof s.mid === 'string' ? s.mid : undefined);
  set(stream, 'timestamp', num(s.timestamp));
  set(stream, 'codec', codecName(context.report, s.codecId));
  const fractionLost =
    direction === 'inbound' ? fillInbound(stream, s, context.report) : fillOutbound(stream, s, context.report);
  fillVideo(stream, s);
  applyDeltas(stream, prior(context.previous, stream), context.intervalMs, fractionLost);
  return stream;
}

function fillInbound(stream: StreamStats, s: Entry, report: Report): undefined {
  stream.packets = num(s.packetsReceived) ?? 0;
  stream.packetsLost = Math.max(0, num(s.packetsLost) ?? 0);
  set(stream, 'jitterMs', ms(s.jitter));
  set(stream, 'trackId', typeof s.trackIdentifier === 'string' ? s.trackIdentifier : undefined);
  set(stream, 'frames', num(s.framesDecoded));
  set(stream, 'freezeCount', num(s.freezeCount));
  set(stream, 'freezesDurationMs', ms(s.totalFreezesDuration));
  const remote = lookup(report, s.remoteId);
  set(stream, 'rttMs', ms(remote?.roundTripTime));
  return undefined;
}

/** Returns the far end's last reported fraction lost (0–1), when it reported one. */
function fillOutbound(stream: StreamStats, s: Entry, report: Report): number | undefined {
  stream.packets = num(s.packetsSent) ?? 0;
  set(stream, 'frames', num(s.framesEncoded));
  const reason = s.qualityLimitationReason;
  if (reason === 'none' || reason === 'cpu' || reason === 'bandwidth' || reason === 'other')
    stream.qualityLimitationReason = reason;
  const source = lookup(report, s.mediaSourceId);
  set(stream, 'trackId', typeof source?.trackIdentifier === 'string' ? source.trackIdentifier : undefined);
  const remote = lookup(report, s.remoteId) ?? remoteInboundFor(report, s.id);
  if (!remote) return undefined;
  stream.packetsLost = Math.max(0, num(remote.packetsLost) ?? 0);
  set(stream, 'rttMs', ms(remote.roundTripTime));
  set(stream, 'jitterMs', ms(remote.jitter));
  return num(remote.fractionLost);
}

function fillVideo(stream: StreamStats, s: Entry): void {
  if (stream.kind !== 'video') return;
  set(stream, 'width', num(s.frameWidth));
  set(stream, 'height', num(s.frameHeight));
  // Firefox's older outbound reports have only the encoder's mean frame rate.
  set(stream, 'framesPerSecond', num(s.framesPerSecond) ?? num(s.framerateMean));
}

/** Bitrate, loss % and (when the browser gives no frame rate) fps over the interval since the previous sample. */
function applyDeltas(
  stream: StreamStats,
  before: StreamStats | undefined,
  intervalMs: number,
  fractionLost?: number,
): void {
  if (fractionLost !== undefined) stream.lossPercent = Math.round(fractionLost * 1000) / 10;
  if (!before) return;
  const dt =
    before.timestamp !== undefined && stream.timestamp !== undefined && stream.timestamp > before.timestamp
      ? stream.timestamp - before.timestamp
      : intervalMs;
  stream.bitrateBps = Math.round(rate(((stream.bytes ?? 0) - (before.bytes ?? 0)) * 8, dt));
  const sent = stream.packets - before.packets;
  const lost = stream.packetsLost - before.packetsLost;
  // Outbound: the far end's own fraction when it gave one, else what its cumulative count grew by.
  if (fractionLost === undefined)
    stream.lossPercent = stream.direction === 'inbound' ? ratio(lost, lost + sent) : ratio(lost, sent);
  if (stream.framesPerSecond === undefined && stream.frames !== undefined && before.frames !== undefined) {
    stream.framesPerSecond = Math.round(rate(stream.frames - before.frames, dt));
  }
}

function prior(previous: StatsSnapshot | undefined, stream: StreamStats): StreamStats | undefined {
  return previous?.streams.find(
    (p) => p.direction === stream.direction && p.ssrc === stream.ssrc && p.kind === stream.kind,
  );
}

/** Firefox's remote-inbound-rtp points at its outbound stream with `localId` (its outbound may lack `remoteId`). */
function remoteInboundFor(report: Report, id: unknown): Entry | undefined {
  return report.all().find((r) => r.type === 'remote-inbound-rtp' && r.localId === id);
}

function assignRoles(streams: StreamStats[], roles: StreamRoleHints): void {
  let videoIndex = 0;
  for (const stream of streams) {
    if (stream.kind === 'audio') continue;
    stream.role =
      stream.direction === 'outbound' ? roleOfOutbound(stream, roles, videoIndex++) : roleOfInbound(stream, roles);
  }
}

/** The main stream per role: the one the roles name, else the one carrying the most bytes. */
function mainOf(
  streams: StreamStats[],
  direction: StatsDirection,
  roles: StreamRoleHints,
): Partial<Record<StreamRole, StreamStats>> {
  const main: Partial<Record<StreamRole, StreamStats>> = {};
  const named = new Set([...(roles.inboundMainTrackIds ?? []), ...(roles.inboundContentTrackIds ?? [])]);
  for (const stream of streams) {
    if (stream.direction !== direction) continue;
    const current = main[stream.role];
    if (!current || better(stream, current, named, roles.mainVideoMid)) main[stream.role] = stream;
  }
  return main;
}

function better(candidate: StreamStats, current: StreamStats, named: Set<string>, mainMid?: string): boolean {
  const score = (s: StreamStats) =>
    (s.trackId !== undefined && named.has(s.trackId)) ||
    (s.direction === 'outbound' && s.mid !== undefined && s.mid === mainMid);
  if (score(candidate) !== score(current)) return score(candidate);
  return (candidate.bytes ?? 0) > (current.bytes ?? 0);
}

/** The selected pair: the transport's (Chromium), else one marked `selected` or nominated and succeeded (Firefox). */
function selectedPair(report: Report, roots: Entry[]): CandidatePairStats | undefined {
  const chosen = roots
    .filter((s) => s.type === 'transport')
    .map((t) => report.get(t.selectedCandidatePairId))
    .filter((p): p is Entry => p !== undefined);
  const selected = chosen.length
    ? chosen
    : report
        .all()
        .filter(
          (p) =>
            p.type === 'candidate-pair' &&
            (p.selected === true || (p.selected === undefined && p.nominated === true && p.state === 'succeeded')),
        );
  const pair = selected.sort((a, b) => traffic(b) - traffic(a))[0];
  return pair && pairStats(pair, report);
}

function pairStats(pair: Entry, report: Report): CandidatePairStats {
  const local = lookup(report, pair.localCandidateId);
  const remote = lookup(report, pair.remoteCandidateId);
  const out: CandidatePairStats = {};
  set(out, 'localType', candidateType(local?.candidateType));
  set(out, 'remoteType', candidateType(remote?.candidateType));
  set(out, 'protocol', local?.protocol === 'udp' || local?.protocol === 'tcp' ? local.protocol : undefined);
  set(
    out,
    'relayProtocol',
    ['udp', 'tcp', 'tls'].includes(String(local?.relayProtocol)) ? (local?.relayProtocol as 'udp') : undefined,
  );
  const responses = num(pair.responsesReceived);
  const average = responses ? (num(pair.totalRoundTripTime) ?? NaN) / responses : undefined;
  set(out, 'rttMs', ms(pair.currentRoundTripTime) ?? ms(average));
  set(out, 'availableOutgoingBitrateBps', num(pair.availableOutgoingBitrate));
  set(out, 'availableIncomingBitrateBps', num(pair.availableIncomingBitrate));
  return out;
}

function traffic(pair: Entry): number {
  return (num(pair.bytesSent) ?? 0) + (num(pair.bytesReceived) ?? 0);
}

function candidateType(value: unknown): CandidatePairStats['localType'] {
  // Firefox once spelt them out ('serverreflexive', 'peerreflexive', 'relayed').
  const spelled: Record<string, CandidatePairStats['localType']> = {
    host: 'host',
    srflx: 'srflx',
    prflx: 'prflx',
    relay: 'relay',
    serverreflexive: 'srflx',
    peerreflexive: 'prflx',
    relayed: 'relay',
  };
  return typeof value === 'string' ? spelled[value] : undefined;
}

function codecName(report: Report, codecId: unknown): string | undefined {
  const mime = lookup(report, codecId)?.mimeType;
  return typeof mime === 'string' ? mime.slice(mime.indexOf('/') + 1) : undefined;
}

function lookup(report: Report, id: unknown): Entry | undefined {
  return report.get(id);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Seconds → whole-ish milliseconds (one decimal). */
function ms(seconds: unknown): number | undefined {
  const value = num(seconds);
  return value === undefined ? undefined : Math.round(value * 10_000) / 10;
}

/** Sets an optional field only when there is a value (snapshots stay free of `undefined` keys). */
function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
