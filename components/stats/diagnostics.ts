/**
 * "Copy diagnostics" of `<vinteo-stats>`: the last samples as JSON for a support ticket. Only plain figures are
 * picked field by field (never `rawStats`, never the config, so no password, token or address can slip in), with
 * the connection and call state and the browser's user agent.
 */
import type { CandidatePairStats, StatsSnapshot, StreamStats } from '../../src/stats/types.js';
import type { VinteoConnectorApi } from '../../src/types.js';

/** Samples put in the diagnostics (the last ones). */
export const DIAGNOSTIC_SAMPLES = 10;

const STREAM_FIELDS: Array<keyof StreamStats> = [
  'direction',
  'role',
  'kind',
  'codec',
  'bitrateBps',
  'packets',
  'packetsLost',
  'lossPercent',
  'jitterMs',
  'rttMs',
  'framesPerSecond',
  'width',
  'height',
  'qualityLimitationReason',
  'freezeCount',
  'freezesDurationMs',
];
const PAIR_FIELDS: Array<keyof CandidatePairStats> = [
  'localType',
  'remoteType',
  'protocol',
  'rttMs',
  'availableOutgoingBitrateBps',
  'availableIncomingBitrateBps',
];

function pick<T extends object>(from: T, fields: Array<keyof T>): Partial<T> {
  const out: Partial<T> = {};
  for (const field of fields) if (from[field] !== undefined) out[field] = from[field];
  return out;
}

function plain(snapshot: StatsSnapshot): Record<string, unknown> {
  return {
    at: new Date(snapshot.at).toISOString(),
    intervalMs: snapshot.intervalMs,
    source: snapshot.source,
    streams: snapshot.streams.map((s) => pick(s, STREAM_FIELDS)),
    ...(snapshot.candidatePair ? { candidatePair: pick(snapshot.candidatePair, PAIR_FIELDS) } : {}),
  };
}

/** The stats API, where the connector has it (a connector without stats gives empty diagnostics). */
type StatsPart = Partial<Pick<VinteoConnectorApi, 'statsHistory' | 'quality'>>;

/** What "Copy diagnostics" copies. */
export function diagnostics(connector: VinteoConnectorApi, count = DIAGNOSTIC_SAMPLES): Record<string, unknown> {
  const stats = connector as StatsPart;
  const quality = stats.quality;
  return {
    generatedAt: new Date().toISOString(),
    userAgent: navigator.userAgent,
    connection: connector.connectionState,
    call: connector.callState,
    callReconnecting: connector.callReconnecting,
    quality: quality
      ? {
          quality: quality.quality,
          reasons: [...quality.reasons],
          outbound: quality.outbound,
          inbound: quality.inbound,
          mos: quality.mos,
        }
      : null,
    samples: (stats.statsHistory ?? []).slice(-count).map(plain),
  };
}

/** `user:password@` in any URL-looking text becomes `[redacted]@` (nothing we pick should carry one; belt and braces). */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][\w+.-]*:\/\/)[^\s/@"]+@/gi, '$1[redacted]@');
}

export function diagnosticsText(connector: VinteoConnectorApi): string {
  return redactCredentials(JSON.stringify(diagnostics(connector), null, 2));
}

/** Writes `text` with the Clipboard API; false when it is missing or the browser refuses. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
