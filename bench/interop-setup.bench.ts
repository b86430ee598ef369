/**
 * Call setup through the interop stack (Kamailio → rtpengine → baresip), interleaved in one run: our
 * VinteoConnector; the same connector with sip.js's grammar as shipped (no fast paths: src/connection/fast-grammar.ts,
 * i.e. the 407 turnaround as it was); and a bare sip.js UserAgent + Registerer + Inviter with its default
 * SessionDescriptionHandler (iceServers: [], 1 s ICE gathering timeout). All three get the same microphone stream,
 * captured once before any timing (the baseline's handler gets a clone made before the clock starts).
 *
 * Median / p90 over N calls of connect → registered, startCall()/invite() → the INVITE's 200 OK on the WebSocket,
 * first INVITE sent → that 200 OK, and → first inbound audio; and, broken down: invite() → first INVITE sent, first
 * INVITE → 407, 407 → INVITE with credentials on the page's clock and on Kamailio's (its log: 407 sent → INVITE with
 * credentials received, test/interop/kamailio.cfg), INVITE with credentials → 200, m-lines and candidates.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { inviteTimes, medianP90, type InviteTimes } from './wire.js';
import { UserAgent } from 'sip.js';
import { bareCall, registeredBareAgent, stopBareAgent } from './bare-sip.js';
import { VinteoConnector } from '../src/connector.js';
import { sipJsStack, type SipStack } from '../src/connection/sip-stack.js';

/** Calls per client: BENCH_RUNS (bench-probe settings), default 20. */
const runs = async () =>
  (await executeServerCommand<{ runs?: number }, object>('bench-probe', { action: 'settings' })).runs ?? 20;
/** The issue-12 figure for the reference SDK (sip-connector on JsSIP) in this rig; it is not in the npm registry. */
const REFERENCE_RESEND = '2.7 (quoted from issue 12)';

type Stack = { wsUrl: string; domain: string };
type Sample = InviteTimes & { register: number; audio: number; kamailioResend: number; answer: number };
type Run = (stack: Stack, stream: MediaStream) => Promise<Sample>;

async function firstInboundAudio(pc: RTCPeerConnection, since: number): Promise<number> {
  for (;;) {
    let bytes = 0;
    (await pc.getStats()).forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') bytes += Number(s.bytesReceived ?? 0);
    });
    if (bytes > 0) return performance.now() - since;
    await new Promise((r) => setTimeout(r, 5));
  }
}

const kamailioLog = (from: number) =>
  executeServerCommand<{ text: string; end: number }, object>('interop', { action: 'logs', name: 'kamailio', from });

/** 407 sent → INVITE with credentials received, from Kamailio's `invite-timing` lines for the call (sec.usec). */
function kamailioResend(log: string, callId: string): number {
  const at = (kind: string, cseq: number) => {
    const line = log.split('\n').find((l) => l.includes(`invite-timing ${kind} ci=${callId} cseq=${cseq} `));
    return line ? Number(/at=(\d+\.\d+)/.exec(line)?.[1]) * 1000 : NaN;
  };
  return at('invite', 2) - at('407', 1);
}

/** Times one call: `call` starts it (resolving once it is accepted) and returns the peer connection and a hang-up. */
async function measured(
  register: number,
  call: () => Promise<{ pc: RTCPeerConnection; end: () => Promise<void> }>,
): Promise<Sample> {
  const logFrom = (await kamailioLog(0)).end;
  const t1 = performance.now();
  const { pc, end } = await call();
  const audio = await firstInboundAudio(pc, t1);
  await end();
  const times = inviteTimes(t1);
  const log = (await kamailioLog(logFrom)).text;
  const answer = times.wireToOk - times.challenge - times.resend;
  return { ...times, register, audio, answer, kamailioResend: kamailioResend(log, times.callId) };
}

function connectorRun(fastParsing: boolean): Run {
  return async (stack, stream) => {
    const sipStack: SipStack = fastParsing ? sipJsStack : { ...sipJsStack, createUserAgent: (o) => new UserAgent(o) };
    const c = new VinteoConnector({ log: () => undefined, sipStack });
    const t0 = performance.now();
    await c.connect({
      server: stack.wsUrl,
      domain: stack.domain,
      register: true,
      user: 'alice',
      password: 'alice-secret',
    });
    const register = performance.now() - t0;
    const sample = await measured(register, async () => {
      const accepted = c.wait('call:accepted', 10_000);
      await c.startCall('baresip', { mediaStream: stream, requestKeyFrames: false });
      await accepted;
      return { pc: c.peerConnection as RTCPeerConnection, end: () => c.hangUp() };
    });
    await c.dispose();
    return sample;
  };
}

const baselineRun: Run = async (stack, stream) => {
  const agent = await registeredBareAgent(stack.domain, stack.wsUrl, stream);
  const sample = await measured(agent.registerMs, async () => {
    const { inviter, pc } = await bareCall(agent, `sip:baresip@${stack.domain}`, false);
    return { pc, end: () => inviter.bye().then(() => undefined) };
  });
  await stopBareAgent(agent);
  return sample;
};

const CLIENTS: Array<[string, Run]> = [
  ['VinteoConnector', connectorRun(true)],
  ['VinteoConnector, grammar as shipped (before)', connectorRun(false)],
  ['bare sip.js Inviter (baseline)', baselineRun],
];
const row = (name: string, samples: Sample[], keys: Array<keyof Sample>) => [
  name,
  String(samples.length),
  ...keys.map((k) => medianP90(samples, k)),
];

describe('interop call setup benchmark', () => {
  it('measures interleaved calls to baresip', async () => {
    const RUNS = await runs();
    const stack = await executeServerCommand<Stack, object>('interop', { action: 'start' });
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    const samples = CLIENTS.map((): Sample[] => []);
    // One unmeasured warm-up call each (first-call costs: codecs, stack caches, JIT), then interleaved runs.
    for (const [, run] of CLIENTS) await run(stack, stream);
    for (let i = 0; i < RUNS; i++)
      for (const [index, [, run]] of CLIENTS.entries()) samples[index].push(await run(stack, stream));
    const main: Array<keyof Sample> = ['register', 'toOk', 'wireToOk', 'audio'];
    await executeServerCommand('bench-report', {
      key: 'interop',
      title: `Call setup through Kamailio + rtpengine + baresip (median / p90 in ms of ${RUNS} interleaved calls each, after one warm-up call)`,
      rows: [
        [
          'client',
          'calls',
          'connect→registered',
          'startCall()→200 OK',
          'first INVITE sent→200 OK',
          'startCall()→first inbound audio',
        ],
        ...CLIENTS.map(([name], i) => row(name, samples[i], main)),
      ],
    });
    const parts: Array<keyof Sample> = [
      'offer',
      'challenge',
      'resend',
      'kamailioResend',
      'answer',
      'mlines',
      'candidates',
    ];
    await executeServerCommand('bench-report', {
      key: 'interop-parts',
      title:
        'The INVITE transaction broken down (median / p90, ms; page clock from the WebSocket, Kamailio clock from its log)',
      rows: [
        [
          'client',
          'calls',
          'startCall()→INVITE sent',
          'INVITE→407',
          '407→INVITE with credentials (page)',
          '407 sent→INVITE with credentials received (Kamailio)',
          'INVITE with credentials→200',
          'm-lines',
          'candidates',
        ],
        ...CLIENTS.map(([name], i) => row(name, samples[i], parts)),
        ['reference SDK (sip-connector on JsSIP)', '', '', '', '', REFERENCE_RESEND, '', '', ''],
      ],
    });
    stream.getTracks().forEach((t) => t.stop());
  });
});
