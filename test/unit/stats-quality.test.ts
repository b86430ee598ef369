import { expect } from '@open-wc/testing';
import {
  assessSample,
  estimateMos,
  mosFromR,
  QualityTracker,
  steady,
  THRESHOLDS,
  type PartState,
} from '../../src/stats/quality.js';
import type { QualityPart, StatsSnapshot, StreamStats } from '../../src/stats/types.js';

/** A sample `n` seconds in: audio and video both ways, packets growing by 50 a second, patches per stream. */
function sample(
  n: number,
  patch: {
    out?: Partial<StreamStats>;
    in?: Partial<StreamStats>;
    inVideo?: Partial<StreamStats>;
    outVideo?: Partial<StreamStats>;
    pair?: StatsSnapshot['candidatePair'];
    frozen?: boolean;
  } = {},
): StatsSnapshot {
  const make = (
    direction: 'outbound' | 'inbound',
    kind: 'audio' | 'video',
    ssrc: number,
    extra?: Partial<StreamStats>,
  ): StreamStats => ({
    direction,
    role: kind,
    kind,
    ssrc,
    bitrateBps: kind === 'audio' ? 32_000 : 500_000,
    packets: 50 * n,
    packetsLost: 0,
    lossPercent: 0,
    jitterMs: 5,
    rttMs: 40,
    ...extra,
  });
  const outbound = {
    audio: make('outbound', 'audio', 1, patch.out),
    video: make('outbound', 'video', 2, { ...patch.out, ...patch.outVideo }),
  };
  const inbound = {
    audio: make('inbound', 'audio', 3, patch.in),
    video: make('inbound', 'video', 4, { freezeCount: 0, freezesDurationMs: 0, ...patch.in, ...patch.inVideo }),
  };
  return {
    at: n * 1000,
    intervalMs: n === 0 ? 0 : 1000,
    source: 'call',
    streams: [outbound.audio, outbound.video, inbound.audio, inbound.video],
    outbound,
    inbound,
    candidatePair: patch.pair ?? {
      localType: 'host',
      remoteType: 'host',
      protocol: 'udp',
      rttMs: 40,
      availableOutgoingBitrateBps: 2_000_000,
    },
  };
}

describe('quality rules (one sample)', () => {
  it('a clean call is excellent both ways', () => {
    expect(assessSample(sample(2), sample(1))).to.deep.equal({
      quality: 'excellent',
      reasons: [],
      outbound: { quality: 'excellent', reasons: [] },
      inbound: { quality: 'excellent', reasons: [] },
    });
  });

  it('loss, RTT and jitter by their thresholds; overall the worse direction with every reason', () => {
    const v = assessSample(sample(2, { in: { lossPercent: 3 }, out: { rttMs: 320 } }), sample(1));
    expect(v.inbound).to.deep.equal({ quality: 'good', reasons: ['loss'] });
    expect(v.outbound).to.deep.equal({ quality: 'poor', reasons: ['rtt'] });
    expect(v).to.include({ quality: 'poor' });
    expect(v.reasons).to.deep.equal(['loss', 'rtt']);
    expect(
      assessSample(sample(2, { in: { jitterMs: THRESHOLDS.jitterMs.good + 1 } }), sample(1)).inbound,
    ).to.deep.equal({ quality: 'poor', reasons: ['jitter'] });
    expect(
      assessSample(sample(2, { in: { lossPercent: THRESHOLDS.lossPercent.excellent } }), sample(1)).inbound.quality,
      'at the bound: still excellent',
    ).to.equal('excellent');
  });

  it('no packets since the previous sample: lost / no-media (that direction only)', () => {
    const v = assessSample(sample(2, { in: { packets: 50 } }), sample(1));
    expect(v.inbound).to.deep.equal({ quality: 'lost', reasons: ['no-media'] });
    expect(v.outbound.quality).to.equal('excellent');
    expect(v.quality).to.equal('lost');
  });

  it('bandwidth: the encoder says so (good), or the available bitrate is far below what we send (poor); cpu', () => {
    expect(
      assessSample(sample(2, { outVideo: { qualityLimitationReason: 'bandwidth' } }), sample(1)).outbound,
    ).to.deep.equal({ quality: 'good', reasons: ['bandwidth'] });
    const starved = sample(2, { pair: { availableOutgoingBitrateBps: 200_000 } });
    expect(assessSample(starved, sample(1)).outbound).to.deep.equal({ quality: 'poor', reasons: ['bandwidth'] });
    expect(assessSample(sample(2, { outVideo: { qualityLimitationReason: 'cpu' } }), sample(1)).outbound).to.deep.equal(
      { quality: 'good', reasons: ['cpu'] },
    );
  });

  it('freeze: a new freeze is good, frozen for a third of the interval is poor', () => {
    const before = sample(1);
    expect(
      assessSample(sample(2, { inVideo: { freezeCount: 1, freezesDurationMs: 100 } }), before).inbound,
    ).to.deep.equal({ quality: 'good', reasons: ['freeze'] });
    expect(
      assessSample(sample(2, { inVideo: { freezeCount: 1, freezesDurationMs: 400 } }), before).inbound,
    ).to.deep.equal({ quality: 'poor', reasons: ['freeze'] });
  });
});

