/**
 * The connector and <vinteo-call> against a SIP stack nobody here wrote: Kamailio (registrar/proxy over
 * WebSocket), rtpengine (WebRTC ⇄ plain RTP) and baresip (auto-answering far end with a tone and fake video).
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import type { VinteoError } from '../../src/errors.js';
import { fakeMedia, rtpTotals, waitUntil } from '../support/media.js';
import { baresip, interop } from './stack-client.js';

describe('interop: Kamailio + rtpengine + baresip', function () {
  this.timeout(60_000);
  let stack: { wsUrl: string; wssUrl: string; domain: string };
  const connectors: VinteoConnector[] = [];

  before(async () => {
    stack = await interop('start');
  });

  beforeEach(() => baresip.reset());

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
    await ok.connect({
      server: stack.wsUrl,
      domain: stack.domain,
      register: true,
      user: 'alice',
      password: 'alice-secret',
    });
    expect(ok.connectionState).to.equal('registered');
    const bad = connector();
    const failures: string[] = [];
    bad.on('connection:failed', ({ error }) => failures.push(error.code));
    const error = await bad
      .connect({ server: stack.wsUrl, domain: stack.domain, register: true, user: 'bob', password: 'nope' })
      .catch((e: VinteoError) => e);
    expect((error as VinteoError).code).to.equal('authentication-failed');
    expect(failures).to.deep.equal(['authentication-failed']);
    expect(await interop<string[]>('contacts', { user: 'bob' })).to.deep.equal([]);
  });

  it('registers over wss (TLS, self-signed certificate) and unregisters on disconnect', async () => {
    const c = connector();
    await c.connect({
      server: stack.wssUrl,
      domain: stack.domain,
      register: true,
      user: 'carol',
      password: 'carol-secret',
    });
    expect(c.connectionState).to.equal('registered');
    expect(await interop<string[]>('contacts', { user: 'carol' })).to.have.length(1);
    const unregistered = c.wait('connection:unregistered', 5000);
    await c.disconnect();
    await unregistered;
    expect(c.connectionState).to.equal('disconnected');
    expect(
      await interop<string[]>('contacts', { user: 'carol' }),
      'the registrar still holds the contact',
    ).to.deep.equal([]);
  });

  async function registeredAlice(): Promise<VinteoConnector> {
    const c = connector();
    await c.connect({
      server: stack.wsUrl,
      domain: stack.domain,
      register: true,
      user: 'alice',
      password: 'alice-secret',
    });
    return c;
  }

  it('cancels a call while baresip rings: CANCEL → 487, no call left at baresip, rtpengine frees the media', async () => {
    await interop('baresip', { command: 'answermode', params: 'manual' });
    try {
      const c = await registeredAlice();
      const stream = await fakeMedia();
      const relayLog = await interop<{ end: number }>('logs', { name: 'rtpengine' });
      const pending = c.startCall('baresip', { mediaStream: stream }).catch((e: VinteoError) => e);
      await c.wait('call:progress', 10_000);
      await waitUntil(async () => (await baresip.view()).activeCalls === 1, 'baresip to ring');
      await c.hangUp();
      expect(((await pending) as VinteoError).code).to.equal('canceled');
      expect(c.callState).to.equal('idle');
      await waitUntil(async () => (await baresip.view()).activeCalls === 0, 'baresip to drop the cancelled call');
      await waitUntil(
        async () =>
          /Deleting|delete/i.test(
            (await interop<{ text: string }>('logs', { name: 'rtpengine', from: relayLog.end })).text,
          ),
        'rtpengine to delete the call',
      );
      stream.getTracks().forEach((t) => t.stop());
    } finally {
      await interop('baresip', { command: 'answermode', params: 'auto' });
    }
  });

  it('an ICE restart (re-INVITE with new credentials) through rtpengine keeps audio flowing both ways', async () => {
    const c = await registeredAlice();
    const stream = await fakeMedia();
    await c.startCall('baresip', { mediaStream: stream });
    const pc = c.peerConnection as RTCPeerConnection;
    await waitUntil(async () => (await rtpTotals(pc)).inbound.audio.packets > 20, 'audio before the restart', 15_000);
    const ufrag = () => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];
    const before = { ufrag: ufrag(), totals: await rtpTotals(pc) };
    await c.renegotiate({ iceRestart: true });
    expect(ufrag()).to.not.equal(before.ufrag);
    await waitUntil(
      async () => {
        const t = await rtpTotals(pc);
        return (
          t.inbound.audio.packets > before.totals.inbound.audio.packets + 50 &&
          t.outbound.audio.packets > before.totals.outbound.audio.packets + 50
        );
      },
      'audio both ways after the ICE restart',
      15_000,
    );
    expect((await baresip.view()).activeCalls).to.equal(1);
    await c.hangUp();
    stream.getTracks().forEach((t) => t.stop());
  });

  it("baresip's video is decoded in the browser (RFC 5168 key-frame requests sent if it stalls)", async () => {
    const c = await registeredAlice();
    const stream = await fakeMedia();
    const requests: string[] = [];
    c.on('call:keyframe-requested', ({ reason }) => requests.push(reason));
    await c.startCall('baresip', { mediaStream: stream });
    await waitUntil(
      async () => (await rtpTotals(c.peerConnection as RTCPeerConnection)).inbound.video.framesDecoded > 5,
      'far-end video decoded',
      20_000,
    );
    console.log(
      `interop: key-frame requests before the first frames: ${requests.length} (${requests.join(', ') || 'none'})`,
    );
    await c.hangUp();
    stream.getTracks().forEach((t) => t.stop());
  });
});
