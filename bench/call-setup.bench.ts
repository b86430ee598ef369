/**
 * Call setup against the local Vinteo server: medians over N calls of
 *   connect → registered, INVITE → 200 OK, INVITE → first inbound media (audio RTP bytes > 0)
 * for <vinteo-call> (the product) and, in the same run, a bare sip.js Inviter (the baseline).
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { Inviter, Registerer, UserAgent, Web } from 'sip.js';
import '../components/define.js';
import type { VinteoConnectorApi } from '../src/types.js';
import { vinteoServer } from '../test/support/server.js';

const RUNS = Number(new URLSearchParams(location.search).get('runs') ?? 20);

interface Sample {
  register: number;
  ok200: number;
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

async function elementRun(server: { wsUrl: string; domain: string }, stream: MediaStream): Promise<Sample> {
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
  const accepted = connector.wait('call:accepted', 10_000).then(() => performance.now() - t1);
  await call.call();
  const ok200 = await accepted;
  const media = await firstInboundMedia(connector.peerConnection as RTCPeerConnection, t1);
  await connector.hangUp();
  host.remove();
  await connector.disconnect();
  return { register, ok200, media };
}

async function baselineRun(server: { wsUrl: string; domain: string }, stream: MediaStream): Promise<Sample> {
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:alice@${server.domain}`),
    authorizationUsername: 'alice',
    authorizationPassword: 'alice-secret',
    transportOptions: { server: server.wsUrl },
    logBuiltinEnabled: false,
    sessionDescriptionHandlerFactoryOptions: {
      peerConnectionConfiguration: { iceServers: [] },
      iceGatheringTimeout: 1000,
    },
  });
  const t0 = performance.now();
  await ua.start();
  const registerer = new Registerer(ua);
  await new Promise<void>((resolve, reject) => {
    void registerer.register({
      requestDelegate: { onAccept: () => resolve(), onReject: () => reject(new Error('register')) },
    });
  });
  const register = performance.now() - t0;
  const inviter = new Inviter(ua, UserAgent.makeURI(`sip:1000@${server.domain}`) as never, {
    sessionDescriptionHandlerOptions: { constraints: { audio: true, video: true } },
  });
  const t1 = performance.now();
  let ok200 = 0;
  await inviter.invite({
    requestDelegate: {
      onAccept: () => {
        ok200 = performance.now() - t1;
      },
    },
  });
  while (!ok200) await new Promise((r) => setTimeout(r, 5));
  const pc = (inviter.sessionDescriptionHandler as Web.SessionDescriptionHandler).peerConnection as RTCPeerConnection;
  const media = await firstInboundMedia(pc, t1);
  await inviter.bye();
  await registerer.unregister().catch(() => undefined);
  await ua.stop();
  void stream;
  return { register, ok200, media };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function row(name: string, samples: Sample[]): string[] {
  const f = (k: keyof Sample) => `${median(samples.map((s) => s[k])).toFixed(1)} ms`;
  return [name, String(samples.length), f('register'), f('ok200'), f('media')];
}

describe('call setup benchmark', () => {
  it(`measures ${RUNS} calls each`, async () => {
    const server = await vinteoServer.info();
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
    const element: Sample[] = [];
    const baseline: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      element.push(await elementRun(server, stream));
      baseline.push(await baselineRun(server, stream));
      await vinteoServer.reset();
    }
    await executeServerCommand('bench-report', {
      title: `Call setup against the local Vinteo server (medians of ${RUNS}, interleaved runs)`,
      rows: [
        ['client', 'calls', 'connect→registered', 'INVITE→200 OK', 'INVITE→first inbound media'],
        row('<vinteo-call>', element),
        row('bare sip.js Inviter (baseline)', baseline),
      ],
    });
    stream.getTracks().forEach((t) => t.stop());
  });
});
