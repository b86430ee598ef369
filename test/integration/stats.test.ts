/**
 * Statistics and quality end to end: the real connector in Chromium against the local server (a conference alone:
 * its own media echoed back). Every `getStats()` of the call's peer connection is counted (wrapped at
 * `createPeerConnection`), so the tests see that the one collector is the only poller and stops when it should.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import type { QualityVerdict, StatsSnapshot } from '../../src/stats/types.js';
import { canvasTrack, fakeMedia, waitUntil } from '../support/media.js';
import { type ServerInfo, vinteoServer } from '../support/server.js';

let server: ServerInfo;
const connectors: VinteoConnector[] = [];
const tracks: MediaStreamTrack[] = [];

/** A connector whose peer connections count (and, while `failNext > 0`, fail) their getStats calls. */
function counted() {
  const probe = { calls: 0, failNext: 0 };
  const c = new VinteoConnector({
    log: () => undefined,
    createPeerConnection: (config) => {
      const pc = new RTCPeerConnection(config);
      const original = pc.getStats.bind(pc);
      pc.getStats = ((selector?: MediaStreamTrack | null) => {
        probe.calls++;
        if (probe.failNext > 0 && probe.failNext--) return Promise.reject(new Error('injected getStats failure'));
        return original(selector);
      }) as typeof pc.getStats;
      return pc;
    },
  });
  connectors.push(c);
  return { c, probe };
}

async function inCall(c: VinteoConnector, conference = '4100'): Promise<void> {
  const mic = await fakeMedia({ audio: true, video: { width: 320, height: 240 } });
  tracks.push(...mic.getTracks());
  await c.connect({ server: server.wsUrl, domain: server.domain, displayName: 'Stats' });
  await c.startCall(conference, { mediaStream: mic });
}

/** Waits for a sample that satisfies `check`, collected after the wait began. */
function sampleWhere(
  c: VinteoConnector,
  what: string,
  check: (s: StatsSnapshot) => boolean,
  timeoutMs = 15_000,
): Promise<StatsSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no stats sample with ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = c.on('stats:collected', ({ snapshot }) => {
      if (!check(snapshot)) return;
      clearTimeout(timer);
      off();
      resolve(snapshot);
    });
  });
}