describe('audio MOS (E-model, simplified)', () => {
  it('R → MOS at the G.107 points', () => {
    expect(mosFromR(0)).to.equal(1);
    expect(mosFromR(100)).to.equal(4.5);
    expect(mosFromR(60)).to.be.closeTo(3.1, 1e-9);
    expect(mosFromR(70)).to.be.closeTo(3.597, 1e-3);
    expect(mosFromR(80)).to.be.closeTo(4.024, 1e-3);
    expect(mosFromR(93.2)).to.be.closeTo(4.41, 0.005);
  });

  it('from rtt, jitter and loss', () => {
    expect(estimateMos({}), 'perfect network: latency 10 ms, R 92.95').to.equal(4.4);
    expect(estimateMos({ rttMs: 100, jitterMs: 10 }), 'latency 80 ms, R 91.2').to.equal(4.37);
    expect(estimateMos({ rttMs: 400, jitterMs: 20 }), 'latency 250 ms past the knee: R 80.2').to.equal(4.03);
    expect(estimateMos({ lossPercent: 10 }), 'R 67.95').to.equal(3.5);
    expect(estimateMos({ lossPercent: 60 })).to.equal(1);
  });
});

describe('quality hysteresis', () => {
  const good: QualityPart = { quality: 'good', reasons: ['loss'] };
  const poor: QualityPart = { quality: 'poor', reasons: ['loss'] };
  const excellent: QualityPart = { quality: 'excellent', reasons: [] };
  const run = (parts: QualityPart[], start?: PartState) =>
    parts.reduce<PartState | undefined>((s, p) => steady(s, p), start)?.shown.quality;

  it('worse after 2 samples in a row, better only after 4', () => {
    expect(run([excellent, poor])).to.equal('excellent');
    expect(run([excellent, poor, poor])).to.equal('poor');
    expect(run([excellent, poor, poor, excellent, excellent, excellent])).to.equal('poor');
    expect(run([excellent, poor, poor, excellent, excellent, excellent, excellent])).to.equal('excellent');
  });

  it('an alternating network does not flap', () => {
    const shown = new Set<string>();
    let state: PartState | undefined = steady(undefined, excellent);
    for (let i = 0; i < 20; i++) {
      state = steady(state, i % 2 ? poor : excellent);
      shown.add(state.shown.quality);
    }
    expect([...shown]).to.deep.equal(['excellent']);
  });

  it('a run takes the mildest level it saw', () => {
    expect(run([excellent, poor, good])).to.equal('good');
  });

  it('the tracker: first verdict at the second sample, quality-changed only when a level changes, MOS on every verdict', () => {
    const tracker = new QualityTracker();
    expect(tracker.update(sample(0)).changed).to.equal(false);
    const first = tracker.update(sample(1));
    expect(first.changed).to.equal(true);
    expect(first.verdict?.quality).to.equal('excellent');
    expect(first.verdict?.mos).to.equal(4.39);
    expect(tracker.update(sample(2, { in: { lossPercent: 8 } })).changed).to.equal(false);
    const worse = tracker.update(sample(3, { in: { lossPercent: 8 } }));
    expect(worse.changed).to.equal(true);
    expect(worse.verdict).to.deep.include({
      quality: 'poor',
      reasons: ['loss'],
      inbound: { quality: 'poor', reasons: ['loss'] },
    });
    expect(worse.verdict?.mos).to.be.below(4);
    tracker.reset();
    expect(tracker.verdict).to.equal(undefined);
  });
});
