/**
 * Waiting on the connector's statistics events in integration and interop tests: a sample or a quality verdict that
 * satisfies a condition, with a timeout (never a sleep), and a log of every verdict for the failure message.
 */
import type { QualityVerdict, StatsSnapshot } from '../../src/stats/types.js';

/** What both the real connector and a test double give: `on(name, listener)` returning the unsubscribe. */
interface StatsEventSource {
  on(name: 'stats:collected', listener: (payload: { snapshot: StatsSnapshot }) => void): () => void;
  on(name: 'stats:quality-changed', listener: (payload: { quality: QualityVerdict }) => void): () => void;
  readonly quality: QualityVerdict | undefined;
}

/** Resolves with the first event payload that `check` accepts, after the call; rejects after `timeoutMs`. */
function first<T>(
  subscribe: (listener: (value: T) => void) => () => void,
  check: (value: T) => boolean,
  failure: () => string,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(failure()));
    }, timeoutMs);
    const off = subscribe((value) => {
      if (!check(value)) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

/** The next sample collected that satisfies `check`. */
export function sampleWhere(
  c: StatsEventSource,
  what: string,
  check: (s: StatsSnapshot) => boolean,
  timeoutMs = 15_000,
): Promise<StatsSnapshot> {
  return first<StatsSnapshot>(
    (listener) => c.on('stats:collected', ({ snapshot }) => listener(snapshot)),
    check,
    () => `no stats sample with ${what} within ${timeoutMs} ms`,
    timeoutMs,
  );
}

/** The next verdict (`stats:quality-changed`) that satisfies `check`; the current one counts if it does already. */
export function qualityWhere(
  c: StatsEventSource,
  what: string,
  check: (q: QualityVerdict) => boolean,
  timeoutMs = 15_000,
): Promise<QualityVerdict> {
  if (c.quality && check(c.quality)) return Promise.resolve(c.quality);
  return first<QualityVerdict>(
    (listener) => c.on('stats:quality-changed', ({ quality }) => listener(quality)),
    check,
    () => `no quality ${what} within ${timeoutMs} ms (now ${JSON.stringify(c.quality)})`,
    timeoutMs,
  );
}

/** Every verdict the connector reports from now on, as short text (`poor[loss] out good[] in poor[loss]`). */
export function verdictLog(c: StatsEventSource): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const started = performance.now();
  const stop = c.on('stats:quality-changed', ({ quality: q }) => {
    const t = ((performance.now() - started) / 1000).toFixed(1);
    lines.push(
      `${t}s ${q.quality}[${q.reasons}] out ${q.outbound.quality}[${q.outbound.reasons}] in ${q.inbound.quality}[${q.inbound.reasons}]`,
    );
  });
  return { lines, stop };
}

/** Audio and video flowing both ways in this sample. */
export const flowingBothWays = (s: StatsSnapshot): boolean =>
  [s.outbound.audio, s.outbound.video, s.inbound.audio, s.inbound.video].every((x) => (x?.bitrateBps ?? 0) > 0);

/** The sample's figures that matter for quality, as short text for logs. */
export function figures(s: StatsSnapshot): string {
  const part = (x?: StatsSnapshot['inbound']['audio']) =>
    x ? `${Math.round(x.bitrateBps / 1000)}k ${x.lossPercent}% ${x.framesPerSecond ?? '-'}fps` : '-';
  const pair = s.candidatePair;
  return (
    `out a ${part(s.outbound.audio)} v ${part(s.outbound.video)} lim ${s.outbound.video?.qualityLimitationReason} | ` +
    `in a ${part(s.inbound.audio)} v ${part(s.inbound.video)} | rtt ${pair?.rttMs} avail ` +
    `${Math.round((pair?.availableOutgoingBitrateBps ?? 0) / 1000)}k`
  );
}
