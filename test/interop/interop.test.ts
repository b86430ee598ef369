/**
 * The connector and <vinteo-call> against a SIP stack nobody here wrote: Kamailio (registrar/proxy over
 * WebSocket), rtpengine (WebRTC ⇄ plain RTP) and baresip (auto-answering far end with a tone and fake video).
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { VinteoConnector } from '../../src/connector.js';
import type { VinteoError } from '../../src/errors.js';
import { fakeMedia, rtpTotals, waitUntil } from '../support/media.js';

async function interop<T>(action: string, args: object = {}): Promise<T> {
  const result = await executeServerCommand<T | { error: string }, object>('interop', { action, ...args });
  if (result && typeof result === 'object' && 'error' in (result as object)) throw new Error(`interop: ${(result as { error: string }).error}`);
  return result as T;
}

describe('interop: Kamailio + rtpengine + baresip', function () {
  this.timeout(60_000);
  let stack: { wsUrl: string; wssUrl: string; domain: string };
  const connectors: VinteoConnector[] = [];

  before(async () => {
    stack = await interop('start');
  });

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
  });

  function connector(): VinteoConnector {
    const c = new VinteoConnector({ log: () => undefined });
    connectors.push(c);
    return c;
  }

  it('registers over ws with digest auth; a wrong password is one typed error', async () => {
    const ok = connector();
    await ok.connect({ server: stack.wsUrl, domain: stack.domain, register: true, user: 'alice', password: 'alice-secret' });
    expect(ok.connectionState).to.equal('registered');
    const bad = connector();
    const error = await bad.connect({ server: stack.wsUrl, domain: stack.domain, register: true, user: 'bob', password: 'nope' }).catch((e: VinteoError) => e);
    expect((error as VinteoError).code).to.equal('authentication-failed');
  });

  it('registers over wss (TLS, self-signed certificate) and unregisters on disconnect', async () => {
    const c = connector();
    await c.connect({ server: stack.wssUrl, domain: stack.domain, register: true, user: 'carol', password: 'carol-secret' });
    expect(c.connectionState).to.equal('registered');
    const unregistered = c.wait('connection:unregistered', 5000);
    await c.disconnect();
    await unregistered;
    expect(c.connectionState).to.equal('disconnected');
  });

  it('calls baresip through rtpengine: audio flows both ways', async () => {
    const c = connector();
    await c.connect({ server: stack.wsUrl, domain: stack.domain, register: true, user: 'alice', password: 'alice-secret' });
    const stream = await fakeMedia();
    await c.startCall('baresip', { mediaStream: stream });
    await waitUntil(async () => {
      const t = await rtpTotals(c.peerConnection as RTCPeerConnection);
      return t.inbound.audio.bytes > 1000 && t.outbound.audio.bytes > 1000;
    }, 'audio both ways through rtpengine', 15_000);
    await c.hangUp();
    stream.getTracks().forEach((t) => t.stop());
  });

  async function registeredAlice(): Promise<VinteoConnector> {
    const c = connector();
    await c.connect({ server: stack.wsUrl, domain: stack.domain, register: true, user: 'alice', password: 'alice-secret' });
    return c;
  }

  async function audioBothWays(c: VinteoConnector): Promise<void> {
    await waitUntil(async () => {
      const t = await rtpTotals(c.peerConnection as RTCPeerConnection);
      return t.inbound.audio.bytes > 1000 && t.outbound.audio.bytes > 1000;
    }, 'audio both ways through rtpengine', 15_000);
  }

  it('baresip hangs up: the browser call ends cleanly (no open peer connection)', async () => {
    const c = await registeredAlice();
    const stream = await fakeMedia();
    await c.startCall('baresip', { mediaStream: stream });
    const pc = c.peerConnection as RTCPeerConnection;
    await audioBothWays(c);
    const ended = c.wait('call:ended', 10_000);
    await interop('baresip', { command: 'hangup' });
    expect((await ended).originator).to.equal('remote');
    expect(pc.connectionState).to.equal('closed');
    stream.getTracks().forEach((t) => t.stop());
  });

  it('answers a call from baresip; audio flows', async () => {
    const c = await registeredAlice();
    const ringing = c.wait('incoming-call:ringing', 10_000);
    await interop('baresip', { command: 'dial', params: 'sip:alice@127.0.0.1' });
    expect((await ringing).caller.user).to.equal('baresip');
    const stream = await fakeMedia();
    await c.answer({ mediaStream: stream });
    await audioBothWays(c);
    await c.hangUp();
    stream.getTracks().forEach((t) => t.stop());
  });

  it('DTMF over SIP INFO reaches baresip', async () => {
    const c = await registeredAlice();
    const stream = await fakeMedia();
    await c.startCall('baresip', { mediaStream: stream });
    await audioBothWays(c);
    await c.sendDtmf('5', { gap: 200 });
    await waitUntil(async () => /DTMF[^\n]*5|5[^\n]*DTMF/i.test(await interop<string>('logs', { name: 'baresip' })), 'baresip to log DTMF 5', 10_000);
    await c.hangUp();
    stream.getTracks().forEach((t) => t.stop());
  });

  it("baresip's video is decoded in the browser (RFC 5168 key-frame requests sent if it stalls)", async () => {
    const c = await registeredAlice();
    const stream = await fakeMedia();
    const requests: string[] = [];
    c.on('call:keyframe-requested', ({ reason }) => requests.push(reason));
    await c.startCall('baresip', { mediaStream: stream });
    await waitUntil(async () => (await rtpTotals(c.peerConnection as RTCPeerConnection)).inbound.video.framesDecoded > 5, 'far-end video decoded', 20_000);
    console.log(`interop: key-frame requests before the first frames: ${requests.length} (${requests.join(', ') || 'none'})`);
    await c.hangUp();
    stream.getTracks().forEach((t) => t.stop());
  });
});
