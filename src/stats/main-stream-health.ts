/**
 * Main-stream health (docs/connector.md "Sending quality"; the reference's §5.7): is the main remote video alive?
 * A pure detector compares the previous and the current sample of the main inbound video; the same problem three
 * samples in a row opens an episode (`…-problem-detected`, once) and asks for ONE recovery — a re-INVITE of the call,
 * or a re-offer of the spectator's receive-only session — throttled (4 s, leading and trailing), never two at once,
 * never while the call is already recovering (the media-health ICE restart, a transport reconnection). A healthy
 * sample closes the episode (`…-resolved`); a new call or another peer connection forgets it (`…-reset`).
 *
 * Who handles what: media-health (src/media/media-health.ts) — no inbound packets at all → ICE restart, then
 * `media-timeout`; the key-frame watchdog — video packets but no decoded frames → RFC 5168 INFO (cheap, first);
 * this monitor — the main video alone stalls, never arrives, or stays undecodable while audio flows → re-INVITE.
 */
import type { LogSink } from '../util/logger.js';
import { Timer, type Clock } from '../util/clock.js';
import { CollectedSample, receivingOf } from './counters.js';
import type { HealthProblem, HealthResetCause, StatsEvents, StatsFeed, StatsSample } from './types.js';

export interface InboundVideoReading {
  packetsReceived: number;
  bytesReceived: number;
  framesReceived: number;
  framesDecoded: number;
  /** The main remote video track is `muted` (no frames reach it). */
  trackMuted: boolean;
}

export const MIN_CONSECUTIVE_SAMPLES = 3;
export const INVALID_FRAMES_MIN_PACKETS = 500;
export const RECOVERY_THROTTLE_MS = 4000;

/** The problem of one sample against the previous one; priority stalled > no traffic > invalid frames. Pure. */
export function problemOf(
  previous: InboundVideoReading | undefined,
  current: InboundVideoReading,
): HealthProblem | undefined {
  if (stalled(previous, current)) return 'inbound-video-stalled';
  if (current.packetsReceived === 0 && current.bytesReceived === 0) return 'no-inbound-video-traffic';
  if (invalidFrames(previous, current)) return 'invalid-inbound-frames';
  return undefined;
}

function stalled(previous: InboundVideoReading | undefined, current: InboundVideoReading): boolean {
  if (!previous || (previous.packetsReceived <= 0 && previous.bytesReceived <= 0)) return false;
  return current.packetsReceived === previous.packetsReceived && current.bytesReceived === previous.bytesReceived;
}

function invalidFrames(previous: InboundVideoReading | undefined, current: InboundVideoReading): boolean {
  const flowing =
    current.packetsReceived >= INVALID_FRAMES_MIN_PACKETS &&
    previous !== undefined &&
    current.packetsReceived !== previous.packetsReceived;
  const noFrames =
    !(current.framesReceived > 0) ||
    !(current.framesDecoded > 0) ||
    (previous !== undefined &&
      (current.framesReceived === previous.framesReceived || current.framesDecoded === previous.framesDecoded));
  return current.trackMuted && flowing && noFrames;
}

export interface HealthEpisodeState {
  previous?: InboundVideoReading;
  reason?: HealthProblem;
  count: number;
  /** The reason an open episode was detected with. */
  detected?: HealthProblem;
}

export type HealthChange =
  { kind: 'detected'; reason: HealthProblem; consecutiveSamples: number } | { kind: 'resolved'; reason: HealthProblem };

/** The next episode state and what to report, after one reading. Pure. */
export function assessHealth(
  state: HealthEpisodeState,
  reading: InboundVideoReading,
  minSamples = MIN_CONSECUTIVE_SAMPLES,
): { state: HealthEpisodeState; change?: HealthChange } {
  const problem = problemOf(state.previous, reading);
  if (!problem) {
    const next: HealthEpisodeState = { previous: reading, count: 0 };
    return state.detected ? { state: next, change: { kind: 'resolved', reason: state.detected } } : { state: next };
  }
  const count = problem === state.reason ? state.count + 1 : 1;
  const next: HealthEpisodeState = { previous: reading, reason: problem, count, detected: state.detected };
  if (state.detected || count < minSamples) return { state: next };
  return {
    state: { ...next, detected: problem },
    change: { kind: 'detected', reason: problem, consecutiveSamples: count },
  };
}

/** The main inbound video of a sample (undefined: nothing to judge — no video is negotiated to be received: audio only, on hold). */
export function readInboundVideo(sample: StatsSample, trackMuted: boolean): InboundVideoReading | undefined {
  if (!receivingOf(sample).video) return undefined;
  if (sample instanceof CollectedSample) {
    // The collector's sample: its cheap counters, the main stream picked as the normaliser would (no normalising).
    const main = sample.mainInboundVideo;
    return {
      packetsReceived: main?.packetsReceived ?? 0,
      bytesReceived: main?.bytesReceived ?? 0,
      framesReceived: main?.framesReceived ?? 0,
      framesDecoded: main?.framesDecoded ?? 0,
      trackMuted,
    };
  }
  const main = sample.snapshot.inbound.video;
  let raw: Record<string, unknown> | undefined;
  sample.raw.forEach((s: Record<string, unknown>) => {
    if (raw || s.type !== 'inbound-rtp' || s.kind !== 'video') return;
    if (!main || (main.ssrc !== undefined ? s.ssrc === main.ssrc : s.mid === main.mid)) raw = s;
  });
  const n = (key: string) => Number(raw?.[key] ?? 0);
  return {
    packetsReceived: raw ? n('packetsReceived') : (main?.packets ?? 0),
    bytesReceived: n('bytesReceived'),
    framesReceived: n('framesReceived'),
    framesDecoded: n('framesDecoded'),
    trackMuted,
  };
}

