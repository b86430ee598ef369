/** Wires a call's media health monitor to the call's recovery. */
import { MediaHealthMonitor, sampleFrom, type MediaProblemReason } from '../media/media-health.js';

/** What a call's monitor reports to (the call's recovery). */
export interface MediaHealthSink {
  mediaProblem(reason: MediaProblemReason): void;
  mediaRecovered(downtimeMs: number): void;
  mediaTimeout(): void;
}

/** Starts a monitor on a call's peer connection with the call's `mediaProblemMs` / `mediaTimeoutMs`. */
export function watchMedia(pc: RTCPeerConnection, options: { mediaProblemMs?: number; mediaTimeoutMs?: number }, sink: MediaHealthSink): MediaHealthMonitor {
  const monitor = new MediaHealthMonitor({
    readSample: sampleFrom(pc),
    problemMs: options.mediaProblemMs,
    timeoutMs: options.mediaTimeoutMs,
    onProblem: (reason) => sink.mediaProblem(reason),
    onRecovered: (downtimeMs) => sink.mediaRecovered(downtimeMs),
    onTimeout: () => sink.mediaTimeout(),
  });
  monitor.start();
  return monitor;
}
