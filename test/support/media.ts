/** Browser-side helpers for integration tests: fake media, stats, and waiting on conditions. */

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws with `what`). */
/** Polls `check` until it returns a truthy value (returned, so never `undefined`/`null`/false) or times out. */
export async function waitUntil<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Camera + microphone from Chromium's fake devices. */
export function fakeMedia(
  constraints: MediaStreamConstraints = { audio: true, video: { width: 320, height: 240 } },
): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia(constraints);
}

export interface RtpTotals {
  inbound: Record<'audio' | 'video', { bytes: number; packets: number; framesDecoded: number }>;
  outbound: Record<'audio' | 'video', { bytes: number; packets: number }>;
}

/** Sums inbound/outbound RTP per kind from getStats. */
export async function rtpTotals(pc: RTCPeerConnection): Promise<RtpTotals> {
  const totals: RtpTotals = {
    inbound: { audio: { bytes: 0, packets: 0, framesDecoded: 0 }, video: { bytes: 0, packets: 0, framesDecoded: 0 } },
    outbound: { audio: { bytes: 0, packets: 0 }, video: { bytes: 0, packets: 0 } },
  };
  const report = await pc.getStats();
  report.forEach((s: Record<string, unknown>) => {
    const kind = s.kind as 'audio' | 'video';
    if (s.type === 'inbound-rtp' && totals.inbound[kind]) {
      totals.inbound[kind].bytes += Number(s.bytesReceived ?? 0);
      totals.inbound[kind].packets += Number(s.packetsReceived ?? 0);
      totals.inbound[kind].framesDecoded += Number(s.framesDecoded ?? 0);
    }
    if (s.type === 'outbound-rtp' && totals.outbound[kind]) {
      totals.outbound[kind].bytes += Number(s.bytesSent ?? 0);
      totals.outbound[kind].packets += Number(s.packetsSent ?? 0);
    }
  });
  return totals;
}

/** A canvas video track (a second camera for replace tests). */
export function canvasTrack(color = '#3a7'): MediaStreamTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 120;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  let frame = 0;
  const draw = () => {
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, 160, 120);
    ctx.fillStyle = '#fff';
    ctx.fillRect((frame++ * 4) % 160, 50, 20, 20);
  };
  draw();
  const timer = setInterval(draw, 50);
  const track = canvas.captureStream(20).getVideoTracks()[0];
  track.addEventListener('ended', () => clearInterval(timer));
  const stop = track.stop.bind(track);
  track.stop = () => {
    clearInterval(timer);
    stop();
  };
  return track;
}

/**
 * A live video track the test can end the way a browser does — a trusted `ended` event (the receiver track of a
 * transceiver that is then stopped). A synthetic `track.dispatchEvent(new Event('ended'))` reaches addEventListener
 * listeners in Chromium only (Firefox runs just `onended` for it), so tests of "the browser ended the track" use this.
 */
export function endableTrack(): { track: MediaStreamTrack; end: () => void } {
  const pc = new RTCPeerConnection();
  const transceiver = pc.addTransceiver('video');
  return {
    track: transceiver.receiver.track,
    end: () => {
      transceiver.stop();
      pc.close();
    },
  };
}
