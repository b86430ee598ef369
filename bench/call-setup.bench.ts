/**
 * Call setup against the local Vinteo server, for <vinteo-call> (the product) and, interleaved in the same run, a
 * bare sip.js UserAgent + Registerer + Inviter with its default SessionDescriptionHandler (the baseline). Both get
 * the same camera + microphone stream, captured once before any timing (the baseline's handler factory hands it a
 * clone made before the clock starts: sip.js stops its tracks on close). Median / p90 over N calls of:
 *   connect → registered;
 *   startCall()/invite() → the INVITE's 200 OK received on the WebSocket (offer built, 407 round trip, answer);
 *   first INVITE on the wire → that 200 OK (what the server and the network take, plus our 407 turnaround);
 *   407 received → INVITE with credentials sent, on the page's clock (the WebSocket);
 *   the same on the server's clock: the server sends the 407 in the same tick it receives the first INVITE, so this
 *     is first INVITE received → INVITE with credentials received (it includes the server's own event-loop delays);
 *   startCall()/invite() → first inbound media (RTP bytes > 0).
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { wire, inviteTimes, medianP90 } from './wire.js';
import { bareCall, registeredBareAgent, stopBareAgent } from './bare-sip.js';
import '../components/define.js';
import type { VinteoConnectorApi } from '../src/types.js';
import { vinteoServer } from '../test/support/server.js';

/** Calls per client: BENCH_RUNS (bench-probe settings), default 20. */
const runs = async () =>
  (await executeServerCommand<{ runs?: number }, object>('bench-probe', { action: 'settings' })).runs ?? 20;
type Server = { wsUrl: string; domain: string };

interface Sample {
  register: number;
  toOk: number;
  wireToOk: number;
  resend: number;
  serverResend: number;
  media: number;
}

async function firstInboundMedia(pc: RTCPeerConnection, since: number): Promise<number> {
  for (;;) {
    const stats = await pc.getStats();
    let bytes = 0;
    stats.forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp') bytes += Number(s.bytesReceived ?? 0);
    });
    if (bytes > 0) return performance.now() - since;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The server's receive times of the call's INVITEs: the one with credentials minus the first (sent the 407 at once). */
async function serverResend(callId: string): Promise<number> {
  const invites = (await vinteoServer.requests({ method: 'INVITE' })).filter((r) => r.callId === callId);
  const at = (cseq: number) => (invites.find((r) => r.cseq === cseq) as { at?: number } | undefined)?.at ?? NaN;
  return at(2) - at(1);
}

async function sample(register: number, t1: number, media: number): Promise<Sample> {
  const { toOk, wireToOk, resend, callId } = inviteTimes(t1);
  return { register, toOk, wireToOk, resend, serverResend: await serverResend(callId), media };
}

async function elementRun(server: Server, stream: MediaStream): Promise<Sample> {
  const host = document.createElement('vinteo-connector') as unknown as HTMLElement & {
    connector: VinteoConnectorApi;
    password: string;
    connect(): Promise<void>;
  };
  host.setAttribute('server', server.wsUrl);
  host.setAttribute('domain', server.domain);
  host.setAttribute('user', 'alice');
  host.setAttribute('register', '');
  host.password = 'alice-secret';
  const call = document.createElement('vinteo-call') as HTMLElement & {
    mediaStream: MediaStream;
    call(): Promise<void>;
  };
  call.setAttribute('target', '1000');
  call.mediaStream = stream;
  host.append(call);
  document.body.append(host);
  const t0 = performance.now();
  await host.connect();
  const register = performance.now() - t0;
  const connector = host.connector;
  const t1 = performance.now();
  const accepted = connector.wait('call:accepted', 10_000);
  await call.call();
  await accepted;
  const media = await firstInboundMedia(connector.peerConnection as RTCPeerConnection, t1);
  await connector.hangUp();
  host.remove();
  await connector.disconnect();
  return sample(register, t1, media);
}

async function baselineRun(server: Server, stream: MediaStream): Promise<Sample> {
  const agent = await registeredBareAgent(server.domain, server.wsUrl, stream);
  const t1 = performance.now();
  const { inviter, pc } = await bareCall(agent, `sip:1000@${server.domain}`, true);
  const media = await firstInboundMedia(pc, t1);
  await inviter.bye();
  await stopBareAgent(agent);
  return sample(agent.registerMs, t1, media);
}

const KEYS: Array<keyof Sample> = ['register', 'toOk', 'wireToOk', 'resend', 'serverResend', 'media'];
const row = (name: string, samples: Sample[]) => [
  name,
  String(samples.length),
  ...KEYS.map((k) => medianP90(samples, k)),
];

describe('call setup benchmark', () => {
  it('measures interleaved calls', async () => {
    const RUNS = await runs();
    const server = await vinteoServer.info();
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
    const element: Sample[] = [];
    const baseline: Sample[] = [];
    // One unmeasured warm-up call each (first-call costs: codecs, JIT), then interleaved runs.
    await elementRun(server, stream);
    await baselineRun(server, stream);
    await vinteoServer.reset();
    for (let i = 0; i < RUNS; i++) {
      element.push(await elementRun(server, stream));
      baseline.push(await baselineRun(server, stream));
      await vinteoServer.reset();
      wire.length = 0;
    }
    await executeServerCommand('bench-report', {
      key: 'local',
      title: `Call setup against the local Vinteo server (median / p90 in ms of ${RUNS} interleaved calls each, after one warm-up call)`,
      rows: [
        [
          'client',
          'calls',
          'connect→registered',
          'startCall()→200 OK',
          'first INVITE sent→200 OK',
          '407→INVITE with credentials (page)',
          'INVITE→INVITE with credentials (server clock)',
          'startCall()→first inbound media',
        ],
        row('<vinteo-call>', element),
        row('bare sip.js Inviter (baseline)', baseline),
      ],
    });
    stream.getTracks().forEach((t) => t.stop());
  });
});
