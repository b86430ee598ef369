/** The normaliser on a real Firefox ESR 153 report (fixtures/stats-firefox-captured.ts), beside the Chromium one. */
import { expect } from '@open-wc/testing';
import { normalizeStats, type StreamRoleHints } from '../../src/stats/normalize.js';
import { readOutbound } from '../../src/balancer/outbound-verification.js';
import {
  firefoxCapturedFirst as first,
  firefoxCapturedSecond as second,
  firefoxCapturedTransceivers,
} from './fixtures/stats-firefox-captured.js';

const asReport = (entries: Array<Record<string, unknown>>) => new Map(entries.map((s) => [s.id as string, s]));
const [audioT, cameraT, contentT] = firefoxCapturedTransceivers;
const roles: StreamRoleHints = {
  mainVideoMid: cameraT.mid,
  contentMid: contentT.mid,
  inboundMainTrackIds: [audioT.recvTrack, cameraT.recvTrack],
  inboundContentTrackIds: [],
};
const one = normalizeStats({ report: asReport(first), roles, at: 10_000, source: 'call' });
const two = normalizeStats({ report: asReport(second), roles, previous: one, at: 11_000, source: 'call' });
const dt = (second[0].timestamp as number) - (first[0].timestamp as number);

describe('stats normaliser: Firefox (captured report)', () => {
  it('tells main audio, camera and content apart by mid (Firefox gives outbound-rtp no mediaSourceId)', () => {
    expect(one.streams).to.have.length(5);
    expect(one.outbound.audio).to.include({ mid: '0', codec: 'opus', packets: 112, bytes: 18192 });
    expect(one.outbound.video).to.include({ mid: '1', codec: 'VP8', width: 320, height: 240, framesPerSecond: 30 });
    expect(one.outbound.content).to.include({ mid: '2', codec: 'VP8', width: 160, height: 120 });
    expect(one.inbound.video).to.include({ trackId: cameraT.recvTrack, codec: 'VP8', frames: 76, jitterMs: 0.7 });
    expect(one.inbound.content).to.equal(undefined);
  });

  it('RTT from remote-inbound-rtp (found by remoteId), none yet where Firefox has no measurement', () => {
    expect(one.outbound.video?.rttMs).to.equal(3.5);
    expect(one.outbound.content?.rttMs).to.equal(1.3);
    expect(one.outbound.audio?.rttMs, 'roundTripTimeMeasurements: 0').to.equal(undefined);
    expect(two.outbound.video).to.include({ rttMs: 4.9, lossPercent: 0, packetsLost: 0 });
  });

  it('bitrates from the byte deltas over the report’s own interval', () => {
    expect(two.intervalMs).to.equal(1000);
    expect(two.outbound.video?.bitrateBps).to.equal(Math.round(((59718 - 44325) * 8 * 1000) / dt));
    expect(two.inbound.audio?.bitrateBps).to.equal(Math.round(((25598 - 18192) * 8 * 1000) / dt));
    expect(two.inbound.video?.bitrateBps).to.be.greaterThan(100_000);
  });

  it('the selected pair from the transport (Firefox 153 has transport stats): host UDP on loopback', () => {
    // The far end's check arrived before its trickled candidate: a peer-reflexive remote.
    expect(one.candidatePair).to.include({ localType: 'host', remoteType: 'prflx', protocol: 'udp' });
    expect(one.candidatePair?.rttMs).to.be.a('number');
  });

  it("outbound verification finds the camera track's RTP stream by its mid (no mediaSourceId to follow)", () => {
    const report = asReport(second) as unknown as RTCStatsReport;
    const reading = readOutbound(report, cameraT.sendTrack, cameraT.mid);
    expect(reading?.packetsSent).to.be.above(0);
    expect(reading?.framesEncoded).to.be.above(0);
    expect(readOutbound(report, cameraT.sendTrack), 'without the mid there is no link').to.equal(undefined);
    expect(readOutbound(report, 'not-sent', cameraT.mid), 'a track that is not sent').to.equal(undefined);
  });
});