function qualityWhere(
  c: VinteoConnector,
  what: string,
  check: (q: QualityVerdict) => boolean,
  timeoutMs = 15_000,
): Promise<QualityVerdict> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no quality ${what} within ${timeoutMs} ms (now ${JSON.stringify(c.quality)})`));
    }, timeoutMs);
    const off = c.on('stats:quality-changed', ({ quality }) => {
      if (!check(quality)) return;
      clearTimeout(timer);
      off();
      resolve(quality);
    });
  });
}

const flowing = (s: StatsSnapshot) =>
  [s.outbound.audio, s.outbound.video, s.inbound.audio, s.inbound.video].every((x) => (x?.bitrateBps ?? 0) > 0);

describe('stats against the local server', function () {
  this.timeout(40_000);

  before(async () => {
    server = await vinteoServer.info();
  });

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
    tracks.splice(0).forEach((t) => t.stop());
    await vinteoServer.reset();
  });

  it('a real call: bitrates both ways, codecs, a host/UDP pair on loopback, a verdict; one getStats per sample', async () => {
    const { c, probe } = counted();
    const collected: StatsSnapshot[] = [];
    c.on('stats:collected', ({ snapshot }) => collected.push(snapshot));
    await inCall(c);
    const s = await sampleWhere(c, 'audio and video flowing both ways', flowing);
    expect(s.source).to.equal('call');
    expect([s.outbound.audio?.codec, s.inbound.audio?.codec]).to.deep.equal(['opus', 'opus']);
    expect(s.outbound.video?.codec).to.equal('VP8');
    expect(s.outbound.video).to.include({ width: 320, height: 240 });
    expect(s.inbound.video?.framesPerSecond).to.be.above(0);
    expect(s.candidatePair).to.include({ localType: 'host', protocol: 'udp' });
    expect(s.candidatePair?.remoteType).to.be.oneOf(['host', 'prflx']);
    expect(s.outbound.content).to.equal(undefined);
    await waitUntil(() => c.quality, 'a quality verdict');
    expect(c.quality?.quality).to.be.oneOf(['excellent', 'good']);
    expect(c.quality?.mos).to.be.within(3.5, 4.5);
    expect(c.stats).to.equal(collected.at(-1));
    expect(c.statsHistory.at(-1)).to.equal(collected.at(-1));
    expect(c.rawStats?.size).to.be.above(5);
    expect(
      probe.calls - collected.length,
      'no getStats but the collector’s (one per sample, one maybe in flight)',
    ).to.be.within(0, 1);
  });

  it('a failing getStats does not stop the loop', async () => {
    const { c, probe } = counted();
    await inCall(c);
    const off = c.watchStats();
    await sampleWhere(c, 'a first sample', () => true);
    probe.failNext = 2;
    await waitUntil(() => probe.failNext === 0, 'two failed ticks', 10_000);
    await sampleWhere(c, 'a sample after the failures', () => true, 10_000);
    off();
  });

  it('nothing polls before media nor after the call; no app consumer: only the internal ones, once a second', async () => {
    const { c, probe } = counted();
    const mic = await fakeMedia();
    tracks.push(...mic.getTracks());
    await c.connect({ server: server.wsUrl, domain: server.domain, displayName: 'Stats' });
    const off = c.watchStats();
    const confirmed = c.wait('call:confirmed', 10_000);
    const calling = c.startCall('4101', { mediaStream: mic, requestKeyFrames: false });
    expect(probe.calls, 'a consumer but no media: no polling').to.equal(0);
    await confirmed;
    await calling;
    off();
    // Media health is a consumer of the collector for the whole call (2 getStats/s watchdog + 1/s health before).
    const from = probe.calls;
    const start = performance.now();
    await sampleWhere(
      c,
      'three more samples',
      (() => {
        let n = 0;
        return () => ++n === 3;
      })(),
      10_000,
    );
    const perSecond = ((probe.calls - from) * 1000) / (performance.now() - start);
    expect(perSecond).to.be.below(1.6);
    const stopped = c.wait('stats:stopped', 10_000);
    await c.hangUp();
    expect((await stopped).reason).to.equal('call-ended');
    const after = probe.calls;
    await new Promise((resolve) => setTimeout(resolve, 2500)); // measuring that nothing happens: a fixed window
    expect(probe.calls, 'no polling after the call').to.equal(after);
    expect(c.stats).to.equal(undefined);
    expect(c.statsHistory).to.deep.equal([]);
  });

  it('no listener, no call: no getStats; in a call with only the internal monitors: one a second, nothing normalised, the snapshot made when asked', async () => {
    const { c, probe } = counted();
    const mic = await fakeMedia();
    tracks.push(...mic.getTracks());
    await c.connect({ server: server.wsUrl, domain: server.domain, displayName: 'Stats' });
    c.on('stats:collected', () => undefined)(); // a listener that came and went
    const confirmed = c.wait('call:confirmed', 10_000);
    await c.startCall('4102', { mediaStream: mic });
    await confirmed;
    // Media health (and the key-frame watchdog) consume the collector from here on: a few ticks pass.
    await waitUntil(() => probe.calls >= 3, 'three ticks of the internal monitors', 10_000);
    expect(c.statsHistory, 'counters-only ticks keep no history').to.deep.equal([]);
    const asked = c.stats;
    expect(asked?.source, 'the latest sample is normalised when asked').to.equal('call');
    expect(asked?.streams.some((s) => s.direction === 'inbound' && s.packets > 0)).to.equal(true);
    const from = probe.calls;
    const start = performance.now();
    await waitUntil(() => probe.calls >= from + 3, 'three more ticks', 10_000);
    const perSecond = ((probe.calls - from) * 1000) / (performance.now() - start);
    expect(perSecond, 'one collector, at 1 s').to.be.below(1.6);
    expect(c.statsHistory).to.deep.equal([]);
    // A real consumer: every sample normalised, judged and kept.
    const off = c.watchStats();
    await waitUntil(() => c.statsHistory.length >= 2, 'two normalised samples', 10_000);
    await waitUntil(() => c.quality, 'a verdict', 10_000);
    off();
    await c.hangUp();
    const after = probe.calls;
    await new Promise((resolve) => setTimeout(resolve, 2500)); // measuring that nothing happens: a fixed window
    expect(probe.calls, 'no polling after the call').to.equal(after);
  });

  it('a presentation shows as a content stream beside the camera', async () => {
    const { c } = counted();
    await c.connect({
      server: server.wsUrl,
      domain: server.domain,
      apiUrl: server.apiUrl,
      register: true,
      user: 'alice',
      password: 'alice-secret',
    });
    const mic = await fakeMedia({ audio: true, video: { width: 320, height: 240 } });
    tracks.push(...mic.getTracks());
    await c.startCall('4102', { mediaStream: mic });
    await waitUntil(() => c.conference.room.status === 'in-room', 'in the room');
    const screen = canvasTrack('#e33');
    tracks.push(screen);
    const off = c.watchStats();
    await c.startPresentation(screen);
    const s = await sampleWhere(c, 'content being sent', (x) => (x.outbound.content?.bitrateBps ?? 0) > 0);
    expect(s.outbound.content).to.include({ width: 160, height: 120, codec: 'VP8' });
    expect(s.outbound.video).to.include({ width: 320, height: 240 });
    off();
  });

  it('the far end stops sending: inbound quality lost (no-media); it resumes: back to good', async () => {
    const { c } = counted();
    const off = c.watchStats();
    await inCall(c, '4103');
    await qualityWhere(c, 'excellent or good', (q) => q.quality === 'excellent' || q.quality === 'good');
    await vinteoServer.stopMedia({ stopped: true });
    const lost = await qualityWhere(c, 'lost', (q) => q.quality === 'lost');
    expect(lost.inbound).to.deep.equal({ quality: 'lost', reasons: ['no-media'] });
    expect(lost.reasons).to.include('no-media');
    await vinteoServer.stopMedia({ stopped: false });
    const back = await qualityWhere(c, 'not lost again', (q) => q.inbound.quality !== 'lost', 20_000);
    expect(back.inbound.quality).to.be.oneOf(['excellent', 'good', 'poor']);
    off();
  });
});
