/**
 * Dead-call detection that does not depend on signalling: a pure policy over stats samples plus a small monitor
 * that polls them. No sip.js here; the caller reacts (ICE-restart re-INVITE on a problem, `media-timeout` end on a
 * timeout).
 *
 * Rules, per episode:
 * - no growth of inbound packets for `problemMs`, or ICE `disconnected`/`failed` → one `problem` (the first reason);
 * - inbound packets grow again (and ICE is not disconnected/failed) → `recovered`, with the downtime measured from the
 *   last packet seen before the episode;
 * - still no recovery `timeoutMs` after the problem was reported → one `timeout`.
 * While nothing receives (every transceiver on hold / sendonly / inactive) nothing is judged; the clocks restart when
 * receiving resumes.
 */

import { inboundOf, receivingOf } from '../stats/counters.js';
import type { StatsFeed, StatsSample } from '../stats/types.js';

export type MediaProblemReason = 'no-packets' | 'ice-disconnected' | 'ice-failed';

/** What one stats poll saw. */
export interface MediaReading {
  /** Sum of inbound-rtp `packetsReceived` over every stream. */
  inboundPackets: number;
  iceState: RTCIceConnectionState;
  /** Whether any transceiver currently receives (`currentDirection` sendrecv or recvonly). */
  receiving: boolean;
}

/** A reading stamped with the monitor's clock (ms). */
export interface MediaSample extends MediaReading {
  at: number;
}

export interface HealthConfig {
  problemMs: number;
  timeoutMs: number;
}

export interface HealthEpisode {
  reason: MediaProblemReason;
  /** When the problem was reported (or monitoring resumed after a pause): the timeout counts from here. */
  since: number;
  /** The last packet growth seen before the episode began. */
  lastPacketAt: number;
  timedOut: boolean;
}

export interface HealthState {
  packets: number;
  /** Last time packets grew, or monitoring (re)started: the quiet clock counts from here. */
  lastPacketAt: number;
  paused: boolean;
  episode?: HealthEpisode;
}

export type HealthVerdict =
  { kind: 'problem'; reason: MediaProblemReason } | { kind: 'recovered'; downtimeMs: number } | { kind: 'timeout' };

export interface Assessment {
  state: HealthState;
  verdict?: HealthVerdict;
}

/** The pure rule: the next state and what (if anything) to report, from the previous state and a new sample. */
export function assessMedia(previous: HealthState | undefined, sample: MediaSample, config: HealthConfig): Assessment {
  if (!sample.receiving)
    return { state: { ...(previous ?? baseline(sample)), packets: sample.inboundPackets, paused: true } };
  if (!previous || previous.paused)
    return judgeQuiet(
      { ...baseline(sample), episode: previous?.episode && { ...previous.episode, since: sample.at } },
      sample,
      config,
    );
  const grew = sample.inboundPackets > previous.packets;
  const state: HealthState = {
    ...previous,
    packets: sample.inboundPackets,
    lastPacketAt: grew ? sample.at : previous.lastPacketAt,
  };
  if (previous.episode) return judgeEpisode(state, previous.episode, sample, grew, config);
  return judgeQuiet(state, sample, config, previous.lastPacketAt);
}

/** Monitoring (re)starts: the quiet clock counts from this sample (an open episode's timeout too). */
function baseline(sample: MediaSample): HealthState {
  return { packets: sample.inboundPackets, lastPacketAt: sample.at, paused: false };
}

/** No episode open: opens one if ICE is broken or packets stayed flat for problemMs. */
function judgeQuiet(
  state: HealthState,
  sample: MediaSample,
  config: HealthConfig,
  lastPacketAt = state.lastPacketAt,
): Assessment {
  const reason = state.episode ? undefined : problemOf(state, sample, config);
  if (!reason) return { state };
  return {
    state: { ...state, episode: { reason, since: sample.at, lastPacketAt, timedOut: false } },
    verdict: { kind: 'problem', reason },
  };
}

