import { expect } from '@open-wc/testing';
import { normalizeStats, normalizeTracked, type StreamRoleHints } from '../../src/stats/normalize.js';
import { KnownIds } from '../../src/stats/report-view.js';
import type { StatsSnapshot } from '../../src/stats/types.js';
import { chromiumFirst, chromiumSecond, chromiumTransceivers } from './fixtures/stats-chromium.js';
import { firefoxFirst, firefoxSecond } from './fixtures/stats-firefox.js';

const asReport = (entries: Array<Record<string, unknown>>) => new Map(entries.map((s) => [s.id as string, s]));
const [audioT, cameraT, contentT] = chromiumTransceivers;
const chromiumRoles: StreamRoleHints = {
  mainVideoMid: cameraT.mid,
  contentMid: contentT.mid,
  inboundMainTrackIds: [audioT.recvTrack, cameraT.recvTrack],
  inboundContentTrackIds: [],
};

function chromiumPair(roles = chromiumRoles): { first: StatsSnapshot; second: StatsSnapshot } {
  const first = normalizeStats({ report: asReport(chromiumFirst), roles, at: 10_000, source: 'call' });
  const second = normalizeStats({
    report: asReport(chromiumSecond),
    roles,
    previous: first,
    at: 11_000,
    source: 'call',
  });
  return { first, second };
}

describe('stats normaliser: Chromium (captured report)', () => {
  it('tells main audio, camera and content apart by mid, whatever the report order', () => {
    const { first } = chromiumPair();
    expect(first.intervalMs).to.equal(0);
    expect(first.streams).to.have.length(5);
    expect(first.outbound.audio?.mid).to.equal('0');
    expect(first.outbound.video?.mid).to.equal('1');
    expect(first.outbound.content?.mid).to.equal('2');
    expect(first.outbound.content?.width).to.equal(160);
    expect(first.inbound.video?.trackId).to.equal(cameraT.recvTrack);
    expect(first.inbound.content).to.equal(undefined);
  });

  it('first sample: counters but no rates', () => {
    const { first } = chromiumPair();
    expect(first.outbound.video).to.include({
      bitrateBps: 0,
      packets: 100,
      bytes: 76141,
      codec: 'VP8',
      width: 320,
      height: 240,
      framesPerSecond: 14,
      qualityLimitationReason: 'none',
    });
    expect(first.outbound.audio).to.include({
      codec: 'opus',
      packets: 180,
      packetsLost: 0,
      lossPercent: 0,
      jitterMs: 11.8,
      rttMs: 2.6,
    });
    expect(first.inbound.video).to.include({
      codec: 'VP8',
      freezeCount: 3,
      freezesDurationMs: 734,
      frames: 57,
      jitterMs: 12,
    });
  });

  it('second sample: bitrate from the byte delta over the report’s own interval', () => {
    const { second } = chromiumPair();
    const dt = (chromiumSecond[0].timestamp as number) - (chromiumFirst[0].timestamp as number);
    expect(second.intervalMs).to.equal(1000);
    expect(second.outbound.video?.bitrateBps).to.equal(Math.round(((100229 - 76141) * 8 * 1000) / dt));
    expect(second.outbound.audio?.bitrateBps).to.equal(Math.round(((12646 - 9589) * 8 * 1000) / dt));
    expect(second.inbound.video?.bitrateBps).to.be.closeTo(181_000, 1000);
    expect(second.outbound.content?.rttMs).to.equal(54.5);
  });

  it('the selected pair through transport.selectedCandidatePairId: host/host UDP, RTT and available bitrate', () => {
    const { first } = chromiumPair();
    expect(first.candidatePair).to.deep.equal({
      localType: 'host',
      remoteType: 'host',
      protocol: 'udp',
      rttMs: 2,
      availableOutgoingBitrateBps: 2_492_000,
    });
  });

  it('without mids the sent track tells (media-source), and without either the first video is the camera', () => {
    const noMid = chromiumFirst.map((s) => ({ ...s, mid: undefined }));
    const byTrack = normalizeStats({
      report: asReport(noMid),
      roles: { mainVideoTrackId: cameraT.sendTrack, contentTrackId: contentT.sendTrack },
      at: 1,
      source: 'call',
    });
    expect(byTrack.outbound.video?.width).to.equal(320);
    expect(byTrack.outbound.content?.width).to.equal(160);
    const blind = normalizeStats({ report: asReport(noMid), roles: {}, at: 1, source: 'call' });
    expect(blind.outbound.video?.ssrc, 'report order: the first video stream').to.equal(2664087317);
  });

  it('inbound content by the remote view’s content track', () => {
    const roles = {
      ...chromiumRoles,
      inboundMainTrackIds: [audioT.recvTrack],
      inboundContentTrackIds: [cameraT.recvTrack],
    };
    const { first } = chromiumPair(roles);
    expect(first.inbound.content?.trackId).to.equal(cameraT.recvTrack);
    expect(first.inbound.video).to.equal(undefined);
  });

  it('snapshots are plain data (structured-clone and JSON safe, no undefined keys)', () => {
    const { second } = chromiumPair();
    expect(JSON.parse(JSON.stringify(second))).to.deep.equal(second);
    expect(structuredClone(second)).to.deep.equal(second);
  });
});

