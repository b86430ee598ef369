/**
 * Reconnection with the real connector against the local Vinteo server's network faults: the connection comes
 * back by itself, and a call survives the loss of its signalling (same call, media flowing, dialog refreshed over
 * the new connection), or ends with a typed cause (and is redialled when asked) when it cannot be saved.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import type { VinteoError } from '../../src/errors.js';
import type { CallOptions, ConnectionConfig, ConnectorEvents } from '../../src/types.js';
import { fakeMedia, rtpTotals, waitUntil } from '../support/media.js';
import { type ServerInfo, vinteoServer } from '../support/server.js';

let server: ServerInfo;
const connectors: VinteoConnector[] = [];
const streams: MediaStream[] = [];

function connector(): VinteoConnector {
  const c = new VinteoConnector({ log: () => undefined });
  connectors.push(c);
  return c;
}

function alice(extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    server: server.wsUrl,
    domain: server.domain,
    register: true,
    user: 'alice',
    password: 'alice-secret',
    ...extra,
  };
}

function guest(extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { server: server.wsUrl, domain: server.domain, ...extra };
}

async function inCall(config: ConnectionConfig, options: CallOptions = {}, target = '4200'): Promise<VinteoConnector> {
  const c = connector();
  await c.connect(config);
  const stream = await fakeMedia();
  streams.push(stream);
  await c.startCall(target, { mediaStream: stream, ...options });
  return c;
}

/** Collects every payload of `name` from now on. */
function record<K extends keyof ConnectorEvents>(c: VinteoConnector, name: K): Array<ConnectorEvents[K]> {
  const seen: Array<ConnectorEvents[K]> = [];
  c.on(name, (payload) => seen.push(payload));
  return seen;
}

async function inboundBytes(c: VinteoConnector): Promise<number> {
  const t = await rtpTotals(c.peerConnection as RTCPeerConnection);
  return t.inbound.audio.bytes + t.inbound.video.bytes;
}

async function mediaGrows(c: VinteoConnector, what: string): Promise<void> {
  const before = await inboundBytes(c);
  await waitUntil(async () => (await inboundBytes(c)) > before + 2000, what, 10_000);
}

