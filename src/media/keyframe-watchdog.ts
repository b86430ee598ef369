/**
 * RFC 5168 key-frame requests over SIP INFO. Plain-RTP far ends (behind a media relay that strips RTCP
 * feedback) only send a key frame when asked this way. The watchdog polls inbound video stats and asks when a
 * receiving video track decodes no new frame for `stallMs`; it stops asking after `maxRequests` in a row or
 * when the far end refuses the INFO. With a `feed` it reads the connector's one stats collector instead of polling.
 */
import { inboundOf, receivingOf } from '../stats/counters.js';
import type { StatsFeed, StatsSample } from '../stats/types.js';

export const MEDIA_CONTROL = 'application/media_control+xml';
export const PICTURE_FAST_UPDATE = [
  '<?xml version="1.0" encoding="utf-8" ?>',
  '<media_control><vc_primitive><to_encoder><picture_fast_update/></to_encoder></vc_primitive></media_control>',
].join('\r\n');

export interface WatchdogOptions {
  pc: RTCPeerConnection;
  /** Sends the INFO; rejects when the far end refuses it. */
  request: () => Promise<unknown>;
  onRequested?: (reason: 'no-frames' | 'stalled') => void;
  /** Samples of the stats collector (only those of `pc` count); without it the watchdog polls every `intervalMs`. */
  feed?: StatsFeed;
  intervalMs?: number;
  stallMs?: number;
  maxRequests?: number;
}

/**
 * Frames decoded and packets received over inbound video, and how many video streams we expect: the larger of
 * the inbound-rtp reports and the negotiated receiving video m-lines (a stream that never sent a packet has no
 * report yet, and is exactly the case to ask about).
 */
export async function inboundVideo(
  pc: RTCPeerConnection,
): Promise<{ frames: number; packets: number; streams: number }> {
  const totals = { frames: 0, packets: 0, streams: 0 };
  (await pc.getStats()).forEach((s: Record<string, unknown>) => {
    if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
    totals.streams++;
    totals.frames += Number(s.framesDecoded ?? 0);
    totals.packets += Number(s.packetsReceived ?? 0);
  });
  totals.streams = Math.max(totals.streams, receivingVideo(pc));
  return totals;
}

/** {@link inboundVideo} from a sample of the stats collector (its counters only). */
export function inboundVideoOf(sample: StatsSample): { frames: number; streams: number } {
  let frames = 0;
  let streams = 0;
  for (const s of inboundOf(sample)) {
    if (s.kind !== 'video') continue;
    streams++;
    frames += s.framesDecoded;
  }
  return { frames, streams: Math.max(streams, receivingOf(sample).video) };
}

function receivingVideo(pc: RTCPeerConnection): number {
  return pc
    .getTransceivers()
    .filter(
      (t) =>
        t.receiver.track.kind === 'video' && (t.currentDirection === 'sendrecv' || t.currentDirection === 'recvonly'),
    ).length;
}

type Frames = { frames: number; streams: number };

export class KeyFrameWatchdog {
  #options: Required<Omit<WatchdogOptions, 'onRequested' | 'feed'>> & Pick<WatchdogOptions, 'onRequested' | 'feed'>;
  #timer?: ReturnType<typeof setInterval>;
  #unsubscribe?: () => void;
  #lastFrames = -1;
  #stalledSince = 0;
  #requests = 0;
  #busy = false;

  constructor(options: WatchdogOptions) {
    this.#options = { intervalMs: 500, stallMs: 1500, maxRequests: 3, ...options };
  }

  start(): void {
    if (this.#timer || this.#unsubscribe) return;
    this.#stalledSince = Date.now();
    const { feed, pc } = this.#options;
    if (feed)
      this.#unsubscribe = feed.consume((sample) => {
        if (sample.pc === pc) this.#judge(() => inboundVideoOf(sample));
      }, 'counters');
    else this.#timer = setInterval(() => this.#judge(() => inboundVideo(pc)), this.#options.intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#unsubscribe?.();
    this.#timer = this.#unsubscribe = undefined;
  }

  /** Judges one reading: synchronously when it is at hand (a fed sample), busy while a poll or a request is pending. */
  #judge(read: () => Frames | Promise<Frames>): void {
    if (this.#busy || this.#options.pc.connectionState === 'closed') return;
    let pending: Promise<unknown> | undefined;
    try {
      const reading = read();
      pending = reading instanceof Promise ? reading.then((r) => this.#decide(r)) : this.#decide(reading);
    } catch {
      return this.stop();
    }
    if (!pending) return;
    this.#busy = true;
    pending
      .catch(() => this.stop())
      .finally(() => {
        this.#busy = false;
      });
  }

  /** Frames moved (or nothing to judge) → progress; stalled for stallMs → a request (the pending INFO). */
  #decide({ frames, streams }: Frames): Promise<void> | undefined {
    if (streams === 0 || frames > this.#lastFrames) this.#progress(frames);
    else if (Date.now() - this.#stalledSince >= this.#options.stallMs)
      return this.#ask(frames === 0 ? 'no-frames' : 'stalled');
    return undefined;
  }

  #progress(frames: number): void {
    if (frames > this.#lastFrames && this.#lastFrames >= 0) this.#requests = 0;
    this.#lastFrames = frames;
    this.#stalledSince = Date.now();
  }

  async #ask(reason: 'no-frames' | 'stalled'): Promise<void> {
    if (this.#requests >= this.#options.maxRequests) return;
    this.#requests++;
    this.#stalledSince = Date.now();
    this.#options.onRequested?.(reason);
    await this.#options.request();
  }
}
