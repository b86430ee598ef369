/**
 * Call setup through the interop stack (Kamailio → rtpengine → baresip): medians (and p90) over N calls of
 * connect→registered, INVITE→200 OK (including the 407 round trip) and INVITE→first inbound audio, for our
 * VinteoConnector and, interleaved in the same run, a bare sip.js UserAgent + Registerer + Inviter with its
 * default SessionDescriptionHandler (iceServers: [], 1 s ICE gathering timeout, default bundle policy).
 *
 * Each call is also broken down from the SIP messages seen on the WebSocket: offer built (invite() → first
 * INVITE sent, i.e. local description + ICE gathering), 407 round trip, 407 → authenticated INVITE, and
 * authenticated INVITE → 200 OK (Kamailio + rtpengine + baresip), plus the offer's m-lines and candidates.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { Inviter, Registerer, UserAgent, Web } from 'sip.js';
import { VinteoConnector } from '../src/connector.js';

const RUNS = Number(new URLSearchParams(location.search).get('runs') ?? 10);

interface Sample {
  register: number;
  ok: number;
  audio: number;
  offer: number;
  challenge: number;
  resend: number;
  answer: number;
  mlines: number;
  candidates: number;
}
type Stack = { wsUrl: string; domain: string };

/** Timestamps of SIP messages on every WebSocket of the page (first line, time, body of INVITEs). */
const wire: Array<{ t: number; dir: 'out' | 'in'; line: string; text: string }> = [];
const sendOriginal = WebSocket.prototype.send;
WebSocket.prototype.send = function send(this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
  if (typeof data === 'string')
    wire.push({ t: performance.now(), dir: 'out', line: data.slice(0, data.indexOf('\r\n')), text: data });
  return sendOriginal.call(this, data);
};
const addListenerOriginal = WebSocket.prototype.addEventListener;
WebSocket.prototype.addEventListener = function addEventListener(
  this: WebSocket,
  type: string,
  listener: EventListenerOrEventListenerObject,
  options?: boolean | AddEventListenerOptions,
) {
  if (type === 'message' && typeof listener === 'function') {
    const inner = listener;
    const traced = (ev: MessageEvent) => {
      if (typeof ev.data === 'string')
        wire.push({ t: performance.now(), dir: 'in', line: ev.data.slice(0, ev.data.indexOf('\r\n')), text: ev.data });
      inner.call(this, ev);
    };
    return addListenerOriginal.call(this, type, traced as EventListener, options);
  }
  return addListenerOriginal.call(this, type, listener, options);
} as typeof WebSocket.prototype.addEventListener;

/** Breakdown of one INVITE transaction from the wire log, relative to `since` (the invite() call). */
function breakdown(since: number): Pick<Sample, 'offer' | 'challenge' | 'resend' | 'answer' | 'mlines' | 'candidates'> {
  const after = wire.filter((m) => m.t >= since);
  const invites = after.filter((m) => m.dir === 'out' && m.line.startsWith('INVITE '));
  const challenge = after.find(
    (m) => m.dir === 'in' && /^SIP\/2\.0 40[17] /.test(m.line) && /CSeq:\s*\d+ INVITE/i.test(m.text),
  );
  const ok = after.find((m) => m.dir === 'in' && /^SIP\/2\.0 200 /.test(m.line) && /CSeq:\s*\d+ INVITE/i.test(m.text));
  const first = invites[0];
  const second = invites[1];
  const sdp = first?.text ?? '';
  return {
    offer: first ? first.t - since : NaN,
    challenge: first && challenge ? challenge.t - first.t : NaN,
    resend: challenge && second ? second.t - challenge.t : NaN,
    answer: ok && (second ?? first) ? ok.t - (second ?? first).t : NaN,
    mlines: (sdp.match(/^m=/gm) ?? []).length,
    candidates: (sdp.match(/^a=candidate:/gm) ?? []).length,
  };
}

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

