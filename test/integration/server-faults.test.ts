/**
 * The local server's SIP and transport faults (test/server/faults.js) against a real client in headless
 * Chromium: a bare sip.js UserAgent (test/support/sip-phone.ts) that reconnects by hand (`ua.reconnect()` on
 * the same UserAgent, then a re-INVITE in its dialog = a target refresh), raw WebSockets for the transport
 * faults, and real media (the server's RTP counters, the browser's getStats). Media faults and ICE restarts:
 * server-faults-media.test.ts.
 */
import { expect } from '@open-wc/testing';
import { Registerer, RegistererState, SessionState } from 'sip.js';
import { waitUntil } from '../support/media.js';
import { type ServerInfo, vinteoServer } from '../support/server.js';
import {
  call as callWith,
  callIdOf,
  dialogOf,
  gapMonitor,
  inboundGrows,
  pcOf,
  phone as phoneOn,
  received,
  reinvite,
  stateOf,
  stopPhones,
  within,
} from '../support/sip-phone.js';

let server: ServerInfo;
const phone = (user?: string) => phoneOn(server, user);
const call = (p: Awaited<ReturnType<typeof phone>>, target?: string) => callWith(server, p, target);

before(async () => {
  server = await vinteoServer.info();
});

afterEach(async () => {
  await stopPhones();
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
    expect(invites.map((r) => r.connectionId)).to.deep.equal([
      first.connectionId,
      first.connectionId,
      moved.connectionId,
    ]);
    await inboundGrows(pcOf(inviter), 25, 'audio after the re-INVITE');
    console.log(
      `[measure] socket drop → reconnect → re-INVITE 200 in ${Date.now() - dropped} ms; longest inbound media gap ${await gaps.stop()} ms`,
    );
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
    const status = await within(
      new Promise<number>((resolve) => {
        void inviter.info({
          requestOptions: {
            body: {
              contentDisposition: 'render',
              contentType: 'application/dtmf-relay',
              content: 'Signal=5\r\nDuration=160',
            },
          },
          requestDelegate: {
            onAccept: (r) => resolve(r.message.statusCode ?? 0),
            onReject: (r) => resolve(r.message.statusCode ?? 0),
          },
        });
      }),
      10_000,
      'INFO response',
    );
    expect(status).to.equal(200);
    const dialog = await dialogOf(callId);
    expect(dialog.connected).to.equal(true);
    expect(dialog.infoDigits).to.deep.equal(['5']);
    const infoSent = await vinteoServer.sendInfo({
      callId,
      contentType: 'application/vinteo.webrtc.bogus',
      headers: { 'x-a': 'b' },
    });
    expect(infoSent.status).to.equal(200);
  });

  it("while the socket is down the server's requests are lost: its INFO ends in a 408 and never reaches the client", async function () {
    this.timeout(40_000);
    const p = await phone();
    const inviter = await call(p);
    const bogus: string[] = [];
    inviter.delegate = {
      onInfo: (info) => {
        if (/bogus/.test(info.request.getHeader('content-type') ?? '')) bogus.push(info.request.callId);
        void info.accept();
      },
    };
    const callId = callIdOf(inviter);
    await vinteoServer.dropConnection({ callId });
    await waitUntil(() => p.disconnects.length === 1, 'the drop');
    expect((await vinteoServer.sendInfo({ callId, contentType: 'application/vinteo.webrtc.bogus' })).status).to.equal(
      408,
    );
    await p.ua.reconnect();
    expect(await reinvite(inviter)).to.equal(200);
    expect((await vinteoServer.sendInfo({ callId, contentType: 'application/vinteo.webrtc.bogus' })).status).to.equal(
      200,
    );
    expect(bogus, 'only the INFO sent after the refresh arrived').to.deep.equal([callId]);
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
    await waitUntil(
      async () => !(await vinteoServer.registrations()).some((r) => r.user === 'bob'),
      'the flow-bound registration to go',
    );
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
  return within(
    new Promise((resolve) => {
      ws.addEventListener('open', () => resolve({ outcome: 'open', ws }));
      ws.addEventListener('close', () => resolve({ outcome: 'refused', ws }));
    }),
    timeoutMs,
    'the WebSocket connect outcome',
  );
}
const sockets: WebSocket[] = [];
afterEach(() => sockets.splice(0).forEach((ws) => ws.close()));

/** The next message on a raw socket, or undefined when none comes within `ms` (a bounded wait for silence). */
function nextMessage(ws: WebSocket, ms: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ws.removeEventListener('message', onMessage);
      resolve(undefined);
    }, ms);
    const onMessage = (event: MessageEvent) => {
      clearTimeout(timer);
      ws.removeEventListener('message', onMessage);
      resolve(String(event.data));
    };
    ws.addEventListener('message', onMessage);
  });
}

function optionsRequest(): string {
  const id = Math.random().toString(36).slice(2);
  return [
    `OPTIONS sip:${server.domain} SIP/2.0`,
    `Via: SIP/2.0/WS ${id}.invalid;branch=z9hG4bK${id}`,
    'Max-Forwards: 70',
    `From: <sip:alice@${server.domain}>;tag=${id}`,
    `To: <sip:${server.domain}>`,
    `Call-ID: ${id}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
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
    await waitUntil(
      async () => (await vinteoServer.registrations()).some((r) => r.user === 'alice'),
      'registered after the restart',
    );
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