describe('stats normaliser: Firefox shapes', () => {
  const roles: StreamRoleHints = { mainVideoMid: '1', inboundMainTrackIds: ['{a1}', '{v1}'] };
  const first = normalizeStats({ report: asReport(firefoxFirst), roles, at: 5000, source: 'call' });
  const second = normalizeStats({ report: asReport(firefoxSecond), roles, previous: first, at: 6000, source: 'call' });

  it('`mediaType` without `kind`, remote-inbound found by localId, RTT and jitter in ms', () => {
    expect(second.outbound.audio).to.include({ kind: 'audio', codec: 'opus', rttMs: 42, jitterMs: 4, packetsLost: 22 });
    expect(second.outbound.video).to.include({ codec: 'VP8', rttMs: 44, width: 640, framesPerSecond: 29.5 });
    expect(second.outbound.video?.qualityLimitationReason).to.equal(undefined);
  });

  it('bitrate and loss % over the interval: inbound counted here, outbound from the far end’s fraction', () => {
    expect(second.inbound.audio?.bitrateBps).to.equal(32_000);
    expect(second.inbound.audio?.lossPercent, '2 lost of 52').to.equal(3.8);
    expect(second.inbound.video?.bitrateBps).to.equal(800_000);
    expect(second.outbound.video?.lossPercent, 'fractionLost 0.04').to.equal(4);
    expect(second.outbound.audio?.lossPercent, 'no fraction: 2 more lost over 50 sent').to.equal(4);
    expect(second.outbound.video?.bitrateBps).to.equal(1_000_000);
  });

  it('the pair marked `selected` (no transport stats): relay over TCP to a srflx peer, RTT from the totals', () => {
    expect(second.candidatePair).to.deep.equal({
      localType: 'relay',
      remoteType: 'srflx',
      protocol: 'udp',
      relayProtocol: 'tcp',
      rttMs: 40,
    });
  });

  it('no `selected` field at all: the nominated, succeeded pair', () => {
    const older = firefoxFirst.map((s) => {
      const { selected: _s, ...rest } = s;
      return rest;
    });
    const snapshot = normalizeStats({ report: asReport(older), roles, at: 1, source: 'call' });
    expect(snapshot.candidatePair?.localType).to.equal('relay');
  });
});

