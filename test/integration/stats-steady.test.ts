/**
 * Steady calls in real Chromium against the local server (a conference alone, its media echoed by the werift peer):
 * with no stats consumer of the app the collector samples a steady call every 2 s; a far end that stops sending is
 * still reported within the media-health bound; an app consumer and `replaceMediaStream`'s outbound check get the
 * 1 s pace back. getStats calls are counted on the call's own peer connection.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import { fakeMedia, waitUntil } from '../support/media.js';
import { type ServerInfo, vinteoServer } from '../support/server.js';

let server: ServerInfo;
const connectors: VinteoConnector[] = [];
const tracks: MediaStreamTrack[] = [];

/** A call whose peer connection counts its getStats calls. */
async function countedCall(conference: string): Promise<{ c: VinteoConnector; calls: () => number }> {
  let count = 0;
  const c = new VinteoConnector({
    log: () => undefined,
    createPeerConnection: (config) => {
      const pc = new RTCPeerConnection(config);
      const original = pc.getStats.bind(pc);
      pc.getStats = ((...args: Parameters<RTCPeerConnection['getStats']>) => {
        count++;
        return original(...args);
      }) as RTCPeerConnection['getStats'];
      return pc;
    },
  });
  connectors.push(c);
  const media = await fakeMedia({ audio: true, video: { width: 320, height: 240 } });
  tracks.push(...media.getTracks());
  await c.connect({ server: server.wsUrl, domain: server.domain, displayName: 'Steady' });
  await c.startCall(conference, { mediaStream: media });
  return { c, calls: () => count };
}

/** getStats calls over the next `ms`. */
async function callsOver(calls: () => number, ms: number): Promise<number> {
  const before = calls();
  await new Promise((resolve) => setTimeout(resolve, ms)); // the counted window (a rate is measured, nothing awaited)
  return calls() - before;
}

/** Waits until the collector has been sampling at the steady pace (no more than 2 calls in 3 s). */
async function steady(calls: () => number): Promise<void> {
  await waitUntil(async () => (await callsOver(calls, 3000)) <= 2, 'the call sampled at the steady pace', 20_000, 0);
}

describe('steady calls: slower sampling that still notices (local server)', function () {
  this.timeout(60_000);

  before(async () => {
    server = await vinteoServer.info();
  });

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
    tracks.splice(0).forEach((t) => t.stop());
    await vinteoServer.reset();
  });

  it('no app consumer: one getStats per 2 s once steady; an app consumer brings back one a second', async () => {
    const { c, calls } = await countedCall('4200');
    await steady(calls);
    const relaxed = await callsOver(calls, 6000);
    expect(relaxed, 'getStats calls in 6 s of a steady call').to.be.within(2, 4);
    const off = c.watchStats();
    const watched = await callsOver(calls, 6000);
    expect(watched, 'getStats calls in 6 s with an app consumer').to.be.within(5, 7);
    off();
  });

  it('the far end stops sending on a steady call: media-problem within the bound, sampled every second again', async () => {
    const { c, calls } = await countedCall('4200');
    await steady(calls);
    const problem = c.wait('call:media-problem', 10_000);
    const stoppedAt = Date.now();
    await vinteoServer.stopMedia({ user: c.user as string, stopped: true });
    expect((await problem).reason).to.equal('no-packets');
    expect(Date.now() - stoppedAt, 'reported within ~3–4 s, as with 1 s sampling').to.be.below(5000);
    expect(await callsOver(calls, 4000), 'back to one a second (the steady pace would make 2)').to.be.at.least(3);
  });

  it('replaceMediaStream on a steady call: its outbound check samples at once and verifies the new camera', async () => {
    // The pace itself is asserted deterministically in test/unit/stats-steady.test.ts ('prompt-counters').
    const { c, calls } = await countedCall('4200');
    await steady(calls);
    const next = await fakeMedia({ audio: true, video: { width: 320, height: 240 } });
    tracks.push(...next.getTracks());
    const before = calls();
    const started = Date.now();
    const verified = c.replaceMediaStream(next, { verifyOutboundVideo: 'normal', verifyTimeoutMs: 3000 });
    await waitUntil(() => calls() > before, 'a sample for the check', 3000, 10);
    expect(Date.now() - started, 'the check did not wait for the steady tick').to.be.below(500);
    await verified;
    expect(c.senders.mainVideo?.track?.id).to.equal(next.getVideoTracks()[0].id);
  });
});