async function connectorRun(stack: Stack, stream: MediaStream): Promise<Sample> {
  const c = new VinteoConnector({ log: () => undefined });
  const t0 = performance.now();
  await c.connect({
    server: stack.wsUrl,
    domain: stack.domain,
    register: true,
    user: 'alice',
    password: 'alice-secret',
  });
  const register = performance.now() - t0;
  const t1 = performance.now();
  const accepted = c.wait('call:accepted', 10_000).then(() => performance.now() - t1);
  await c.startCall('baresip', { mediaStream: stream, requestKeyFrames: false });
  const ok = await accepted;
  const audio = await firstInboundAudio(c.peerConnection as RTCPeerConnection, t1);
  await c.hangUp();
  await c.dispose();
  return { register, ok, audio, ...breakdown(t1) };
}

async function baselineRun(stack: Stack, stream: MediaStream): Promise<Sample> {
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:alice@${stack.domain}`),
    authorizationUsername: 'alice',
    authorizationPassword: 'alice-secret',
    transportOptions: { server: stack.wsUrl },
    logBuiltinEnabled: false,
    // The same microphone stream as ours (a clone: sip.js's handler stops its tracks on close).
    sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory(() =>
      Promise.resolve(stream.clone()),
    ),
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
  const inviter = new Inviter(ua, UserAgent.makeURI(`sip:baresip@${stack.domain}`) as never, {
    sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
  });
  const t1 = performance.now();
  let ok = 0;
  await inviter.invite({
    requestDelegate: {
      onAccept: () => {
        ok = performance.now() - t1;
      },
    },
  });
  while (!ok) await new Promise((r) => setTimeout(r, 5));
  const pc = (inviter.sessionDescriptionHandler as Web.SessionDescriptionHandler).peerConnection as RTCPeerConnection;
  const audio = await firstInboundAudio(pc, t1);
  await inviter.bye();
  await registerer.unregister().catch(() => undefined);
  await ua.stop();
  return { register, ok, audio, ...breakdown(t1) };
}

function quantile(values: number[], q: number): number {
  const s = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  if (q === 0.5) {
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

function row(name: string, samples: Sample[], keys: Array<keyof Sample>): string[] {
  const f = (k: keyof Sample) =>
    `${quantile(
      samples.map((s) => s[k]),
      0.5,
    ).toFixed(1)} / ${quantile(
      samples.map((s) => s[k]),
      0.9,
    ).toFixed(1)}`;
  return [name, String(samples.length), ...keys.map(f)];
}

describe('interop call setup benchmark', () => {
  it(`measures ${RUNS} calls to baresip each, ours and bare sip.js interleaved`, async () => {
    const stack = await executeServerCommand<Stack, object>('interop', { action: 'start' });
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    const ours: Sample[] = [];
    const bare: Sample[] = [];
    // One unmeasured warm-up call each (first-call costs: codecs, stack caches), then interleaved runs.
    await connectorRun(stack, stream);
    await baselineRun(stack, stream);
    for (let i = 0; i < RUNS; i++) {
      ours.push(await connectorRun(stack, stream));
      bare.push(await baselineRun(stack, stream));
    }
    const names: Array<[string, Sample[]]> = [
      ['VinteoConnector', ours],
      ['bare sip.js Inviter (baseline)', bare],
    ];
    const main: Array<keyof Sample> = ['register', 'ok', 'audio'];
    await executeServerCommand('bench-report', {
      title: `Call setup through Kamailio + rtpengine + baresip (median / p90 in ms of ${RUNS} interleaved calls each)`,
      rows: [
        ['client', 'calls', 'connect→registered', 'INVITE→200 OK', 'INVITE→first inbound audio'],
        ...names.map(([n, s]) => row(n, s, main)),
      ],
    });
    const parts: Array<keyof Sample> = ['offer', 'challenge', 'resend', 'answer', 'mlines', 'candidates'];
    await executeServerCommand('bench-report', {
      title:
        'INVITE→200 OK broken down from the SIP messages on the WebSocket (median / p90, ms; m-lines and candidates in the first offer)',
      rows: [
        [
          'client',
          'calls',
          'invite()→INVITE sent',
          'INVITE→407',
          '407→INVITE with auth',
          'INVITE with auth→200',
          'm-lines',
          'candidates',
        ],
        ...names.map(([n, s]) => row(n, s, parts)),
      ],
    });
    stream.getTracks().forEach((t) => t.stop());
  });
});
