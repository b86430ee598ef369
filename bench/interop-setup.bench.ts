/**
 * Call setup through the interop stack (Kamailio → rtpengine → baresip): medians over N calls of
 * connect→registered, INVITE→200 OK (including the 407 round trip) and INVITE→first inbound audio.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { VinteoConnector } from '../src/connector.js';

const RUNS = 10;

async function firstInboundAudio(pc: RTCPeerConnection, since: number): Promise<number> {
  for (;;) {
    let bytes = 0;
    (await pc.getStats()).forEach((s: Record<string, unknown>) => { if (s.type === 'inbound-rtp' && s.kind === 'audio') bytes += Number(s.bytesReceived ?? 0); });
    if (bytes > 0) return performance.now() - since;
    await new Promise((r) => setTimeout(r, 5));
  }
}

const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); const m = Math.floor(s.length / 2); return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

describe('interop call setup benchmark', () => {
  it(`measures ${RUNS} calls to baresip`, async () => {
    const stack = await executeServerCommand<{ wsUrl: string; domain: string }, object>('interop', { action: 'start' });
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    const samples: Array<{ register: number; ok: number; audio: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      const c = new VinteoConnector({ log: () => undefined });
      const t0 = performance.now();
      await c.connect({ server: stack.wsUrl, domain: stack.domain, register: true, user: 'alice', password: 'alice-secret' });
      const register = performance.now() - t0;
      const t1 = performance.now();
      const accepted = c.wait('call:accepted', 10_000).then(() => performance.now() - t1);
      await c.startCall('baresip', { mediaStream: stream, requestKeyFrames: false });
      const ok = await accepted;
      const audio = await firstInboundAudio(c.peerConnection as RTCPeerConnection, t1);
      await c.hangUp();
      await c.dispose();
      samples.push({ register, ok, audio });
    }
    const f = (k: 'register' | 'ok' | 'audio') => `${median(samples.map((s) => s[k])).toFixed(1)} ms`;
    await executeServerCommand('bench-report', {
      title: `Call setup through Kamailio + rtpengine + baresip (medians of ${RUNS}; TESTING.md's bare sip.js figures: REGISTER ~245 ms after page start, INVITE→200 62 ms, INVITE→first audio 127 ms)`,
      rows: [['client', 'calls', 'connect→registered', 'INVITE→200 OK', 'INVITE→first inbound audio'], ['VinteoConnector', String(RUNS), f('register'), f('ok'), f('audio')]],
    });
    stream.getTracks().forEach((t) => t.stop());
  });
});