describe('stats normaliser: deltas and edge cases', () => {
  const base = {
    type: 'inbound-rtp',
    kind: 'audio',
    ssrc: 1,
    timestamp: 0,
    packetsReceived: 100,
    packetsLost: 0,
    bytesReceived: 1000,
  };
  const at = (fields: Record<string, unknown>, previous?: StatsSnapshot, when = 1000) =>
    normalizeStats({
      report: asReport([{ id: 'i', ...base, ...fields }]),
      roles: {},
      previous,
      at: when,
      source: 'recv-session',
    });

  it('loss % is over the interval, not the whole call', () => {
    const one = at({ packetsLost: 50 });
    const two = at({ packetsReceived: 190, packetsLost: 60, timestamp: 1000 }, one, 2000);
    expect(two.inbound.audio?.lossPercent, '10 lost, 90 received').to.equal(10);
  });

  it('a negative packetsLost (duplicates) and shrinking counters give 0, never negative rates', () => {
    const one = at({ packetsLost: -3 });
    expect(one.inbound.audio?.packetsLost).to.equal(0);
    const two = at({ packetsReceived: 90, bytesReceived: 500, timestamp: 1000 }, one, 2000);
    expect(two.inbound.audio).to.include({ bitrateBps: 0, lossPercent: 0 });
  });

  it('a new SSRC starts from zero (no delta against another stream)', () => {
    const one = at({});
    const two = at({ ssrc: 2, bytesReceived: 5000, timestamp: 1000 }, one, 2000);
    expect(two.inbound.audio?.bitrateBps).to.equal(0);
  });

  it('fps from frames decoded when the browser gives none', () => {
    const video = { kind: 'video', framesDecoded: 100 };
    const one = at(video);
    const two = at({ ...video, framesDecoded: 124, timestamp: 1000 }, one, 2000);
    expect(two.inbound.video?.framesPerSecond).to.equal(24);
    expect(two.source).to.equal('recv-session');
  });

  it('ignores kinds it does not know and reports without RTP at all', () => {
    expect(at({ kind: 'data' }).streams).to.deep.equal([]);
    const empty = normalizeStats({ report: new Map(), roles: {}, at: 1, source: 'call' });
    expect(empty).to.deep.equal({ at: 1, intervalMs: 0, source: 'call', streams: [], outbound: {}, inbound: {} });
  });
});

describe('stats normaliser: reading a report without walking it', () => {
  /** A report that counts walks (Chromium builds every entry on each one) and gets. */
  function counting(entries: Array<Record<string, unknown>>) {
    const map = asReport(entries);
    const counts = { walks: 0, gets: 0 };
    const report = {
      forEach: (fn: (v: unknown, k: string) => void) => {
        counts.walks++;
        map.forEach(fn);
      },
      get: (id: string) => {
        counts.gets++;
        return map.get(id);
      },
    };
    return { report, counts };
  }

  it('with the ids of the previous sample: the same snapshot, no walk', () => {
    const walked = normalizeTracked({
      report: asReport(chromiumFirst),
      roles: chromiumRoles,
      at: 10_000,
      source: 'call',
    });
    expect(walked.walked).to.equal(true);
    expect(walked.ids).to.have.length(6);
    const { report, counts } = counting(chromiumSecond);
    const read = normalizeTracked({
      report,
      roles: chromiumRoles,
      previous: walked.snapshot,
      at: 11_000,
      source: 'call',
      known: walked.ids,
    });
    expect(counts.walks).to.equal(0);
    expect(counts.gets).to.be.below(25);
    expect(read.walked).to.equal(false);
    expect(read.snapshot).to.deep.equal(chromiumPair().second);
  });

  it('a known stream that is gone: it walks the report', () => {
    const { report, counts } = counting(chromiumFirst);
    const read = normalizeTracked({
      report,
      roles: chromiumRoles,
      at: 1,
      source: 'call',
      known: ['OT01V-gone', 'T01'],
    });
    expect(counts.walks).to.equal(1);
    expect(read.walked).to.equal(true);
    expect(read.snapshot.streams).to.have.length(5);
  });

  it('KnownIds: walks until two walks agree and find every expected stream, then reads known ids for 9 samples', () => {
    const known = new KnownIds(9);
    expect(known.next(2)).to.equal(undefined);
    known.update(['a'], true, 2, 1);
    expect(known.next(2), 'one walk is not enough (streams may still be appearing)').to.equal(undefined);
    known.update(['a', 'b'], true, 2, 2);
    expect(known.next(2)).to.equal(undefined);
    known.update(['a', 'b'], true, 2, 2);
    expect(known.next(2)).to.deep.equal(['a', 'b']);
    for (let i = 0; i < 9; i++) known.update(['a', 'b'], false, 2, 2);
    expect(known.next(2), 'every tenth sample walks').to.equal(undefined);
    known.update(['a', 'b'], true, 2, 2);
    expect(known.next(3), 'an m-line started receiving').to.equal(undefined);
  });

  it('KnownIds: two walks that agree but miss an expected stream (no packet received yet) keep walking', () => {
    const known = new KnownIds(9);
    known.update(['T01', 'out'], true, 2, 1);
    known.update(['T01', 'out'], true, 2, 1);
    expect(known.next(2)).to.equal(undefined);
  });
});
