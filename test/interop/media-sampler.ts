/** Inbound media sampled on a timer, to see gaps through a fault (used by reconnect.test.ts and bench/reconnect.bench.ts). */
import { rtpTotals } from '../support/media.js';

export interface InboundSample {
  at: number;
  packets: number;
  bytes: number;
}

export interface InboundSampler {
  samples: InboundSample[];
  /** Stops sampling (also stops by itself after `maxMs`). */
  stop(): Promise<void>;
  /**
   * The longest time without inbound packets as the polling sees it: between two samples where the packet count grew,
   * and from the last growth to the last sample (media that never came back counts up to the end).
   */
  longestGapMs(): number;
  /** Whether the count grew after `at`. */
  grewAfter(at: number): boolean;
}

/** Inbound audio+video packets of `pc` every `intervalMs` (Date.now() stamps); bounded by `maxMs`. */
export function sampleInbound(pc: RTCPeerConnection, intervalMs = 100, maxMs = 120_000): InboundSampler {
  const samples: InboundSample[] = [];
  let stopped = false;
  const until = Date.now() + maxMs;
  const done = (async () => {
    while (!stopped && Date.now() < until) {
      const t = await rtpTotals(pc).catch(() => undefined);
      if (t)
        samples.push({
          at: Date.now(),
          packets: t.inbound.audio.packets + t.inbound.video.packets,
          bytes: t.inbound.audio.bytes + t.inbound.video.bytes,
        });
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    samples,
    stop: async () => {
      stopped = true;
      await done;
    },
    longestGapMs: () => {
      let longest = 0;
      let lastGrowth = samples[0]?.at ?? 0;
      for (let i = 1; i < samples.length; i++) {
        if (samples[i].packets > samples[i - 1].packets) {
          longest = Math.max(longest, samples[i].at - lastGrowth);
          lastGrowth = samples[i].at;
        }
      }
      return Math.max(longest, (samples.at(-1)?.at ?? 0) - lastGrowth);
    },
    grewAfter: (at) => samples.some((s, i) => i > 0 && s.at > at && s.packets > samples[i - 1].packets),
  };
}
