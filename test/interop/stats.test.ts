/**
 * Statistics and call quality through a SIP stack nobody here wrote: the connector calls baresip through Kamailio
 * and rtpengine (WebRTC ⇄ plain RTP). The connector's own snapshot must show audio and video both ways with real
 * bitrates and frame rates, the pair rtpengine offered, and a verdict; baresip says what it received of ours.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import type { StatsSnapshot } from '../../src/stats/types.js';
import { fakeMedia, waitUntil } from '../support/media.js';
import { flowingBothWays, qualityWhere, sampleWhere } from '../support/stats.js';
import { account, baresip, interop, type StackInfo } from './stack-client.js';

const videoBothWays = (s: StatsSnapshot) =>
  flowingBothWays(s) && (s.inbound.video?.framesPerSecond ?? 0) > 0 && (s.outbound.video?.framesPerSecond ?? 0) > 0;

describe('interop: stats through Kamailio + rtpengine + baresip', function () {
  this.timeout(60_000);
  let stack: StackInfo;
  const connectors: VinteoConnector[] = [];
  const streams: MediaStream[] = [];

  before(async () => {
    stack = await interop('start');
  });

  beforeEach(() => baresip.reset());

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
    streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
  });

  it('a call to baresip: bitrates and fps both ways, codecs, the relay’s pair, a verdict; baresip received ours', async () => {
    const c = new VinteoConnector({ log: () => undefined });
    connectors.push(c);
    await c.connect(account(stack, 'alice'));
    const stream = await fakeMedia({ audio: true, video: { width: 320, height: 240 } });
    streams.push(stream);
    const off = c.watchStats();
    await c.startCall('baresip', { mediaStream: stream });
    const s = await sampleWhere(c, 'audio and video (with frames) both ways', videoBothWays, 30_000);
    expect(s.source).to.equal('call');
    for (const x of [s.outbound.audio, s.outbound.video, s.inbound.audio, s.inbound.video])
      expect(x?.codec, `a codec on ${x?.direction} ${x?.role}`).to.be.a('string').and.not.equal('');
    expect(s.outbound.video).to.include({ width: 320, height: 240 });
    expect(s.inbound.video?.width ?? 0, 'baresip’s video has a size').to.be.above(0);
    expect(s.candidatePair).to.include({ protocol: 'udp' });
    expect(s.candidatePair?.remoteType, 'rtpengine’s ICE candidates').to.be.oneOf(['host', 'prflx']);
    const verdict = await qualityWhere(c, 'a verdict', () => true, 10_000);
    expect(verdict.quality, JSON.stringify(verdict)).to.be.oneOf(['excellent', 'good']);
    expect(verdict.outbound.reasons).to.not.include('no-media');
    expect(verdict.inbound.reasons).to.not.include('no-media');
    expect(verdict.mos).to.be.within(3.5, 4.5);
    const far = await waitUntil(async () => {
      const view = await baresip.view();
      return view.audioInBitrate > 0 && view.videoDecoded ? view : undefined;
    }, 'baresip receiving our audio and decoding our video');
    expect(far.activeCalls).to.equal(1);
    console.log(
      `interop stats: out a ${s.outbound.audio?.bitrateBps} v ${s.outbound.video?.bitrateBps} bit/s ` +
        `${s.outbound.video?.framesPerSecond} fps; in a ${s.inbound.audio?.bitrateBps} v ${s.inbound.video?.bitrateBps} ` +
        `bit/s ${s.inbound.video?.framesPerSecond} fps ${s.inbound.video?.width}×${s.inbound.video?.height}; ` +
        `codecs ${s.outbound.audio?.codec}/${s.outbound.video?.codec} in ${s.inbound.audio?.codec}/${s.inbound.video?.codec}; ` +
        `verdict ${verdict.quality} [${verdict.reasons}] MOS ${verdict.mos}; baresip audio in ${far.audioInBitrate}`,
    );
    const stopped = c.wait('stats:stopped', 10_000);
    await c.hangUp();
    expect((await stopped).reason).to.equal('call-ended');
    off();
  });
});
