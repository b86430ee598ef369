/** Wires a call's media health monitor to the call's recovery. */
import { MediaHealthMonitor, readingsFrom, sampleFrom, type MediaProblemReason } from '../media/media-health.js';
import type { StatsFeed } from '../stats/types.js';

/** What a call's monitor reports to (the call's recovery). */
export interface MediaHealthSink {
  mediaProblem(reason: MediaProblemReason): void;
  mediaRecovered(downtimeMs: number): void;
  mediaTimeout(): void;
}

/**
 * Starts a monitor on a call's peer connection with the call's `mediaProblemMs` / `mediaTimeoutMs`; with `feed` it
 * reads the connector's one stats collector (a consumer of it) instead of polling `getStats()` itself.
 */
export function watchMedia(
  pc: RTCPeerConnection,
  options: { mediaProblemMs?: number; mediaTimeoutMs?: number },
  sink: MediaHealthSink,
  feed?: StatsFeed,
): MediaHealthMonitor {
  const monitor = new MediaHealthMonitor({
    ...(feed ? { samples: readingsFrom(feed, pc) } : { readSample: sampleFrom(pc) }),
    problemMs: options.mediaProblemMs,
    timeoutMs: options.mediaTimeoutMs,
    onProblem: (reason) => sink.mediaProblem(reason),
    onRecovered: (downtimeMs) => sink.mediaRecovered(downtimeMs),
    onTimeout: () => sink.mediaTimeout(),
  });
  monitor.start();
  return monitor;
}
