/**
 * A steady call is sampled less often. While only the internal monitors read stats (media health, the key-frame
 * watchdog, main-stream health, the bandwidth report: `'counters'` consumers) and the call is steady, the collector
 * takes one `getStats()` every `steadyIntervalMs` (default 2 s) instead of every second. The first sample that is not
 * healthy — and any ICE state change away from connected/completed, at once — brings back the normal interval, so
 * the monitors judge a failing call at full rate (a consumer with a deadline, `'prompt-counters'`, keeps the normal
 * pace too): a far end that stops sending is still seen within about 3 s (at
 * worst 4, against 3 with 1 s sampling throughout).
 *
 * Steady means: ICE connected or completed, and over `steadyAfter` consecutive samples every inbound stream received
 * new packets, at no less than half its rate over the interval before, and every inbound video decoded new frames,
 * with the same streams each time. (The rate rule matters when media stops early in a 2 s window: the packets that came
 * before it still make that sample "grow", but far fewer of them, so the normal pace comes back a window sooner.)
 *
 * (A cheaper check between samples was measured and dropped: `getSynchronizationSources()` is a synchronous hop to
 * the WebRTC thread, about 0.1 ms a call in Chromium — as dear as the getStats it would save — and a remote track
 * is not muted, nor ICE changed, when the far end's RTP stops.)
 */
import type { InboundCounters, StatsSample } from './types.js';
import { inboundOf } from './counters.js';

export interface SteadySettings {
  /** The interval between samples of a steady call with counters-only consumers (≤ the normal interval: off). */
  steadyIntervalMs: number;
  /** Healthy samples in a row before the call counts as steady. */
  steadyAfter: number;
}

export const DEFAULT_STEADY: SteadySettings = { steadyIntervalMs: 2000, steadyAfter: 3 };

/** Whether `current` shows every inbound stream moving since `previous` (the same streams, by SSRC). Pure. */
export function allFlowing(
  previous: readonly InboundCounters[] | undefined,
  current: readonly InboundCounters[],
  ice: RTCIceConnectionState,
): boolean {
  if (ice !== 'connected' && ice !== 'completed') return false;
  if (!previous || !current.length || previous.length !== current.length) return false;
  return current.every((now) => {
    const before = previous.find((p) => p.ssrc === now.ssrc && p.kind === now.kind);
    if (!before || !(now.packetsReceived > before.packetsReceived)) return false;
    return now.kind === 'audio' || now.framesDecoded > before.framesDecoded;
  });
}

/** Packets a second of each inbound stream (by SSRC) over one interval. */
export type PacketRates = Map<number | undefined, number>;

export function ratesOf(
  previous: readonly InboundCounters[],
  current: readonly InboundCounters[],
  elapsedMs: number,
): PacketRates {
  const rates: PacketRates = new Map();
  if (!(elapsedMs > 0)) return rates;
  for (const now of current) {
    const before = previous.find((p) => p.ssrc === now.ssrc && p.kind === now.kind);
    if (before) rates.set(now.ssrc, ((now.packetsReceived - before.packetsReceived) * 1000) / elapsedMs);
  }
  return rates;
}

/** Whether no stream's packet rate fell below half of its rate over the interval before. Pure. */
export function rateHeld(before: PacketRates, now: PacketRates): boolean {
  for (const [ssrc, rate] of now) {
    const was = before.get(ssrc);
    if (was !== undefined && rate < was / 2) return false;
  }
  return true;
}

export class SteadyWatch {
  readonly #settings: SteadySettings;
  readonly #normalMs: number;
  #streak = 0;
  #counters?: readonly InboundCounters[];
  #rates: PacketRates = new Map();
  #at?: number;

  /** `normalMs`: the collector's normal interval (a steady interval not above it turns steadiness off). */
  constructor(settings: SteadySettings, normalMs: number) {
    this.#settings = settings;
    this.#normalMs = normalMs;
  }

  get intervalMs(): number {
    return this.#settings.steadyIntervalMs;
  }

  /** Steady now: the collector may wait `steadyIntervalMs` before its next sample. */
  get steady(): boolean {
    return this.#settings.steadyIntervalMs > this.#normalMs && this.#streak >= this.#settings.steadyAfter;
  }

  /** A counters-only sample taken at `at` (ms): one more healthy one in a row, or the streak starts again. */
  sampled(sample: StatsSample, at: number): void {
    const counters = inboundOf(sample);
    const rates =
      this.#counters && this.#at !== undefined ? ratesOf(this.#counters, counters, at - this.#at) : new Map();
    const healthy = allFlowing(this.#counters, counters, sample.pc.iceConnectionState) && rateHeld(this.#rates, rates);
    this.#streak = healthy ? this.#streak + 1 : 0;
    this.#counters = counters;
    this.#rates = rates;
    this.#at = at;
  }

  /** A full sample, a new peer connection, a pause, an ICE change: steadiness is earned again. */
  reset(): void {
    this.#streak = 0;
    this.#counters = undefined;
    this.#rates = new Map();
    this.#at = undefined;
  }
}