type HealthEvents = Pick<
  StatsEvents,
  | 'main-stream-health:inbound-video-problem-detected'
  | 'main-stream-health:inbound-video-problem-resolved'
  | 'main-stream-health:inbound-video-problem-reset'
>;

export interface StreamHealthDeps {
  feed: StatsFeed;
  clock: Clock;
  log: LogSink;
  emit: <K extends keyof HealthEvents>(name: K, payload: HealthEvents[K]) => void;
  /** The main remote video track shown now (the call's, or the receive-only session's). */
  mainRemoteVideo: () => MediaStreamTrack | undefined;
  /** A re-INVITE through the call's offer queue, or the receive-only session's re-offer for a spectator. */
  recover: () => Promise<void>;
  /** The call is already recovering its media or signalling (ICE restart, reconnection): no recovery of ours then. */
  busy: () => boolean;
  minSamples?: number;
  throttleMs?: number;
}

export class MainStreamHealth {
  readonly #deps: StreamHealthDeps;
  readonly #trailing: Timer;
  #unsubscribe?: () => void;
  #state: HealthEpisodeState = { count: 0 };
  #pc?: RTCPeerConnection;
  #inFlight = false;
  #lastRecoveryAt = Number.NEGATIVE_INFINITY;
  #generation = 0;

  constructor(deps: StreamHealthDeps) {
    this.#deps = deps;
    this.#trailing = new Timer(deps.clock);
  }

  get watching(): boolean {
    return this.#unsubscribe !== undefined;
  }
  get problem(): HealthProblem | undefined {
    return this.#state.detected;
  }

  /** The call is confirmed: watch its samples (an open episode of before is forgotten). */
  start(): void {
    this.#reset('confirmed');
    this.#unsubscribe ??= this.#deps.feed.consume((sample) => this.#onSample(sample), 'counters');
  }

  /** The call ended: stop watching, cancel a pending recovery. */
  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#reset('call-ended');
    this.#cancelRecovery();
    this.#pc = undefined;
  }

  #onSample(sample: StatsSample): void {
    if (this.#pc && sample.pc !== this.#pc) this.#reset('source-changed');
    this.#pc = sample.pc;
    const reading = readInboundVideo(sample, this.#deps.mainRemoteVideo()?.muted === true);
    if (!reading) return;
    const { state, change } = assessHealth(this.#state, reading, this.#deps.minSamples);
    this.#state = state;
    if (change?.kind === 'detected') this.#detected(change.reason, change.consecutiveSamples);
    else if (change) this.#deps.emit('main-stream-health:inbound-video-problem-resolved', { reason: change.reason });
  }

  #detected(reason: HealthProblem, consecutiveSamples: number): void {
    this.#deps.emit('main-stream-health:inbound-video-problem-detected', { reason, consecutiveSamples });
    this.#requestRecovery();
  }

  #reset(resetCause: HealthResetCause): void {
    const reason = this.#state.detected;
    this.#state = { count: 0 };
    if (reason) this.#deps.emit('main-stream-health:inbound-video-problem-reset', { reason, resetCause });
  }

  /** Leading and trailing throttle: at once when the last recovery began ≥ throttleMs ago, else once at that mark. */
  #requestRecovery(): void {
    if (this.#inFlight || this.#trailing.pending) return;
    const wait = this.#lastRecoveryAt + (this.#deps.throttleMs ?? RECOVERY_THROTTLE_MS) - this.#deps.clock.now();
    if (wait <= 0) this.#recover();
    else this.#trailing.start(wait, () => this.#recover());
  }

  #recover(): void {
    if (this.#inFlight || !this.#unsubscribe) return;
    if (this.#deps.busy())
      return this.#deps.log(
        'info',
        'main-stream-health: the call is already recovering its media; no re-INVITE of ours',
      );
    const generation = this.#generation;
    this.#inFlight = true;
    this.#lastRecoveryAt = this.#deps.clock.now();
    this.#deps.log('info', `main-stream-health: recovering the main video (${this.#state.detected ?? 'problem'})`);
    this.#deps
      .recover()
      .catch((error: unknown) => this.#deps.log('warn', 'main-stream-health: the recovery failed', error))
      .finally(() => {
        if (generation === this.#generation) this.#inFlight = false;
      });
  }

  #cancelRecovery(): void {
    this.#trailing.clear();
    this.#generation++;
    this.#inFlight = false;
  }
}
