/**
 * The core call tests, written once and run against every far end we prove the connector with: the local Vinteo
 * server (test/integration/core.test.ts) and Kamailio + rtpengine + baresip (test/interop/core.test.ts). A far end
 * is an adapter that answers "what did you see?" from its own side, so each test checks both ends.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import type { ConnectionConfig, DtmfOptions } from '../../src/types.js';
import { fakeMedia, rtpTotals, waitUntil } from '../support/media.js';

/** The far end's own account of the current call (since `reset()`). */
export interface FarEndState {
  /** The far end's own measure of our audio arriving (local server: RTP bytes; baresip: its receive bit rate). */
  audioIn: number;
  /** The far end received (local server) or decoded (baresip) our video. */
  videoReceived: boolean;
  infoDigits: string;
  rfc4733Digits: string;
  /** Calls the far end still holds. */
  activeCalls: number;
}

export interface FarEnd {
  name: string;
  /** What to dial to reach the far end. */
  target: string;
  /** Starts the far end (once per suite). */
  setup(): Promise<void>;
  /** A registered account on the far end's registrar. */
  account(user: string): ConnectionConfig;
  /** The registrar's contacts for a user, as the registrar itself reports them. */
  contacts(user: string): Promise<string[]>;
  /** No call left at the far end; its state counts from here. */
  reset(): Promise<void>;
  state(): Promise<FarEndState>;
  /** The far end hangs up its call. */
  hangUp(): Promise<void>;
}

/** Tone lengths every far end logs reliably (baresip needs ≥160 ms tones with ≥100 ms gaps for RFC 4733). */
const DTMF: Record<'info' | 'rfc4733', DtmfOptions> = {
  info: { mode: 'info', duration: 200, gap: 300 },
  rfc4733: { mode: 'rfc4733', duration: 200, gap: 150 },
};

export function coreCallSuite(farEnd: FarEnd): void {
  describe(`core calls against ${farEnd.name}`, function () {
    this.timeout(60_000);
    const connectors: VinteoConnector[] = [];
    const streams: MediaStream[] = [];

    before(() => farEnd.setup());
    beforeEach(() => farEnd.reset());
    afterEach(async () => {
      await Promise.all(connectors.splice(0).map((c) => c.dispose()));
      streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
    });
    // Leave the far end as we found it: the next file must not see this suite's last BYE.
    after(async () => {
      await waitUntil(
        async () => (await farEnd.state()).activeCalls === 0,
        `${farEnd.name} to hold no call after the suite`,
      );
      await farEnd.reset();
    });

    async function registered(user = 'alice'): Promise<VinteoConnector> {
      const c = new VinteoConnector({ log: () => undefined });
      connectors.push(c);
      await c.connect(farEnd.account(user));
      return c;
    }

    async function inCall(): Promise<VinteoConnector> {
      const c = await registered();
      const stream = await fakeMedia();
      streams.push(stream);
      await c.startCall(farEnd.target, { mediaStream: stream });
      return c;
    }

    async function audioBothWays(c: VinteoConnector): Promise<void> {
      const pc = c.peerConnection as RTCPeerConnection;
      await waitUntil(
        async () => {
          const t = await rtpTotals(pc);
          return t.inbound.audio.packets > 20 && t.outbound.audio.packets > 20 && (await farEnd.state()).audioIn > 0;
        },
        `audio both ways with ${farEnd.name} (browser stats and the far end's own count)`,
        20_000,
      );
    }

    it('registers with digest auth; the registrar drops the contact on disconnect', async () => {
      const c = await registered('bob');
      expect(c.connectionState).to.equal('registered');
      expect(await farEnd.contacts('bob')).to.have.length(1);
      await c.disconnect();
      await waitUntil(async () => (await farEnd.contacts('bob')).length === 0, 'the registrar to drop the contact');
    });

    it('calls: audio both ways, our video reaches the far end, its video is decoded here', async () => {
      const c = await inCall();
      await audioBothWays(c);
      await waitUntil(async () => (await farEnd.state()).videoReceived, `${farEnd.name} to receive our video`, 20_000);
      await waitUntil(
        async () => (await rtpTotals(c.peerConnection as RTCPeerConnection)).inbound.video.framesDecoded > 5,
        'far-end video decoded',
        20_000,
      );
    });

    it('hang-up from the browser leaves both ends clean', async () => {
      const c = await inCall();
      await audioBothWays(c);
      const pc = c.peerConnection as RTCPeerConnection;
      await c.hangUp();
      expect(c.callState).to.equal('idle');
      expect(pc.connectionState).to.equal('closed');
      await waitUntil(async () => (await farEnd.state()).activeCalls === 0, `${farEnd.name} to hold no call`);
    });

    it('hang-up from the far end leaves both ends clean', async () => {
      const c = await inCall();
      await audioBothWays(c);
      const pc = c.peerConnection as RTCPeerConnection;
      const ended = c.wait('call:ended', 10_000);
      await farEnd.hangUp();
      expect((await ended).originator).to.equal('remote');
      expect(c.callState).to.equal('idle');
      expect(pc.connectionState).to.equal('closed');
      expect((await farEnd.state()).activeCalls).to.equal(0);
    });

    it('DTMF over SIP INFO and over RFC 4733 reaches the far end', async () => {
      const c = await inCall();
      await audioBothWays(c);
      await c.sendDtmf('19', DTMF.info);
      await waitUntil(async () => (await farEnd.state()).infoDigits === '19', `${farEnd.name} to see INFO digits 19`);
      await c.sendDtmf('5#', DTMF.rfc4733);
      await waitUntil(
        async () => (await farEnd.state()).rfc4733Digits === '5#',
        `${farEnd.name} to see RFC 4733 digits 5#`,
      );
    });
  });
}
