/**
 * The local server's network faults (test/server/faults.js) against a real client in headless Chromium: a bare
 * sip.js UserAgent (the same stack the connector uses) that reconnects by hand (`ua.reconnect()` on the same
 * UserAgent, then a re-INVITE in its dialog = a target refresh), raw WebSockets for the transport-level faults,
 * and real media: the server's RTP counters and the browser's getStats.
 */
import { expect } from '@open-wc/testing';
import { Inviter, Registerer, RegistererState, SessionState, UserAgent, type Session } from 'sip.js';
import type { SessionDescriptionHandler } from 'sip.js/lib/platform/web/index.js';
import { VinteoConnector } from '../../src/connector.js';
import { canvasTrack, fakeMedia, rtpTotals, waitUntil } from '../support/media.js';
import { type DialogSnapshot, type ServerInfo, vinteoServer } from '../support/server.js';

let server: ServerInfo;
const agents: UserAgent[] = [];

interface Phone { ua: UserAgent; disconnects: Array<Error | undefined>; invites: Session[] }

async function phone(user = 'alice'): Promise<Phone> {
  const result: Phone = { ua: undefined as unknown as UserAgent, disconnects: [], invites: [] };
  result.ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${user}@${server.domain}`),
    transportOptions: { server: server.wsUrl },
    authorizationUsername: user, authorizationPassword: `${user}-secret`,
    logBuiltinEnabled: false,
    sessionDescriptionHandlerFactoryOptions: { iceGatheringTimeout: 1000, peerConnectionConfiguration: { iceServers: [] } },
    delegate: { onDisconnect: (error) => result.disconnects.push(error), onInvite: (invitation) => result.invites.push(invitation) },
  });
  agents.push(result.ua);
  await result.ua.start();
  return result;
}

/** An established audio call from `p` to a conference number (alone in it, the emulator echoes the audio). */
async function call(p: Phone, target = '4100'): Promise<Inviter> {
  const inviter = new Inviter(p.ua, UserAgent.makeURI(`sip:${target}@${server.domain}`) as NonNullable<ReturnType<typeof UserAgent.makeURI>>, {
    sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
  });
  const established = stateOf(inviter, SessionState.Established);
  await inviter.invite();
  await established;
  return inviter;
}

function stateOf(session: Session, wanted: SessionState, timeoutMs = 15_000): Promise<void> {
  if (session.state === wanted) return Promise.resolve();
  return within(new Promise<void>((resolve) => {
    const listener = (state: SessionState) => { if (state === wanted) { session.stateChange.removeListener(listener); resolve(); } };
    session.stateChange.addListener(listener);
  }), timeoutMs, `session ${wanted}`);
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A re-INVITE in the session's dialog (optionally an ICE restart); resolves with the final status. sip.js's web
 * session description handler has no rollback, so a refused offer is rolled back here.
 */
async function reinvite(session: Session, iceRestart = false): Promise<number> {
  const status = await within(new Promise<number>((resolve, reject) => {
    session.invite({
      sessionDescriptionHandlerOptions: iceRestart ? { offerOptions: { iceRestart: true } } : {},
      requestDelegate: { onAccept: (r) => resolve(r.message.statusCode), onReject: (r) => resolve(r.message.statusCode) },
    }).catch(reject);
  }), 15_000, 're-INVITE final response');
  if (status >= 300 && pcOf(session).signalingState === 'have-local-offer') await pcOf(session).setLocalDescription({ type: 'rollback' });
  return status;
}

function pcOf(session: Session): RTCPeerConnection {
  return (session.sessionDescriptionHandler as SessionDescriptionHandler).peerConnection as RTCPeerConnection;
}

/** Inbound RTP in the browser (all kinds): bytes and packets. */
async function inbound(pc: RTCPeerConnection): Promise<{ bytes: number; packets: number }> {
  const sum = { bytes: 0, packets: 0 };
  (await pc.getStats()).forEach((s: Record<string, unknown>) => {
    if (s.type !== 'inbound-rtp') return;
    sum.bytes += Number(s.bytesReceived ?? 0);
    sum.packets += Number(s.packetsReceived ?? 0);
  });
  return sum;
}

/** Watches inbound RTP packets every 50 ms; `stop()` gives the longest time without a new packet. */
function gapMonitor(pc: RTCPeerConnection): { stop(): Promise<number> } {
  let last = -1;
  let lastChange = Date.now();
  let longest = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { packets } = await inbound(pc);
      const now = Date.now();
      if (packets !== last) [last, lastChange] = [packets, now];
      longest = Math.max(longest, now - lastChange);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return { stop: async () => { running = false; await loop; return longest; } };
}

async function dialogOf(callId: string): Promise<DialogSnapshot> {
  return waitUntil(async () => (await vinteoServer.dialogs()).find((d) => d.callId === callId), `server dialog ${callId}`);
}

const received = async (callId: string) => (await dialogOf(callId)).media.audio.packetsReceived;

function callIdOf(inviter: Inviter): string {
  return inviter.request.callId;
}

/** Waits for inbound media to grow by `packets` from now. */
async function inboundGrows(pc: RTCPeerConnection, packets = 25, what = 'inbound media', timeoutMs = 15_000): Promise<number> {
  const start = await inbound(pc);
  const began = Date.now();
  await waitUntil(async () => (await inbound(pc)).packets >= start.packets + packets, what, timeoutMs);
  return Date.now() - began;
}

before(async () => {
  server = await vinteoServer.info();
});

afterEach(async () => {
  await Promise.all(agents.splice(0).map((ua) => ua.stop().catch(() => undefined)));
  await vinteoServer.reset();
});

describe('server faults: a dropped WebSocket mid-call', () => {
  it('keeps the dialog and its media; the re-INVITE on the new connection moves it, and the server BYE arrives there', async () => {
    const p = await phone();
    const inviter = await call(p);
    const callId = callIdOf(inviter);
    const first = await dialogOf(callId);
    await inboundGrows(pcOf(inviter), 25, 'echoed audio before the drop');
    const gaps = gapMonitor(pcOf(inviter));
    const dropped = Date.now();
    const drop = await vinteoServer.dropConnection({ callId, mode: 'abrupt' });
    expect(drop.connectionId).to.equal(first.connectionId);
    await waitUntil(() => p.disconnects.length === 1, 'the client to see the drop');
    expect(p.disconnects[0]?.message).to.match(/1006/);
    const orphaned = await dialogOf(callId);
    expect(orphaned).to.include({ state: 'confirmed', connected: false, connectionId: first.connectionId });
    // Media is ICE/UDP: it flows on while the WebSocket is down, both ways.
    const before = await received(callId);
    await inboundGrows(pcOf(inviter), 25, 'echoed audio with the WebSocket down');
    expect(await received(callId)).to.be.greaterThan(before);
    await p.ua.reconnect();
    expect(await reinvite(inviter)).to.equal(200);
    const moved = await dialogOf(callId);
    expect(moved.connectionId).to.be.greaterThan(first.connectionId);
    expect(moved).to.include({ connected: true, state: 'confirmed' });
    const invites = (await vinteoServer.requests({ method: 'INVITE' })).filter((r) => r.callId === callId);
    expect(invites.map((r) => r.connectionId)).to.deep.equal([first.connectionId, first.connectionId, moved.connectionId]);
    await inboundGrows(pcOf(inviter), 25, 'audio after the re-INVITE');
    console.log(`[measure] socket drop → reconnect → re-INVITE 200 in ${Date.now() - dropped} ms; longest inbound media gap ${await gaps.stop()} ms`);
    const terminated = stateOf(inviter, SessionState.Terminated);
    expect((await vinteoServer.hangUp({ callId })).status).to.equal(200);
    await terminated;
  });

  it('a clean close (1001) is a drop too: the dialog waits, an INFO on the new connection moves it', async () => {
    const p = await phone();
    const inviter = await call(p);
    const callId = callIdOf(inviter);
    await vinteoServer.dropConnection({ user: 'alice', mode: 'clean' });
    await waitUntil(() => p.disconnects.length === 1, 'the client to see the close');
    expect(p.disconnects[0]?.message).to.match(/code: 1001/);
    await p.ua.reconnect();
    const status = await within(new Promise<number>((resolve) => {
      void inviter.info({ requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: 'Signal=5\r\nDuration=160' } },
        requestDelegate: { onAccept: (r) => resolve(r.message.statusCode), onReject: (r) => resolve(r.message.statusCode) } });
    }), 10_000, 'INFO response');
    expect(status).to.equal(200);
    const dialog = await dialogOf(callId);
    expect(dialog.connected).to.equal(true);
    expect(dialog.infoDigits).to.deep.equal(['5']);
    const infoSent = await vinteoServer.sendInfo({ callId, contentType: 'application/vinteo.webrtc.bogus', headers: { 'x-a': 'b' } });
    expect(infoSent.status).to.equal(200);
  });

  it('after the grace period the dialog is gone: the late re-INVITE gets 481', async () => {
    await vinteoServer.configureFaults({ dialogGraceMs: 800 });
    const p = await phone();
    const inviter = await call(p);
    const callId = callIdOf(inviter);
    await vinteoServer.dropConnection({ callId });
    await waitUntil(async () => (await dialogOf(callId)).state === 'terminated', 'the grace period to end', 10_000);
    await p.ua.reconnect();
    expect(await reinvite(inviter)).to.equal(481);
  });

  it('a REGISTER on the new connection moves the registration: a server call reaches the client there', async () => {
    const p = await phone('bob');
    const registerer = new Registerer(p.ua);
    await registerer.register();
    await waitUntil(() => registerer.state === RegistererState.Registered, 'registered');
    await vinteoServer.dropConnection({ user: 'bob' });
    await waitUntil(() => p.disconnects.length === 1, 'the drop');
    await waitUntil(async () => !(await vinteoServer.registrations()).some((r) => r.user === 'bob'), 'the flow-bound registration to go');
    await p.ua.reconnect();
    const since = Date.now();
    await registerer.register();
    const register = await vinteoServer.waitFor({ method: 'REGISTER', since, timeoutMs: 10_000 });
    await waitUntil(async () => (await vinteoServer.registrations()).some((r) => r.user === 'bob'), 'registered again');
    const { callId } = await vinteoServer.callUser({ user: 'bob' });
    const invitation = await waitUntil(() => p.invites[0], 'the server call to arrive');
    expect(invitation.request.callId).to.equal(callId);
    expect((await dialogOf(callId)).connectionId).to.equal(register.connectionId);
  });
});

describe('server faults: re-INVITE replies', () => {
  it('setReinviteReply answers the next client re-INVITEs with the status, then 200 again', async () => {
    const p = await phone();
    const inviter = await call(p);
    await vinteoServer.setReinviteReply({ status: 491, count: 1 });
    expect(await reinvite(inviter)).to.equal(491);
    expect(await reinvite(inviter)).to.equal(200);
    await vinteoServer.setReinviteReply({ status: 481 });
    expect(await reinvite(inviter)).to.equal(481);
  });
});

/** A raw SIP WebSocket: 'open', or 'refused' when the connect fails. */
function connectRaw(timeoutMs = 5000): Promise<{ outcome: 'open' | 'refused'; ws: WebSocket }> {
  const ws = new WebSocket(server.wsUrl, 'sip');
  sockets.push(ws);
  return within(new Promise((resolve) => {
    ws.addEventListener('open', () => resolve({ outcome: 'open', ws }));
    ws.addEventListener('close', () => resolve({ outcome: 'refused', ws }));
  }), timeoutMs, 'the WebSocket connect outcome');
}
const sockets: WebSocket[] = [];
afterEach(() => sockets.splice(0).forEach((ws) => ws.close()));

/** The next message on a raw socket, or undefined when none comes within `ms` (a bounded wait for silence). */
function nextMessage(ws: WebSocket, ms: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { ws.removeEventListener('message', onMessage); resolve(undefined); }, ms);
    const onMessage = (event: MessageEvent) => { clearTimeout(timer); ws.removeEventListener('message', onMessage); resolve(String(event.data)); };
    ws.addEventListener('message', onMessage);
  });
}

function optionsRequest(): string {
  const id = Math.random().toString(36).slice(2);
  return [`OPTIONS sip:${server.domain} SIP/2.0`, `Via: SIP/2.0/WS ${id}.invalid;branch=z9hG4bK${id}`, 'Max-Forwards: 70',
    `From: <sip:alice@${server.domain}>;tag=${id}`, `To: <sip:${server.domain}>`, `Call-ID: ${id}`, 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', ''].join('\r\n');
}

describe('server faults: the listener and the transport', () => {
  it('refuseConnections: connects fail during the window, open sockets keep working, then it listens on the same port', async () => {
    const p = await phone();
    const registerer = new Registerer(p.ua);
    const { until } = await vinteoServer.refuseConnections({ ms: 1500 });
    expect((await vinteoServer.listening()).listening).to.equal(false);
    expect((await connectRaw()).outcome).to.equal('refused');
    await registerer.register();
    await waitUntil(() => registerer.state === RegistererState.Registered, 'a REGISTER over the socket opened before');
    await waitUntil(async () => (await vinteoServer.listening()).listening, 'listening again', 10_000);
    expect(Date.now()).to.be.at.least(until - 50);
    expect((await connectRaw()).outcome).to.equal('open');
    expect(p.disconnects).to.have.length(0);
  });

  it('restartServer: every socket cut, registrations and calls forgotten, down for a while, then the client starts over', async () => {
    const p = await phone();
    const registerer = new Registerer(p.ua);
    await registerer.register();
    const inviter = await call(p);
    await vinteoServer.restartServer({ downMs: 1000 });
    await waitUntil(() => p.disconnects.length === 1, 'the client to lose its socket');
    expect(await vinteoServer.registrations()).to.deep.equal([]);
    expect(await vinteoServer.dialogs()).to.deep.equal([]);
    expect((await connectRaw()).outcome).to.equal('refused');
    await waitUntil(async () => (await vinteoServer.listening()).listening, 'back up', 10_000);
    await p.ua.reconnect();
    expect(await reinvite(inviter)).to.equal(481);
    await registerer.register();
    await waitUntil(async () => (await vinteoServer.registrations()).some((r) => r.user === 'alice'), 'registered after the restart');
  });

  it('setOptionsReply ignore: OPTIONS and CRLF pings go unanswered on an open socket (counted); answer restores both', async () => {
    const { ws } = await connectRaw();
    ws.send(optionsRequest());
    expect(await nextMessage(ws, 5000)).to.match(/^SIP\/2\.0 200 OK/);
    ws.send('\r\n\r\n');
    expect(await nextMessage(ws, 5000)).to.equal('\r\n');
    await vinteoServer.setOptionsReply({ mode: 'ignore' });
    ws.send(optionsRequest());
    expect(await nextMessage(ws, 2000), 'no reply to OPTIONS').to.equal(undefined);
    ws.send('\r\n\r\n');
    expect(await nextMessage(ws, 2000), 'no pong').to.equal(undefined);
    expect(ws.readyState).to.equal(WebSocket.OPEN);
    expect(await vinteoServer.requests({ method: 'OPTIONS' })).to.have.length(2);
    await vinteoServer.setOptionsReply({ mode: 'answer' });
    ws.send(optionsRequest());
    expect(await nextMessage(ws, 5000)).to.match(/^SIP\/2\.0 200 OK/);
  });
});

/** RTCP sender reports the browser got (remote-outbound-rtp reportsSent), all streams. */
async function senderReports(pc: RTCPeerConnection): Promise<number> {
  let reports = 0;
  (await pc.getStats()).forEach((s: Record<string, unknown>) => { if (s.type === 'remote-outbound-rtp') reports += Number(s.reportsSent ?? 0); });
  return reports;
}

/** Waits until `read` gives the same value over `quietMs`; returns that value. */
async function settled(read: () => Promise<number>, quietMs: number, what: string): Promise<number> {
  let last = await read();
  let since = Date.now();
  return waitUntil(async () => {
    const now = await read();
    if (now !== last) [last, since] = [now, Date.now()];
    return Date.now() - since >= quietMs ? { now } : undefined;
  }, what, 15_000, 100).then((r) => r.now);
}

describe('server faults: media', () => {
  it('stopMedia: the browser stops receiving RTP and RTCP, ICE and the dialog stay; resuming brings media back', async () => {
    const p = await phone();
    const inviter = await call(p);
    const pc = pcOf(inviter);
    const callId = callIdOf(inviter);
    await inboundGrows(pc, 25, 'audio before');
    await waitUntil(async () => (await senderReports(pc)) > 0, 'RTCP sender reports before', 15_000);
    await vinteoServer.stopMedia({ callId, stopped: true });
    const packets = await settled(async () => (await inbound(pc)).packets, 1500, 'inbound RTP to stop');
    const reports = await settled(() => senderReports(pc), 1500, 'sender reports to stop');
    const fromBrowser = await received(callId);
    await waitUntil(async () => (await received(callId)) > fromBrowser + 25, 'the server still receiving the browser');
    expect((await inbound(pc)).packets).to.equal(packets);
    expect(await senderReports(pc)).to.equal(reports);
    expect(pc.iceConnectionState).to.be.oneOf(['connected', 'completed']);
    expect((await dialogOf(callId)).state).to.equal('confirmed');
    await vinteoServer.stopMedia({ callId, stopped: false });
    const resumedMs = await inboundGrows(pc, 25, 'audio after resuming');
    console.log(`[measure] stopMedia resume: 25 packets in ${resumedMs} ms`);
  });
});

/** The browser's selected candidate pair: its local candidate's ufrag and the bytes received on it. */
async function selectedPair(pc: RTCPeerConnection): Promise<{ ufrag: string; bytesReceived: number; id: string } | undefined> {
  const stats = new Map<string, Record<string, unknown>>();
  (await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(String(s.id), s));
  const transport = [...stats.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
  const pair = stats.get(String(transport?.selectedCandidatePairId));
  if (!pair) return undefined;
  const local = stats.get(String(pair.localCandidateId));
  return { ufrag: String(local?.usernameFragment ?? ''), bytesReceived: Number(pair.bytesReceived ?? 0), id: String(pair.id) };
}

describe('ICE restart against the emulator (werift)', () => {
  it('an ICE-restart re-INVITE keeps media both ways', async () => {
    const p = await phone();
    const inviter = await call(p);
    const pc = pcOf(inviter);
    const callId = callIdOf(inviter);
    await inboundGrows(pc, 25, 'audio before');
    const ufrag = () => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];
    const first = ufrag();
    const generation = (await dialogOf(callId)).ice.generation;
    const started = Date.now();
    const gaps = gapMonitor(pc);
    expect(await reinvite(inviter, true)).to.equal(200);
    expect(ufrag()).to.not.equal(first);
    const base = await inbound(pc);
    const fromBrowser = await received(callId);
    expect((await dialogOf(callId)).ice.generation, 'the server restarted its ICE').to.equal(generation + 1);
    await waitUntil(async () => (await dialogOf(callId)).ice.nominated, 'the server to nominate a pair of the new generation', 15_000);
    await waitUntil(async () => (await selectedPair(pc))?.ufrag === ufrag(), 'the browser to select a pair of the new ICE generation', 15_000);
    const onNewPair = (await selectedPair(pc))?.bytesReceived ?? 0;
    await waitUntil(async () => ((await selectedPair(pc))?.bytesReceived ?? 0) > onNewPair + 2000, 'bytes on the new pair', 15_000);
    await waitUntil(async () => (await inbound(pc)).bytes > base.bytes + 2000, 'inbound media after the ICE restart', 15_000);
    console.log(`[measure] ICE restart (sip.js, candidates in the offer): media on the new pair ${Date.now() - started} ms after the re-INVITE; longest inbound gap ${await gaps.stop()} ms`);
    await waitUntil(async () => (await received(callId)) > fromBrowser + 25, 'the server receiving after the ICE restart');
  });
});

describe('ICE restart with the connector', () => {
  const connectors: VinteoConnector[] = [];
  const streams: MediaStream[] = [];
  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.disconnect().catch(() => undefined)));
    streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
  });

  async function inCall(conference: string): Promise<VinteoConnector> {
    const c = new VinteoConnector({ log: () => undefined });
    connectors.push(c);
    await c.connect({ server: server.wsUrl, domain: server.domain, apiUrl: server.apiUrl, displayName: 'Guest' });
    const mic = await fakeMedia({ audio: true });
    const stream = new MediaStream([...mic.getAudioTracks(), canvasTrack()]);
    streams.push(mic, stream);
    await c.startCall(conference, { mediaStream: stream });
    return c;
  }

  it('renegotiate({ iceRestart: true }) keeps media both ways', async () => {
    const c = await inCall('4200');
    const pc = c.peerConnection as RTCPeerConnection;
    const ufrag = () => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];
    await inboundGrows(pc, 25, 'media before');
    const first = ufrag();
    const [dialog] = (await vinteoServer.dialogs()).filter((d) => d.state === 'confirmed');
    const started = Date.now();
    const gaps = gapMonitor(pc);
    await c.renegotiate({ iceRestart: true });
    expect(ufrag()).to.not.equal(first);
    expect((await dialogOf(dialog.callId)).ice.generation, 'the server restarted its ICE').to.equal(dialog.ice.generation + 1);
    await waitUntil(async () => (await dialogOf(dialog.callId)).ice.nominated, 'the server to nominate a pair of the new generation', 15_000);
    await waitUntil(async () => (await selectedPair(pc))?.ufrag === ufrag(), 'a pair of the new ICE generation', 15_000);
    const onNewPair = (await selectedPair(pc))?.bytesReceived ?? 0;
    const base = await rtpTotals(pc);
    await waitUntil(async () => ((await selectedPair(pc))?.bytesReceived ?? 0) > onNewPair + 5000, 'bytes on the new pair', 15_000);
    console.log(`[measure] connector renegotiate({ iceRestart }): media on the new pair ${Date.now() - started} ms after the call; longest inbound gap ${await gaps.stop()} ms`);
    await waitUntil(async () => {
      const t = await rtpTotals(pc);
      return t.inbound.audio.bytes > base.inbound.audio.bytes && t.inbound.video.bytes > base.inbound.video.bytes && t.outbound.video.bytes > base.outbound.video.bytes;
    }, 'audio and video both ways after the ICE restart', 15_000);
  });
});