function judgeEpisode(
  state: HealthState,
  episode: HealthEpisode,
  sample: MediaSample,
  grew: boolean,
  config: HealthConfig,
): Assessment {
  if (grew && !iceBroken(sample.iceState)) {
    return {
      state: { ...state, episode: undefined },
      verdict: { kind: 'recovered', downtimeMs: sample.at - episode.lastPacketAt },
    };
  }
  if (episode.timedOut || sample.at - episode.since < config.timeoutMs) return { state };
  return { state: { ...state, episode: { ...episode, timedOut: true } }, verdict: { kind: 'timeout' } };
}

function problemOf(state: HealthState, sample: MediaSample, config: HealthConfig): MediaProblemReason | undefined {
  if (sample.iceState === 'failed') return 'ice-failed';
  if (sample.iceState === 'disconnected') return 'ice-disconnected';
  return sample.at - state.lastPacketAt >= config.problemMs ? 'no-packets' : undefined;
}

function iceBroken(state: RTCIceConnectionState): boolean {
  return state === 'disconnected' || state === 'failed';
}

/** Reads a {@link MediaReading} from a peer connection (one `getStats()` per call). */
export function sampleFrom(pc: RTCPeerConnection): () => Promise<MediaReading> {
  return async () => {
    let inboundPackets = 0;
    (await pc.getStats()).forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp') inboundPackets += Number(s.packetsReceived ?? 0);
    });
    const receiving = pc
      .getTransceivers()
      .some((t) => t.currentDirection === 'sendrecv' || t.currentDirection === 'recvonly');
    return { inboundPackets, iceState: pc.iceConnectionState, receiving };
  };
}

/** The same reading from a sample of the connector's one stats collector (no getStats of its own; only its counters). */
export function readingOf(sample: StatsSample): MediaReading {
  let inboundPackets = 0;
  for (const s of inboundOf(sample)) inboundPackets += s.packetsReceived;
  return { inboundPackets, iceState: sample.pc.iceConnectionState, receiving: receivingOf(sample).any };
}

/**
 * Readings of `pc` pushed by the stats collector's feed: the monitor then counts as one of its consumers, a
 * counters-only one (the collector normalises nothing for it), at the collector's pace (1 s; 4 s on a hidden page).
 */
export function readingsFrom(
  feed: StatsFeed,
  pc: RTCPeerConnection,
): (listener: (reading: MediaReading) => void) => () => void {
  return (listener) =>
    feed.consume((sample) => {
      if (sample.pc === pc) listener(readingOf(sample));
    }, 'counters');
}

const FED_FIRST_GAP_MS = 4000;

export interface HealthClock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface MediaHealthOptions {
  /** Polls a reading every `pollMs` … */
  readSample?: () => Promise<MediaReading>;
  /** … or takes the readings pushed to it (the stats collector's feed: `readingsFrom`); returns the unsubscribe. */
  samples?: (listener: (reading: MediaReading) => void) => () => void;
  /** Poll interval (default 1000 ms). */
  pollMs?: number;
  /** No inbound packets this long is a problem (default 2000 ms: with a 1 s poll the far end's loss is reported within 3 s). */
  problemMs?: number;
  /** No recovery this long after the problem is a timeout (default 15000 ms). */
  timeoutMs?: number;
  /**
   * No reading at all this long (the browser's getStats failing or hanging) counts as no new packets (default
   * 10000 ms): being blind for a moment is not evidence that media stopped, and an ICE restart of a healthy call is
   * not a harmless guess.
   */
  blindMs?: number;
  clock?: HealthClock;
  onProblem?(reason: MediaProblemReason): void;
  onRecovered?(downtimeMs: number): void;
  /** Called once; the monitor stops itself afterwards. */
  onTimeout?(): void;
}

