/**
 * Outbound video verification after `replaceMediaStream(stream, {verifyOutboundVideo})` (docs/connector.md "Sending
 * quality"; the reference's §5.6): the promise resolves only once stats show the NEW camera track's frames leaving —
 * the sender's media source carries the new track's id and, since the sample taken before the swap, packets, bytes
 * and frames grew by the strictness' amounts (strict: two samples in a row, each growing). After the timeout, or
 * when the new track ends, it rejects with `outbound-video-unverified`; the stream stays replaced either way.
 */
import { VinteoError } from '../errors.js';
import { Timer, type Clock } from '../util/clock.js';
import type { OutboundVerification, StatsFeed, StatsSample } from '../stats/types.js';

export interface Strictness {
  packets: number;
  bytes: number;
  frames?: number;
  samples: number;
}

export const STRICTNESS: Readonly<Record<OutboundVerification, Strictness>> = {
  fast: { packets: 1, bytes: 0, samples: 1 },
  normal: { packets: 5, bytes: 8000, frames: 3, samples: 1 },
  strict: { packets: 10, bytes: 16_000, frames: 5, samples: 2 },
};
export const DEFAULT_VERIFY_TIMEOUT_MS = 5000;

/** The sender stream that carries one track, as one sample saw it. */
export interface OutboundReading {
  rtpId: string;
  sourceId: string;
  packetsSent: number;
  bytesSent: number;
  framesEncoded: number;
  /** Frames the track delivered to the sender (media-source `frames`). */
  sourceFrames: number;
}

type Stat = Record<string, unknown>;

function statsOf(raw: RTCStatsReport): Stat[] {
  const all: Stat[] = [];
  raw.forEach((s: Stat) => all.push(s));
  return all;
}

/**
 * The outbound video whose media source is `trackId` (undefined: that track is not being sent). Chromium links the
 * RTP stream to its source (`mediaSourceId`); Firefox does not, so there the stream is the one of the sender's `mid`.
 */
export function readOutbound(raw: RTCStatsReport, trackId: string, mid?: string): OutboundReading | undefined {
  const stats = statsOf(raw);
  const source = stats.find((s) => s.type === 'media-source' && s.kind === 'video' && s.trackIdentifier === trackId);
  const linked = source && stats.find((s) => s.type === 'outbound-rtp' && s.mediaSourceId === source.id);
  const byMid = (s: Stat) => s.type === 'outbound-rtp' && s.kind === 'video' && !s.mediaSourceId && s.mid === mid;
  const rtp = linked ?? (source && mid !== undefined ? stats.find(byMid) : undefined);
  if (!source || !rtp) return undefined;
  return {
    rtpId: String(rtp.id),
    sourceId: String(source.id),
    packetsSent: Number(rtp.packetsSent ?? 0),
    bytesSent: Number(rtp.bytesSent ?? 0),
    framesEncoded: Number(rtp.framesEncoded ?? 0),
    sourceFrames: Number(source.frames ?? 0),
  };
}

/** The same RTP stream and media source in the baseline sample (zeros for what it did not have). */
export function baselineFor(raw: RTCStatsReport | undefined, reading: OutboundReading): OutboundReading {
  const rtp = raw?.get(reading.rtpId) as Stat | undefined;
  const source = raw?.get(reading.sourceId) as Stat | undefined;
  return {
    rtpId: reading.rtpId,
    sourceId: reading.sourceId,
    packetsSent: Number(rtp?.packetsSent ?? 0),
    bytesSent: Number(rtp?.bytesSent ?? 0),
    framesEncoded: Number(rtp?.framesEncoded ?? 0),
    sourceFrames: Number(source?.frames ?? 0),
  };
}

function frames(r: OutboundReading): number {
  return Math.max(r.framesEncoded, r.sourceFrames);
}

/** Whether `current` has grown enough since `base`. Pure. */
export function meets(base: OutboundReading, current: OutboundReading, rule: Strictness): boolean {
  if (current.packetsSent - base.packetsSent < rule.packets || current.bytesSent - base.bytesSent < rule.bytes)
    return false;
  const framesDelta = Math.max(current.framesEncoded - base.framesEncoded, current.sourceFrames - base.sourceFrames);
  return rule.frames === undefined || framesDelta >= rule.frames;
}