/** Waits out a window in which something must NOT happen (an observation, not a synchronisation). */
function observe(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

async function liveDialog(user: string) {
  return waitUntil(
    async () => (await vinteoServer.dialogs()).find((d) => d.user === user && d.state === 'confirmed'),
    `the server's dialog of ${user}`,
  );
}

describe('reconnection ⇄ local Vinteo server faults', function () {
  this.timeout(60_000);

  before(async () => {
    server = await vinteoServer.info();
  });

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
    streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
    await vinteoServer.reset();
  });

  it('a dropped WebSocket: reconnecting at once, then registered again over a new connection', async () => {
    const c = connector();
    await c.connect(alice());
    const states = record(c, 'connection:state');
    const scheduled = record(c, 'auto-connect:reconnecting');
    const back = c.wait('auto-connect:reconnected', 15_000);
    const { connectionId } = await vinteoServer.dropConnection({ user: 'alice', mode: 'abrupt' });
    const { downtimeMs, attempts } = await back;
    expect(states.map((s) => s.state)).to.deep.equal(['reconnecting', 'registered']);
    expect(scheduled[0]).to.deep.equal({ attempt: 1, delayMs: 0, reason: 'transport-closed' });
    expect(attempts).to.equal(1);
    expect(downtimeMs).to.be.below(3000);
    const registers = (await vinteoServer.requests({ method: 'REGISTER' })).filter(
      (r) => r.connectionId > connectionId,
    );
    expect(registers.length).to.be.at.least(1);
    expect((await vinteoServer.registrations()).map((r) => r.user)).to.include('alice');
  });

  it('a clean close (1001) reconnects the same way', async () => {
    const c = connector();
    await c.connect(alice());
    const back = c.wait('auto-connect:reconnected', 15_000);
    await vinteoServer.dropConnection({ user: 'alice', mode: 'clean' });
    await back;
    expect(c.connectionState).to.equal('registered');
  });

  it('mid-call: the same call is kept, media keeps flowing, the dialog is refreshed on the new connection, and a later server BYE ends it', async () => {
    const c = await inCall(guest());
    const callId = c.call?.id;
    const sipCallId = (await liveDialog(c.user as string)).callId;
    await mediaGrows(c, 'media before the drop');
    const reconnecting = c.wait('call:reconnecting', 10_000);
    const resumed = c.wait('call:resumed', 20_000);
    const { connectionId } = await vinteoServer.dropConnection({ user: c.user as string, mode: 'abrupt' });
    expect((await reconnecting).reason).to.equal('transport');
    expect(c.callReconnecting).to.equal(true);
    expect(c.callState).to.equal('active');
    await mediaGrows(c, 'media while signalling is down');
    const { downtimeMs } = await resumed;
    expect(downtimeMs).to.be.below(5000);
    expect(c.callReconnecting).to.equal(false);
    expect(c.call?.id).to.equal(callId);
    const dialog = await liveDialog(c.user as string);
    expect(dialog.connectionId).to.be.greaterThan(connectionId);
    expect(dialog.callId).to.equal(sipCallId);
    const refresh = (await vinteoServer.requests({ method: 'INVITE' })).filter(
      (r) => r.callId === sipCallId && r.connectionId === dialog.connectionId,
    );
    expect(refresh, 'a re-INVITE on the new connection').to.have.length.at.least(1);
    await mediaGrows(c, 'media after the refresh');
    const ended = c.wait('call:ended', 10_000);
    await vinteoServer.hangUp({ callId: sipCallId });
    expect((await ended).originator).to.equal('remote');
  });

  it('the server down for 5 s: attempts spaced by the policy, then back; the call survives', async () => {
    const c = await inCall(guest());
    await mediaGrows(c, 'media before the outage');
    const scheduled = record(c, 'auto-connect:reconnecting');
    const failed = record(c, 'auto-connect:attempt-failed');
    const resumed = c.wait('call:resumed', 30_000);
    await vinteoServer.refuseConnections({ ms: 5000 });
    await vinteoServer.dropConnection({ user: c.user as string, mode: 'abrupt' });
    const back = await c.wait('auto-connect:reconnected', 20_000);
    expect(back.downtimeMs).to.be.within(4500, 7500);
    expect(failed.length).to.be.at.least(3);
    expect(scheduled.length).to.equal(back.attempts);
    for (const [i, s] of scheduled.entries()) {
      expect(s.attempt).to.equal(i + 1);
      expect(s.delayMs, `delay of attempt ${s.attempt}`).to.be.at.most(1000);
    }
    await resumed;
    expect(c.callState).to.equal('active');
    await mediaGrows(c, 'media after the outage');
  });

  it('a refresh answered 481 (the server forgot the dialog) ends the call with dialog-lost', async () => {
    const c = await inCall(guest());
    await vinteoServer.setReinviteReply({ status: 481, count: 1 });
    const ended = c.wait('call:ended', 20_000);
    await vinteoServer.dropConnection({ user: c.user as string, mode: 'abrupt' });
    const end = await ended;
    expect(end.cause).to.equal('dialog-lost');
    expect(end.statusCode).to.equal(481);
    expect(end.originator).to.equal('system');
    expect(c.callState).to.equal('idle');
    expect(c.connectionState).to.equal('connected');
  });

  it('with autoRedial, a lost dialog is redialled: the same target, a new call, media flowing', async () => {
    const c = await inCall(guest(), { autoRedial: true });
    const first = c.call?.id;
    const firstSip = (await liveDialog(c.user as string)).callId;
    await vinteoServer.setReinviteReply({ status: 481, count: 1 });
    const scheduled = c.wait('call-reconnect:attempt-scheduled', 20_000);
    const succeeded = c.wait('call-reconnect:attempt-succeeded', 30_000);
    await vinteoServer.dropConnection({ user: c.user as string, mode: 'abrupt' });
    expect((await scheduled).target).to.equal('4200');
    const { call } = await succeeded;
    expect(call.id).not.to.equal(first);
    expect(c.callState).to.equal('active');
    await mediaGrows(c, 'media in the redialled call');
    const dialogs = (await vinteoServer.dialogs()).filter((d) => d.state === 'confirmed' && d.target === '4200');
    expect(dialogs, 'one live call at the server').to.have.length(1);
    expect(dialogs[0].callId).not.to.equal(firstSip);
  });

  it('the far end stops sending: a media problem within ~3 s, an ICE restart, then media-timeout at the bound', async () => {
    const c = await inCall(guest(), { mediaTimeoutMs: 4000 });
    const sipCallId = (await liveDialog(c.user as string)).callId;
    await mediaGrows(c, 'media before the far end stops');
    const problem = c.wait('call:media-problem', 10_000);
    const ended = c.wait('call:ended', 20_000);
    const stoppedAt = Date.now();
    await vinteoServer.stopMedia({ user: c.user as string, stopped: true });
    expect((await problem).reason).to.equal('no-packets');
    const reportedAfter = Date.now() - stoppedAt;
    expect(reportedAfter).to.be.below(5500);
    const end = await ended;
    expect(end.cause).to.equal('media-timeout');
    const invites = (await vinteoServer.requests({ method: 'INVITE' })).filter((r) => r.callId === sipCallId);
    const ufrag = (body: string) => /a=ice-ufrag:(\S+)/.exec(body)?.[1];
    const restart = invites.find((r) => r.time > stoppedAt && ufrag(r.body) !== ufrag(invites[0].body));
    expect(restart, 'an ICE-restart re-INVITE (new ufrag)').not.to.equal(undefined);
    expect(restart?.body, 'the restart offer carries its new candidates').to.match(/a=candidate:\S+ 1 udp /i);
  });

  it('media that comes back before the bound keeps the call (media-recovered, call:resumed)', async () => {
    const c = await inCall(guest(), { mediaTimeoutMs: 20_000 });
    await mediaGrows(c, 'media first');
    const problem = c.wait('call:media-problem', 10_000);
    await vinteoServer.stopMedia({ user: c.user as string, stopped: true });
    await problem;
    const recovered = c.wait('call:media-recovered', 15_000);
    const resumed = c.wait('call:resumed', 15_000);
    await vinteoServer.stopMedia({ user: c.user as string, stopped: false });
    expect((await recovered).downtimeMs).to.be.above(2000);
    await resumed;
    expect(c.callState).to.equal('active');
  });

  it('a dead transport that still looks open is found by the keep-alive (OPTIONS unanswered) and replaced', async () => {
    const c = connector();
    await c.connect(alice({ keepAliveIntervalMs: 500, keepAliveTimeoutMs: 800 }));
    await vinteoServer.setOptionsReply({ mode: 'ignore' });
    const scheduled = await c.wait('auto-connect:reconnecting', 10_000);
    expect(scheduled.reason).to.equal('keepalive-failed');
    await vinteoServer.setOptionsReply({ mode: 'answer' });
    await c.wait('auto-connect:reconnected', 10_000);
    expect(c.connectionState).to.equal('registered');
    const options = await vinteoServer.requests({ method: 'OPTIONS' });
    expect(options[0].ruri).to.equal(`sip:${server.domain}`);
  });

  it('offline pauses the attempts; online retries at once', async () => {
    const c = connector();
    await c.connect(alice({ offlineGraceMs: 200 }));
    await vinteoServer.refuseConnections({ ms: 60_000 });
    const failed = record(c, 'auto-connect:attempt-failed');
    await vinteoServer.dropConnection({ user: 'alice', mode: 'abrupt' });
    await waitUntil(() => failed.length >= 1, 'a first failed attempt');
    window.dispatchEvent(new Event('offline'));
    await observe(600); // the 200 ms grace period passes
    const paused = failed.length;
    const during = record(c, 'auto-connect:reconnecting');
    await observe(3000);
    expect(during, 'no attempt scheduled while offline').to.have.length(0);
    expect(failed.length).to.be.at.most(paused + 1);
    await vinteoServer.refuseConnections({ ms: 1 });
    await waitUntil(async () => (await vinteoServer.listening()).listening, 'the server listening again');
    const back = c.wait('auto-connect:reconnected', 5000);
    window.dispatchEvent(new Event('online'));
    await back;
    expect(c.connectionState).to.equal('registered');
  });

  it('disconnect() during reconnection stops it at once: disconnected, no further attempts', async () => {
    const c = connector();
    await c.connect(alice());
    await vinteoServer.refuseConnections({ ms: 30_000 });
    await vinteoServer.dropConnection({ user: 'alice', mode: 'abrupt' });
    await waitUntil(() => c.connectionState === 'reconnecting', 'reconnecting');
    const started = Date.now();
    await c.disconnect();
    expect(Date.now() - started).to.be.below(1500);
    expect(c.connectionState).to.equal('disconnected');
    const attempts = record(c, 'auto-connect:reconnecting');
    await observe(2500);
    expect(attempts).to.have.length(0);
  });

  it('a connect() superseded by a newer one rejects with canceled; the newer one wins', async () => {
    const c = connector();
    const first = c.connect(guest()).then(
      () => 'resolved',
      (e: VinteoError) => e.code,
    );
    const second = c.connect(alice());
    expect(await first).to.equal('canceled');
    await second;
    expect(c.connectionState).to.equal('registered');
  });

  it('with reconnect: false a loss ends in disconnected, and a call in progress ends with connection-error', async () => {
    const c = await inCall(guest({ reconnect: false }));
    const ended = c.wait('call:ended', 10_000);
    const lost = c.wait('connection:disconnected', 10_000);
    await vinteoServer.dropConnection({ user: c.user as string, mode: 'abrupt' });
    expect((await lost).error?.code).to.equal('network');
    expect((await ended).cause).to.equal('connection-error');
    expect(c.connectionState).to.equal('disconnected');
  });
});