const realClock: HealthClock = {
  now: () => performance.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/**
 * Polls `readSample` every `pollMs` and reports problems, recoveries and a timeout through its callbacks. A read that
 * rejects (or is still pending at the next tick) is a missed sample: monitoring goes on.
 */
export class MediaHealthMonitor {
  #options: MediaHealthOptions;
  #config: HealthConfig;
  #blindMs: number;
  #clock: HealthClock;
  #timer?: unknown;
  #unsubscribe?: () => void;
  #state?: HealthState;
  #generation = 0;
  #reading = false;
  #missed = 0;
  /** The last real reading and when it came: if readings stop coming (the browser's stats hang), time still passes. */
  #last?: { reading: MediaReading; at: number };
  /** The time between the last two readings (the collector's pace: 1 s, 4 s while the page is hidden). */
  #cadence = 0;

  constructor(options: MediaHealthOptions) {
    this.#options = options;
    this.#config = { problemMs: options.problemMs ?? 2000, timeoutMs: options.timeoutMs ?? 15000 };
    this.#blindMs = options.blindMs ?? 10_000;
    this.#clock = options.clock ?? realClock;
  }

  get running(): boolean {
    return this.#timer !== undefined || this.#unsubscribe !== undefined;
  }
  /** Reads that rejected since start (diagnostics). */
  get missedSamples(): number {
    return this.#missed;
  }
  /** The open problem, if any. */
  get problem(): MediaProblemReason | undefined {
    return this.#state?.episode?.reason;
  }

  start(): void {
    if (this.running) return;
    this.#generation++;
    this.#state = undefined;
    this.#reading = false;
    this.#missed = 0;
    this.#last = undefined;
    // Fed readings: until two have come, assume the collector's slowest usual pace (4 s, a hidden page).
    this.#cadence = this.#options.samples
      ? Math.max(FED_FIRST_GAP_MS, this.#options.pollMs ?? 1000)
      : (this.#options.pollMs ?? 1000);
    if (this.#options.samples) this.#unsubscribe = this.#options.samples((reading) => this.#assess(reading));
    this.#timer = this.#clock.setInterval(() => void this.#poll(), this.#options.pollMs ?? 1000);
    void this.#poll();
  }

  stop(): void {
    if (!this.running) return;
    if (this.#timer !== undefined) this.#clock.clearInterval(this.#timer);
    this.#unsubscribe?.();
    this.#timer = this.#unsubscribe = undefined;
    this.#generation++;
  }

  async #poll(): Promise<void> {
    this.#judgeSilence();
    if (this.#reading || !this.#options.readSample) return;
    const generation = this.#generation;
    this.#reading = true;
    let reading: MediaReading;
    try {
      reading = await this.#options.readSample();
    } catch {
      if (generation === this.#generation) this.#missed++;
      return;
    } finally {
      if (generation === this.#generation) this.#reading = false;
    }
    if (generation === this.#generation) this.#assess(reading);
  }

  /**
   * No reading for `blindMs` (a getStats() that hangs or keeps failing, a collector that stopped): judge the last
   * one again with no new packets, so a problem and its timeout still come instead of a call kept forever.
   */
  #judgeSilence(): void {
    const last = this.#last;
    // Silence is longer than blindMs, problemMs and two of the readings' own intervals (a slow pace — fed readings
    // while the page is hidden or the call is steady — is not silence).
    const silenceMs = Math.max(this.#blindMs, this.#config.problemMs, 2 * this.#cadence);
    if (!last || !this.#state || this.#clock.now() - last.at < silenceMs) return;
    this.#judge({ ...last.reading, inboundPackets: this.#state.packets });
  }

  #assess(reading: MediaReading): void {
    const now = this.#clock.now();
    if (this.#last) this.#cadence = now - this.#last.at;
    this.#last = { reading, at: now };
    this.#judge(reading);
  }

  #judge(reading: MediaReading): void {
    if (!this.running) return;
    const { state, verdict } = assessMedia(this.#state, { ...reading, at: this.#clock.now() }, this.#config);
    this.#state = state;
    if (verdict) this.#report(verdict);
  }

  #report(verdict: HealthVerdict): void {
    if (verdict.kind === 'problem') this.#options.onProblem?.(verdict.reason);
    else if (verdict.kind === 'recovered') this.#options.onRecovered?.(verdict.downtimeMs);
    else {
      this.stop();
      this.#options.onTimeout?.();
    }
  }
}