function grew(previous: OutboundReading | undefined, current: OutboundReading): boolean {
  return (
    !previous ||
    (current.packetsSent > previous.packetsSent &&
      current.bytesSent > previous.bytesSent &&
      frames(current) > frames(previous))
  );
}

export interface VerifyState {
  good: number;
  previous?: OutboundReading;
}

/** One sample of the verification: the next state, and whether the track is now verified. Pure. */
export function verifyStep(
  state: VerifyState,
  base: OutboundReading | undefined,
  current: OutboundReading | undefined,
  rule: Strictness,
): { state: VerifyState; verified: boolean } {
  if (!current || !base || !meets(base, current, rule))
    return { state: { good: 0, previous: current }, verified: false };
  const good = rule.samples > 1 && !grew(state.previous, current) ? 1 : state.good + 1;
  return { state: { good, previous: current }, verified: good >= rule.samples };
}

export interface VerifyDeps {
  feed: StatsFeed;
  clock: Clock;
}

export interface VerifyRequest {
  track: MediaStreamTrack;
  strictness: OutboundVerification;
  timeoutMs?: number;
  /** The sample before the swap (default: the feed's latest when called). */
  baseline?: StatsSample;
  /** The camera transceiver's `mid`: how the RTP stream is found where stats do not link it to its source. */
  mid?: string;
}

export function unverified(message: string): VinteoError {
  return new VinteoError('outbound-video-unverified', message);
}

/** Resolves once `track` is verifiably sent; rejects with `outbound-video-unverified` on timeout or when it ends. */
export function verifyOutboundVideo(deps: VerifyDeps, request: VerifyRequest): Promise<void> {
  return new Promise((resolve, reject) =>
    new Verification(deps, request, (error) => (error ? reject(error) : resolve())).start(),
  );
}

/** One verification: consumes samples until verified, the track ends or the timeout. */
class Verification {
  readonly #deps: VerifyDeps;
  readonly #request: VerifyRequest;
  readonly #rule: Strictness;
  readonly #baseRaw: RTCStatsReport | undefined;
  readonly #timer: Timer;
  readonly #done: (error?: VinteoError) => void;
  #state: VerifyState = { good: 0 };
  #unsubscribe?: () => void;
  #finished = false;

  constructor(deps: VerifyDeps, request: VerifyRequest, done: (error?: VinteoError) => void) {
    this.#deps = deps;
    this.#request = request;
    this.#rule = STRICTNESS[request.strictness] ?? STRICTNESS.normal;
    this.#baseRaw = (request.baseline ?? deps.feed.latest)?.raw;
    this.#timer = new Timer(deps.clock);
    this.#done = done;
  }

  start(): void {
    const timeoutMs = this.#request.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS;
    this.#timer.start(timeoutMs, () =>
      this.#finish(
        unverified(
          `No frames of the new camera track were seen leaving within ${timeoutMs} ms (${this.#request.strictness})`,
        ),
      ),
    );
    // It reads the raw reports only.
    // Prompt: it has a deadline, so a steady call's slower sampling must not eat into it.
    const unsubscribe = this.#deps.feed.consume((sample) => this.#onSample(sample), 'prompt-counters');
    if (this.#finished) unsubscribe();
    else this.#unsubscribe = unsubscribe;
  }

  #onSample(sample: StatsSample): void {
    if (this.#finished) return;
    const { track } = this.#request;
    if (track.readyState === 'ended')
      return this.#finish(unverified('The new camera track ended before its frames were sent'));
    const current = readOutbound(sample.raw, track.id, this.#request.mid);
    const step = verifyStep(this.#state, current && baselineFor(this.#baseRaw, current), current, this.#rule);
    this.#state = step.state;
    if (step.verified) this.#finish();
  }

  #finish(error?: VinteoError): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#timer.clear();
    this.#unsubscribe?.();
    this.#done(error);
  }
}
