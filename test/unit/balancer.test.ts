/**
 * Sending quality (src/balancer/, src/stats/main-stream-health.ts): the bitrate table and every step rule, the
 * latest-wins queue, the track's size polling back-off, the balancer's lifecycle on a fake clock and a fake camera
 * sender, the receive bandwidth report, the main-stream health detector and monitor, and the outbound verification —
 * all with fakes (no browser API but `Map`).
 */
import { expect } from '@open-wc/testing';
import {
  BITRATE_BY_WIDTH,
  decideParameters,
  maxBitrateForWidth,
  parametersDiffer,
  resolveSendEncodings,
  restoreBitrate,
  scaleToFit,
  SPECTATOR_CLAMP,
  withParameters,
} from '../../src/balancer/policy.js';
import { LatestQueue } from '../../src/balancer/latest-queue.js';
import { nextPollMs, TrackWatch } from '../../src/balancer/track-watch.js';
import { VideoBalancer, type BalancerState } from '../../src/balancer/balancer.js';
import { BandwidthReport, shouldReport, speaksVinteo } from '../../src/balancer/bandwidth-report.js';
import {
  assessHealth,
  MainStreamHealth,
  problemOf,
  readInboundVideo,
  type HealthEpisodeState,
  type InboundVideoReading,
} from '../../src/stats/main-stream-health.js';
import {
  meets,
  readOutbound,
  STRICTNESS,
  verifyOutboundVideo,
  verifyStep,
  type OutboundReading,
} from '../../src/balancer/outbound-verification.js';
import type { BalancerOptions, StatsFeed, StatsSample, StatsSnapshot } from '../../src/stats/types.js';
import { VinteoError } from '../../src/errors.js';
import { resolveConfig } from '../../src/connection/config.js';
import { TappedEmitter } from '../../src/emitter.js';
import { linkSendingQuality, sendingQualityPort, type SendingQualityPort } from '../../src/balancer/sending-quality.js';
import type { ConnectorEvents } from '../../src/types.js';
import { FakeClock } from '../support/fake-clock.js';

// ───────────── fakes ─────────────

class FakeTrack {
  kind = 'video';
  id = 'cam-1';
  readyState: MediaStreamTrackState = 'live';
  muted = false;
  width?: number = 640;
  height?: number = 480;
  getSettings(): MediaTrackSettings {
    return { width: this.width, height: this.height };
  }
}

class FakeSender {
  track: FakeTrack | null;
  #params: RTCRtpSendParameters;
  sets: RTCRtpSendParameters[] = [];
  codec = 'video/VP8';
  failNext = false;

  constructor(track: FakeTrack | null = new FakeTrack(), encodings: RTCRtpEncodingParameters[] = [{}]) {
    this.track = track;
    this.#params = {
      transactionId: 't',
      encodings,
      codecs: [],
      headerExtensions: [],
      rtcp: {},
    } as RTCRtpSendParameters;
  }

  get encodings(): RTCRtpEncodingParameters[] {
    return this.#params.encodings;
  }

  getParameters(): RTCRtpSendParameters {
    const copy = structuredClone(this.#params);
    copy.codecs = [{ mimeType: this.codec, clockRate: 90000, payloadType: 96 }];
    return copy;
  }

  async setParameters(params: RTCRtpSendParameters): Promise<void> {
    await Promise.resolve();
    if (this.failNext) {
      this.failNext = false;
      throw new Error('InvalidModificationError');
    }
    this.#params = structuredClone(params);
    this.sets.push(structuredClone(params));
  }
}

class FakeFeed implements StatsFeed {
  listeners = new Set<(sample: StatsSample) => void>();
  latest: StatsSample | undefined;
  consume(listener: (sample: StatsSample) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  push(sample: StatsSample): void {
    this.latest = sample;
    for (const l of [...this.listeners]) l(sample);
  }
}

const fakePc = (
  transceivers: Array<{ kind: string; currentDirection: string }> = [{ kind: 'video', currentDirection: 'sendrecv' }],
) =>
  ({
    getTransceivers: () =>
      transceivers.map((t) => ({ receiver: { track: { kind: t.kind } }, currentDirection: t.currentDirection })),
  }) as unknown as RTCPeerConnection;

function snapshot(extra: Partial<StatsSnapshot> = {}): StatsSnapshot {
  return { at: 0, intervalMs: 1000, source: 'call', streams: [], outbound: {}, inbound: {}, ...extra };
}

function sample(stats: Array<Record<string, unknown>>, extra: Partial<StatsSnapshot> = {}, pc = fakePc()): StatsSample {
  return {
    snapshot: snapshot(extra),
    raw: new Map(stats.map((s) => [String(s.id), s])) as unknown as RTCStatsReport,
    pc,
  };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

// ───────────── policy ─────────────

describe('balancer policy: bitrate by width', () => {
  const rows: Array<[number, number, number]> = [
    [64, 60_000, 36_000],
    [128, 120_000, 72_000],
    [256, 250_000, 150_000],
    [384, 320_000, 192_000],
    [426, 380_000, 228_000],
    [640, 500_000, 300_000],
    [848, 700_000, 420_000],
    [1280, 1_000_000, 600_000],
    [1920, 2_000_000, 1_200_000],
  ];
  for (const [width, bitrate, av1] of rows) {
    it(`width ≤ ${width} → ${bitrate} (AV1 ${av1}), and one pixel wider is the next row`, () => {
      expect(maxBitrateForWidth(width, 'video/VP8')).to.equal(bitrate);
      expect(maxBitrateForWidth(width - 0.5)).to.equal(bitrate);
      expect(maxBitrateForWidth(width, 'video/AV1')).to.equal(av1);
      expect(maxBitrateForWidth(width, 'av1')).to.equal(av1);
      expect(maxBitrateForWidth(width + 1)).to.be.greaterThan(bitrate);
    });
  }
  it('wider than 1920 → 4 000 000 (AV1 2 400 000); unknown or no width → the codec maximum', () => {
    expect(maxBitrateForWidth(1921)).to.equal(4_000_000);
    expect(maxBitrateForWidth(3840, 'video/AV1')).to.equal(2_400_000);
    expect(maxBitrateForWidth(undefined)).to.equal(4_000_000);
    expect(maxBitrateForWidth(0, 'video/AV1')).to.equal(2_400_000);
    expect(maxBitrateForWidth(1)).to.equal(60_000);
  });
  it('the table has nine rows, widths and bitrates increasing', () => {
    expect(BITRATE_BY_WIDTH).to.have.length(9);
    for (let i = 1; i < BITRATE_BY_WIDTH.length; i++) {
      expect(BITRATE_BY_WIDTH[i].width).to.be.greaterThan(BITRATE_BY_WIDTH[i - 1].width);
      expect(BITRATE_BY_WIDTH[i].maxBitrate).to.be.greaterThan(BITRATE_BY_WIDTH[i - 1].maxBitrate);
    }
  });
  it('restore fallbacks: video 4 000 000 (AV1 2 400 000), audio 520 000; spectator clamps 6 000 / 60 000', () => {
    expect(restoreBitrate('video')).to.equal(4_000_000);
    expect(restoreBitrate('video', 'video/AV1')).to.equal(2_400_000);
    expect(restoreBitrate('audio')).to.equal(520_000);
    expect(SPECTATOR_CLAMP).to.deep.equal({ audio: 6_000, video: 60_000 });
  });
});

describe('balancer policy: one step', () => {
  const track = { width: 1280, height: 720 };
  it('no command → by track resolution; with maxAvailableResolution the scale fits and the bitrate is for the encoded width', () => {
    expect(decideParameters({ track })).to.deep.equal({
      maxBitrate: 1_000_000,
      scaleResolutionDownBy: 1,
      reason: 'track-resolution',
    });
    expect(decideParameters({ track, maxAvailableResolution: { width: 640, height: 480 } })).to.deep.equal({
      maxBitrate: 500_000,
      scaleResolutionDownBy: 2,
      reason: 'track-resolution',
    });
    expect(
      decideParameters({ track: { width: 320, height: 240 }, maxAvailableResolution: { width: 640, height: 480 } })
        .scaleResolutionDownBy,
    ).to.equal(1);
    expect(decideParameters({ track: { width: 640, height: 480 }, codec: 'video/AV1' }).maxBitrate).to.equal(300_000);
  });
  it('unknown track size → scale 1 and the codec maximum', () => {
    expect(decideParameters({ track: {} })).to.deep.equal({
      maxBitrate: 4_000_000,
      scaleResolutionDownBy: 1,
      reason: 'track-resolution',
    });
    expect(decideParameters({ maxAvailableResolution: { width: 640, height: 480 }, codec: 'AV1' }).maxBitrate).to.equal(
      2_400_000,
    );
  });
  it('PAUSEMAINCAM → scale 200 and 60 000 (36 000 for AV1)', () => {
    expect(decideParameters({ track, command: { mainCam: 'PAUSEMAINCAM' } })).to.deep.equal({
      maxBitrate: 60_000,
      scaleResolutionDownBy: 200,
      reason: 'paused',
    });
    expect(decideParameters({ track, command: { mainCam: 'PAUSEMAINCAM' }, codec: 'video/AV1' }).maxBitrate).to.equal(
      36_000,
    );
  });
  it('RESUMEMAINCAM, the admin commands or no value → as by track resolution', () => {
    for (const mainCam of ['RESUMEMAINCAM', 'ADMINSTARTMAINCAM', 'ADMINSTOPMAINCAM', undefined] as const) {
      expect(decideParameters({ track, command: { mainCam } })).to.deep.equal(decideParameters({ track }));
    }
  });
  it('MAXMAINCAMRESOLUTION {W}x{H} → scale max(trackW/W, trackH/H, 1), the bitrate for the encoded width', () => {
    expect(
      decideParameters({
        track,
        command: { mainCam: 'MAXMAINCAMRESOLUTION', resolution: { width: 640, height: 360 } },
      }),
    ).to.deep.equal({ maxBitrate: 500_000, scaleResolutionDownBy: 2, reason: 'max-resolution' });
    expect(
      decideParameters({
        track: { width: 640, height: 480 },
        command: { mainCam: 'MAXMAINCAMRESOLUTION', resolution: { width: 1920, height: 1080 } },
      }),
    ).to.deep.equal({ maxBitrate: 500_000, scaleResolutionDownBy: 1, reason: 'max-resolution' });
    expect(
      decideParameters({
        track: {},
        command: { mainCam: 'MAXMAINCAMRESOLUTION', resolution: { width: 848, height: 480 } },
      }).maxBitrate,
      'unknown track: the target width',
    ).to.equal(700_000);
  });
  it('MAXMAINCAMRESOLUTION and maxAvailableResolution: the smaller limit wins', () => {
    const p = decideParameters({
      track,
      maxAvailableResolution: { width: 320, height: 180 },
      command: { mainCam: 'MAXMAINCAMRESOLUTION', resolution: { width: 640, height: 360 } },
    });
    expect(p).to.deep.equal({ maxBitrate: 320_000, scaleResolutionDownBy: 4, reason: 'max-resolution' });
  });
  it('MAXMAINCAMRESOLUTION without a (valid) resolution → as RESUME', () => {
    expect(decideParameters({ track, command: { mainCam: 'MAXMAINCAMRESOLUTION' } }).reason).to.equal(
      'track-resolution',
    );
    expect(
      decideParameters({ track, command: { mainCam: 'MAXMAINCAMRESOLUTION', resolution: { width: 0, height: 0 } } })
        .reason,
    ).to.equal('track-resolution');
  });
  it('a spectator → the 60 000 clamp; a restore → by track resolution whatever the command', () => {
    expect(decideParameters({ track, spectator: true, command: { mainCam: 'PAUSEMAINCAM' } })).to.deep.equal({
      maxBitrate: 60_000,
      scaleResolutionDownBy: 1,
      reason: 'spectator',
    });
    expect(decideParameters({ track, restoring: true, command: { mainCam: 'PAUSEMAINCAM' } })).to.deep.equal({
      maxBitrate: 1_000_000,
      scaleResolutionDownBy: 1,
      reason: 'restored',
    });
  });
  it('scaleToFit ignores unknown sizes and bad limits', () => {
    expect(scaleToFit({ width: 1920, height: 1080 }, { width: 1280, height: 720 })).to.equal(1.5);
    expect(scaleToFit({ width: 1920 }, { width: 1280, height: 720 })).to.equal(1);
    expect(scaleToFit({ width: 1920, height: 1080 }, { width: 0, height: 720 })).to.equal(1);
    expect(scaleToFit({ width: 1920, height: 1080 }, undefined)).to.equal(1);
  });
});

describe('balancer policy: resolveSendEncodings and parameter comparison', () => {
  it('no encodings → [{scaleResolutionDownBy: s}] when s > 1, else unchanged', () => {
    expect(resolveSendEncodings(undefined, 2)).to.deep.equal([{ scaleResolutionDownBy: 2 }]);
    expect(resolveSendEncodings([], 1.5)).to.deep.equal([{ scaleResolutionDownBy: 1.5 }]);
    expect(resolveSendEncodings(undefined, 1)).to.equal(undefined);
  });
  it('existing encodings get max(existing, s); with s ≤ 1 exactly 1 where they had none', () => {
    expect(resolveSendEncodings([{ maxBitrate: 5 }, { scaleResolutionDownBy: 4 }], 2)).to.deep.equal([
      { maxBitrate: 5, scaleResolutionDownBy: 2 },
      { scaleResolutionDownBy: 4 },
    ]);
    expect(resolveSendEncodings([{ maxBitrate: 5 }], 0.5)).to.deep.equal([{ maxBitrate: 5, scaleResolutionDownBy: 1 }]);
    expect(resolveSendEncodings([{ scaleResolutionDownBy: 3 }], Number.NaN)).to.deep.equal([
      { scaleResolutionDownBy: 3 },
    ]);
  });
  it('parametersDiffer: bitrate exactly, scale within rounding, every encoding', () => {
    const params = (encodings: RTCRtpEncodingParameters[]) => ({ encodings }) as RTCRtpSendParameters;
    const wanted = { maxBitrate: 500_000, scaleResolutionDownBy: 1 };
    expect(parametersDiffer(params([{ maxBitrate: 500_000 }]), wanted)).to.equal(false);
    expect(parametersDiffer(params([{ maxBitrate: 500_000, scaleResolutionDownBy: 1.0000001 }]), wanted)).to.equal(
      false,
    );
    expect(parametersDiffer(params([{ maxBitrate: 500_001, scaleResolutionDownBy: 1 }]), wanted)).to.equal(true);
    expect(
      parametersDiffer(params([{ maxBitrate: 500_000 }, { maxBitrate: 500_000, scaleResolutionDownBy: 2 }]), wanted),
    ).to.equal(true);
    expect(parametersDiffer(params([{}]), wanted)).to.equal(true);
    const edited = withParameters(params([{ active: true }]), { maxBitrate: 1, scaleResolutionDownBy: 2 });
    expect(edited.encodings).to.deep.equal([{ active: true, maxBitrate: 1, scaleResolutionDownBy: 2 }]);
  });
});

// ───────────── queue and track watch ─────────────

describe('LatestQueue', () => {
  it('runs one job at a time; a job pushed while one runs replaces the waiting one', async () => {
    const ran: string[] = [];
    let release!: () => void;
    const queue = new LatestQueue(() => undefined);
    const first = queue.push(
      () =>
        new Promise<void>((r) => {
          ran.push('a');
          release = r;
        }),
    );
    const second = queue.push(async () => {
      ran.push('b');
    });
    const third = queue.push(async () => {
      ran.push('c');
    });
    expect(await second).to.equal(false);
    release();
    expect(await first).to.equal(true);
    expect(await third).to.equal(true);
    expect(ran).to.deep.equal(['a', 'c']);
    expect(queue.idle).to.equal(true);
  });
  it('a failing job is reported and the queue goes on; close drops the waiting job and refuses new ones', async () => {
    const errors: unknown[] = [];
    const queue = new LatestQueue((e) => errors.push(e));
    expect(
      await queue.push(async () => {
        throw new Error('x');
      }),
    ).to.equal(true);
    expect(errors).to.have.length(1);
    let release!: () => void;
    void queue.push(
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
    );
    const waiting = queue.push(async () => undefined);
    queue.close();
    expect(await waiting).to.equal(false);
    expect(await queue.push(async () => undefined)).to.equal(false);
    release();
  });
});

describe('TrackWatch (getSettings polling, no patched methods)', () => {
  it('nextPollMs doubles up to the maximum and starts again after a change', () => {
    expect([1000, 2000, 4000, 8000, 16_000].map((ms) => nextPollMs(ms, false, 1000, 16_000))).to.deep.equal([
      2000, 4000, 8000, 16_000, 16_000,
    ]);
    expect(nextPollMs(16_000, true, 1000, 16_000)).to.equal(1000);
  });
  it('polls at 1, 2, 4, 8, 16, 16 s; a size change is reported and the back-off starts over', async () => {
    const clock = new FakeClock();
    const changes: unknown[] = [];
    const track = new FakeTrack();
    const watch = new TrackWatch({ clock, onChange: (size) => changes.push(size) });
    const polls: number[] = [];
    const start = clock.now();
    const getSettings = track.getSettings.bind(track);
    track.getSettings = () => {
      polls.push(clock.now() - start);
      return getSettings();
    };
    watch.watch(track as unknown as MediaStreamTrack);
    polls.length = 0; // the read at watch() is the baseline
    await clock.advance(47_000);
    expect(polls).to.deep.equal([1000, 3000, 7000, 15_000, 31_000, 47_000]);
    track.width = 320;
    track.height = 240;
    await clock.advance(16_000);
    expect(changes).to.deep.equal([{ width: 320, height: 240 }]);
    expect(watch.waitMs).to.equal(1000);
    watch.stop();
    expect(clock.pending).to.equal(0);
  });
});

// ───────────── the balancer ─────────────

interface Rig {
  clock: FakeClock;
  sender: FakeSender;
  presentation: FakeSender;
  balancer: VideoBalancer;
  events: Array<[string, unknown]>;
  options: BalancerOptions;
  max?: { width: number; height: number };
  codec?: string;
}

function rig(options: BalancerOptions = {}): Rig {
  const clock = new FakeClock();
  const r = { clock, sender: new FakeSender(), presentation: new FakeSender(), events: [], options } as unknown as Rig;
  r.balancer = new VideoBalancer({
    clock,
    log: () => undefined,
    options: () => r.options,
    emit: (name, payload) => r.events.push([name, payload]),
    port: {
      cameraSender: () => r.sender as unknown as RTCRtpSender,
      maxAvailableResolution: () => r.max,
      sampledCodec: () => r.codec,
    },
  });
  return r;
}

const names = (r: Rig) => r.events.map(([n]) => n.replace('video-balancer:', ''));
const updates = (r: Rig) => r.events.filter(([n]) => n === 'video-balancer:parameters-updated').map(([, p]) => p);

describe('VideoBalancer', () => {
  it('starts startDelayMs after confirmation: scheduled, started, the table value for the track width', async () => {
    const r = rig();
    r.balancer.callConfirmed();
    expect(r.events[0]).to.deep.equal(['video-balancer:balancing-scheduled', { delayMs: 10_000 }]);
    await r.clock.advance(9_999);
    expect(r.sender.sets).to.have.length(0);
    await r.clock.advance(1);
    expect(names(r)).to.deep.equal(['balancing-scheduled', 'balancing-started', 'parameters-updated']);
    expect(r.sender.encodings).to.deep.equal([{ maxBitrate: 500_000, scaleResolutionDownBy: 1 }]);
    expect(updates(r)).to.deep.equal([{ maxBitrate: 500_000, scaleResolutionDownBy: 1, reason: 'track-resolution' }]);
    expect(r.balancer.state).to.equal('balancing');
  });

  it('a custom start delay; enabled: false never touches the sender', async () => {
    const r = rig({ startDelayMs: 250 });
    r.balancer.callConfirmed();
    await r.clock.advance(250);
    expect(r.sender.sets).to.have.length(1);
    const off = rig({ enabled: false });
    off.balancer.callConfirmed();
    await off.clock.advance(60_000);
    expect(off.events).to.deep.equal([]);
    expect(off.sender.sets).to.have.length(0);
  });

  it('with maxAvailableResolution the camera fits it at once on confirmation (a larger own scale is kept); bitrates wait for the start', async () => {
    const r = rig();
    r.max = { width: 320, height: 240 };
    r.balancer.callConfirmed();
    await flush();
    expect(r.sender.encodings).to.deep.equal([{ scaleResolutionDownBy: 2 }]);
    expect(names(r)).to.deep.equal(['balancing-scheduled']);
    await r.clock.advance(10_000);
    expect(r.sender.encodings).to.deep.equal([{ scaleResolutionDownBy: 2, maxBitrate: 320_000 }]);
    const own = rig();
    own.max = { width: 320, height: 240 };
    own.sender = new FakeSender(new FakeTrack(), [{ scaleResolutionDownBy: 4 }]);
    own.balancer.callConfirmed();
    await flush();
    expect(own.sender.sets, 'already smaller').to.have.length(0);
  });

  it('a command before the start is remembered and applied at start (the latest of them)', async () => {
    const r = rig();
    r.balancer.mainCamControl({ mainCam: 'MAXMAINCAMRESOLUTION', resolution: { width: 320, height: 240 } });
    r.balancer.callConfirmed();
    r.balancer.mainCamControl({ mainCam: 'PAUSEMAINCAM' });
    await r.clock.advance(10_000);
    expect(r.sender.sets).to.have.length(1);
    expect(updates(r)).to.deep.equal([{ maxBitrate: 60_000, scaleResolutionDownBy: 200, reason: 'paused' }]);
  });

  it('PAUSE then RESUME while balancing; setParameters only when something differs', async () => {
    const r = rig({ startDelayMs: 0 });
    r.balancer.callConfirmed();
    await r.clock.advance(0);
    r.balancer.mainCamControl({ mainCam: 'PAUSEMAINCAM' });
    await flush();
    expect(r.sender.encodings[0]).to.deep.equal({ maxBitrate: 60_000, scaleResolutionDownBy: 200 });
    r.balancer.mainCamControl({ mainCam: 'PAUSEMAINCAM' });
    await flush();
    r.balancer.mainCamControl({ mainCam: 'RESUMEMAINCAM' });
    await flush();
    expect(r.sender.encodings[0]).to.deep.equal({ maxBitrate: 500_000, scaleResolutionDownBy: 1 });
    expect(r.sender.sets).to.have.length(3);
  });

  it('newer work supersedes queued work: a burst of commands applies the running one and the last only', async () => {
    const r = rig({ startDelayMs: 0 });
    r.balancer.callConfirmed();
    await r.clock.advance(0);
    r.balancer.mainCamControl({ mainCam: 'PAUSEMAINCAM' });
    r.balancer.mainCamControl({ mainCam: 'MAXMAINCAMRESOLUTION', resolution: { width: 320, height: 240 } });
    r.balancer.mainCamControl({ mainCam: 'RESUMEMAINCAM' });
    r.balancer.mainCamControl({ mainCam: 'MAXMAINCAMRESOLUTION', resolution: { width: 160, height: 120 } });
    await flush();
    expect(updates(r).map((p) => (p as { reason: string }).reason)).to.deep.equal([
      'track-resolution',
      'paused',
      'max-resolution',
    ]);
    expect(r.sender.encodings[0]).to.deep.equal({ maxBitrate: 250_000, scaleResolutionDownBy: 4 });
  });

  it('only the camera sender: the presentation sender is never touched', async () => {
    const r = rig({ startDelayMs: 0 });
    r.balancer.callConfirmed();
    await r.clock.advance(0);
    r.balancer.mainCamControl({ mainCam: 'PAUSEMAINCAM' });
    await flush();
    expect(r.presentation.sets).to.have.length(0);
  });

  it('no sender, no track or no encodings yet → nothing; a failing setParameters is logged and the next step works', async () => {
    const r = rig({ startDelayMs: 0 });
    r.sender.track = null;
    r.balancer.callConfirmed();
    await r.clock.advance(0);
    expect(r.sender.sets).to.have.length(0);
    r.sender = new FakeSender(new FakeTrack(), []);
    r.balancer.mainCamControl({ mainCam: 'PAUSEMAINCAM' });
    await flush();
    expect(r.sender.sets).to.have.length(0);
    r.sender = new FakeSender();
    r.sender.failNext = true;
    r.balancer.mainCamControl({ mainCam: 'PAUSEMAINCAM' });
    await flush();
    r.balancer.mainCamControl({ mainCam: 'RESUMEMAINCAM' });
    await flush();
    expect(r.sender.sets).to.have.length(1);
  });

  it('ignoreForCodec leaves that codec alone (from the stats sample, else the sender parameters)', async () => {
    const r = rig({ startDelayMs: 0, ignoreForCodec: 'H264' });
    r.sender.codec = 'video/H264';
    r.balancer.callConfirmed();
    await r.clock.advance(0);
    expect(r.sender.sets).to.have.length(0);
    r.codec = 'VP8';
    r.balancer.mainCamControl({ mainCam: 'PAUSEMAINCAM' });
    await flush();
    expect(r.sender.sets).to.have.length(1);
    r.codec = 'AV1';
    r.balancer.mainCamControl({ mainCam: 'RESUMEMAINCAM' });
    await flush();
    expect(r.sender.encodings[0].maxBitrate, 'AV1 factor from the sampled codec').to.equal(300_000);
  });

  it('a track resolution change is noticed by polling; our own stream change re-balances at once', async () => {
    const r = rig({ startDelayMs: 0 });
    r.balancer.callConfirmed();
    await r.clock.advance(0);
    (r.sender.track as FakeTrack).width = 1280;
    (r.sender.track as FakeTrack).height = 720;
    await r.clock.advance(1000);
    expect(r.sender.encodings[0].maxBitrate).to.equal(1_000_000);
    const next = new FakeTrack();
    next.width = 320;
    next.height = 240;
    r.sender.track = next;
    r.balancer.localStreamChanged();
    await flush();
    expect(r.sender.encodings[0].maxBitrate).to.equal(320_000);
    r.max = { width: 160, height: 120 };
    next.width = 640;
    next.height = 480;
    await r.clock.advance(2000);
    expect(r.sender.encodings[0]).to.deep.equal({ maxBitrate: 250_000, scaleResolutionDownBy: 4 });
  });

  it('call end: stopped, timers gone, commands forgotten, nothing put back', async () => {
    const r = rig({ startDelayMs: 0 });
    r.balancer.mainCamControl({ mainCam: 'PAUSEMAINCAM' });
    r.balancer.callConfirmed();
    await r.clock.advance(0);
    const sets = r.sender.sets.length;
    r.balancer.callEnded();
    expect(names(r).at(-1)).to.equal('balancing-stopped');
    expect(r.balancer.state).to.equal('idle');
    expect(r.balancer.command).to.equal(undefined);
    await r.clock.advance(60_000);
    expect(r.sender.sets).to.have.length(sets);
    expect(r.clock.pending).to.equal(0);
  });

  it('the call ends before the start: scheduled then stopped, never started', async () => {
    const r = rig();
    r.balancer.callConfirmed();
    r.balancer.callEnded();
    await r.clock.advance(20_000);
    expect(names(r)).to.deep.equal(['balancing-scheduled', 'balancing-stopped']);
  });

  it('a spectator move stops without touching the sender (the spectator caps own it); back to participant → scheduled again', async () => {
    const r = rig({ startDelayMs: 100 });
    r.balancer.callConfirmed();
    await r.clock.advance(100);
    r.balancer.mainCamControl({ mainCam: 'PAUSEMAINCAM' });
    await flush();
    const sets = r.sender.sets.length;
    r.balancer.roleChanged(true);
    r.balancer.mainCamControl({ mainCam: 'RESUMEMAINCAM' });
    await r.clock.advance(5000);
    expect(r.sender.sets).to.have.length(sets);
    expect(r.balancer.state).to.equal('stopped' satisfies BalancerState);
    r.balancer.roleChanged(false);
    await r.clock.advance(100);
    expect(r.balancer.state).to.equal('balancing');
    expect(r.sender.encodings[0]).to.deep.equal({ maxBitrate: 500_000, scaleResolutionDownBy: 1 });
    expect(names(r)).to.deep.equal([
      'balancing-scheduled',
      'balancing-started',
      'parameters-updated',
      'parameters-updated',
      'balancing-stopped',
      'balancing-scheduled',
      'balancing-started',
      'parameters-updated',
    ]);
  });

  it('confirmed while a spectator → stopped, no schedule until participant', async () => {
    const r = rig({ startDelayMs: 0 });
    r.balancer.roleChanged(true);
    r.balancer.callConfirmed();
    await r.clock.advance(1000);
    expect(r.events).to.deep.equal([]);
    r.balancer.roleChanged(false);
    await r.clock.advance(0);
    expect(r.balancer.state).to.equal('balancing');
  });

  it('a receive quality change stops (parameters back by track resolution) and schedules again', async () => {
    const r = rig({ startDelayMs: 100 });
    r.balancer.callConfirmed();
    await r.clock.advance(100);
    r.balancer.mainCamControl({ mainCam: 'PAUSEMAINCAM' });
    await flush();
    r.balancer.recvQualityChanged();
    await flush();
    expect(updates(r).at(-1)).to.deep.equal({ maxBitrate: 500_000, scaleResolutionDownBy: 1, reason: 'restored' });
    expect(names(r).slice(-3)).to.deep.equal(['balancing-stopped', 'balancing-scheduled', 'parameters-updated']);
    await r.clock.advance(100);
    expect(r.sender.encodings[0].scaleResolutionDownBy, 'the pause again').to.equal(200);
  });
});

// ───────────── receive bandwidth report ─────────────

describe('receive bandwidth report', () => {
  it('shouldReport: the first value > 0, then changes of 25 % or more either way', () => {
    expect(shouldReport(undefined, 0)).to.equal(false);
    expect(shouldReport(undefined, 1000)).to.equal(true);
    expect(shouldReport(0, 1)).to.equal(true);
    expect(shouldReport(1000, 1249)).to.equal(false);
    expect(shouldReport(1000, 1250)).to.equal(true);
    expect(shouldReport(1000, 750)).to.equal(true);
    expect(shouldReport(1000, 751)).to.equal(false);
    expect(shouldReport(1000, undefined)).to.equal(false);
    expect(shouldReport(1000, Number.NaN)).to.equal(false);
  });

  it('speaksVinteo: an application/vinteo.* INFO or an x-vinteo-notify header', () => {
    expect(speaksVinteo({ contentType: 'application/vinteo.webrtc.roomname', headers: {} })).to.equal(true);
    expect(speaksVinteo({ contentType: 'Application/Vinteo.webrtc.uselic', headers: {} })).to.equal(true);
    expect(speaksVinteo({ contentType: 'application/dtmf-relay', headers: {} })).to.equal(false);
    expect(speaksVinteo({ contentType: '', headers: { 'X-VINTEO-NOTIFY': '{}' } })).to.equal(true);
  });

  function reportRig(setting: boolean | 'auto' | undefined) {
    const feed = new FakeFeed();
    const sent: string[][] = [];
    let fail = false;
    const warnings: string[] = [];
    const report = new BandwidthReport({
      feed,
      setting: () => setting,
      log: (level, message) => {
        if (level === 'warn') warnings.push(message);
      },
      sendInfo: async (contentType, headers) => {
        if (fail) throw new Error('408');
        sent.push([contentType, ...headers]);
      },
    });
    const push = (bps: number | undefined, source: 'call' | 'recv-session' = 'call') =>
      feed.push(
        sample([], { source, candidatePair: bps === undefined ? undefined : { availableIncomingBitrateBps: bps } }),
      );
    return {
      feed,
      sent,
      report,
      push,
      warnings,
      failNext: () => {
        fail = true;
      },
    };
  }

  it("'auto': nothing consumes stats until the server spoke Vinteo in this call; then the 25 % rule", async () => {
    const r = reportRig(undefined);
    r.report.callConfirmed();
    expect(r.feed.listeners.size).to.equal(0);
    r.report.serverMessage({ contentType: 'application/dtmf-relay', headers: {} });
    expect(r.feed.listeners.size).to.equal(0);
    r.report.serverMessage({ contentType: 'application/vinteo.webrtc.uselic', headers: {} });
    expect(r.feed.listeners.size).to.equal(1);
    for (const bps of [0, 1_000_000, 1_100_000, 1_300_000, 1_300_000, 900_000, undefined as unknown as number])
      r.push(bps);
    r.push(2_000_000, 'recv-session');
    await flush();
    expect(r.sent).to.deep.equal([
      ['application/vinteo.webrtc.stats', 'x-webrtc-available-incoming-bitrate: 1000000'],
      ['application/vinteo.webrtc.stats', 'x-webrtc-available-incoming-bitrate: 1300000'],
      ['application/vinteo.webrtc.stats', 'x-webrtc-available-incoming-bitrate: 900000'],
      ['application/vinteo.webrtc.stats', 'x-webrtc-available-incoming-bitrate: 2000000'],
    ]);
    r.report.callEnded();
    expect(r.feed.listeners.size).to.equal(0);
    r.report.callConfirmed();
    expect(r.feed.listeners.size, 'the next call must show Vinteo again').to.equal(0);
  });

  it('true: from confirmation; false: never; a failed INFO is logged, never thrown', async () => {
    const on = reportRig(true);
    on.report.callConfirmed();
    on.failNext();
    on.push(5000);
    await flush();
    expect(on.warnings).to.have.length(1);
    const off = reportRig(false);
    off.report.callConfirmed();
    off.report.serverMessage({ contentType: 'application/vinteo.webrtc.roomname', headers: {} });
    expect(off.feed.listeners.size).to.equal(0);
  });
});

// ───────────── main-stream health ─────────────

const reading = (packetsReceived: number, extra: Partial<InboundVideoReading> = {}): InboundVideoReading => ({
  packetsReceived,
  bytesReceived: packetsReceived * 1000,
  framesReceived: packetsReceived / 10,
  framesDecoded: packetsReceived / 10,
  trackMuted: false,
  ...extra,
});

describe('main-stream health: detector', () => {
  it('stalled: the previous sample had traffic and neither counter moved', () => {
    expect(problemOf(reading(100), reading(100))).to.equal('inbound-video-stalled');
    expect(problemOf(reading(100), reading(101))).to.equal(undefined);
    expect(problemOf(reading(100), { ...reading(100), bytesReceived: 100_001 })).to.equal(undefined);
    expect(problemOf(undefined, reading(100))).to.equal(undefined);
  });
  it('no traffic: nothing received at all (also on the first sample)', () => {
    expect(problemOf(undefined, reading(0))).to.equal('no-inbound-video-traffic');
    expect(problemOf(reading(0), reading(0)), 'stalled needs traffic before').to.equal('no-inbound-video-traffic');
  });
  it('invalid frames: muted track, packets flowing (≥ 500 and moving), frames empty or unchanged', () => {
    const muted = { trackMuted: true };
    expect(problemOf(reading(600, muted), reading(700, { ...muted, framesReceived: 60, framesDecoded: 60 }))).to.equal(
      'invalid-inbound-frames',
    );
    expect(problemOf(reading(600, muted), reading(700, { ...muted, framesDecoded: 0 }))).to.equal(
      'invalid-inbound-frames',
    );
    expect(problemOf(reading(600, muted), reading(700, muted)), 'frames moving').to.equal(undefined);
    expect(problemOf(reading(400, muted), reading(499, { ...muted, framesDecoded: 0 })), 'too few packets').to.equal(
      undefined,
    );
    expect(problemOf(reading(600), reading(700, { framesDecoded: 0 })), 'not muted').to.equal(undefined);
  });
  it('priority: stalled over no traffic over invalid frames', () => {
    const zero = reading(0);
    expect(problemOf({ ...zero, bytesReceived: 5 }, { ...zero, bytesReceived: 5 })).to.equal('inbound-video-stalled');
  });
  it('three consecutive samples of one reason → detected once; a healthy sample → resolved', () => {
    let state: HealthEpisodeState = { count: 0 };
    const changes: unknown[] = [];
    for (const r of [reading(10), reading(20), reading(20), reading(20), reading(20), reading(20), reading(30)]) {
      const result = assessHealth(state, r);
      state = result.state;
      if (result.change) changes.push(result.change);
    }
    expect(changes).to.deep.equal([
      { kind: 'detected', reason: 'inbound-video-stalled', consecutiveSamples: 3 },
      { kind: 'resolved', reason: 'inbound-video-stalled' },
    ]);
  });
  it('a different reason starts the count again', () => {
    let state: HealthEpisodeState = { count: 0 };
    const detected: unknown[] = [];
    for (const r of [reading(0), reading(0), reading(10), reading(10), reading(10), reading(10)]) {
      const result = assessHealth(state, r);
      state = result.state;
      if (result.change) detected.push(result.change);
    }
    expect(detected).to.deep.equal([{ kind: 'detected', reason: 'inbound-video-stalled', consecutiveSamples: 3 }]);
  });
  it('readInboundVideo: the main inbound video of the sample; no video received → nothing to judge', () => {
    const s = sample(
      [
        { id: 'in2', type: 'inbound-rtp', kind: 'video', ssrc: 2, packetsReceived: 9 },
        {
          id: 'in1',
          type: 'inbound-rtp',
          kind: 'video',
          ssrc: 1,
          packetsReceived: 5,
          bytesReceived: 50,
          framesReceived: 3,
          framesDecoded: 2,
        },
      ],
      { inbound: { video: { ssrc: 1 } as never } },
    );
    expect(readInboundVideo(s, true)).to.deep.equal({
      packetsReceived: 5,
      bytesReceived: 50,
      framesReceived: 3,
      framesDecoded: 2,
      trackMuted: true,
    });
    expect(
      readInboundVideo(sample([]), false),
      'a receiving video transceiver without a report: nothing arrived',
    ).to.deep.include({ packetsReceived: 0, bytesReceived: 0 });
    expect(readInboundVideo(sample([], {}, fakePc([{ kind: 'video', currentDirection: 'sendonly' }])), false)).to.equal(
      undefined,
    );
    const held = sample(
      [{ id: 'old', type: 'inbound-rtp', kind: 'video', packetsReceived: 9 }],
      {},
      fakePc([{ kind: 'video', currentDirection: 'inactive' }]),
    );
    expect(readInboundVideo(held, false), 'a stale report of video no longer received').to.equal(undefined);
  });
});

describe('main-stream health: monitor', () => {
  function healthRig() {
    const clock = new FakeClock();
    const feed = new FakeFeed();
    const events: Array<[string, unknown]> = [];
    const state = { recoveries: 0, busy: false, release: [] as Array<() => void> };
    const health = new MainStreamHealth({
      feed,
      clock,
      log: () => undefined,
      emit: (name, payload) => events.push([name.replace('main-stream-health:inbound-video-', ''), payload]),
      mainRemoteVideo: () => undefined,
      busy: () => state.busy,
      recover: () => {
        state.recoveries++;
        return new Promise<void>((r) => state.release.push(r));
      },
    });
    const pc = fakePc();
    const push = (packets: number, p = pc) =>
      feed.push(
        sample(
          [
            {
              id: 'in',
              type: 'inbound-rtp',
              kind: 'video',
              packetsReceived: packets,
              bytesReceived: packets * 100,
              framesReceived: packets,
              framesDecoded: packets,
            },
          ],
          {},
          p,
        ),
      );
    return { clock, feed, events, state, health, push, pc };
  }

  it('detected after 3 samples → one recovery; resolved on a healthy sample; consumes the feed only while started', async () => {
    const r = healthRig();
    expect(r.feed.listeners.size).to.equal(0);
    r.health.start();
    expect(r.feed.listeners.size).to.equal(1);
    for (const p of [10, 20, 20, 20, 20]) r.push(p);
    expect(r.events).to.deep.equal([['problem-detected', { reason: 'inbound-video-stalled', consecutiveSamples: 3 }]]);
    expect(r.state.recoveries).to.equal(1);
    r.push(20);
    expect(r.state.recoveries, 'once per episode').to.equal(1);
    r.state.release[0]();
    r.push(30);
    expect(r.events.at(-1)).to.deep.equal(['problem-resolved', { reason: 'inbound-video-stalled' }]);
    r.health.stop();
    expect(r.feed.listeners.size).to.equal(0);
  });

  it('throttled: a second episode within 4 s recovers at the 4 s mark (trailing), not before; never two at once', async () => {
    const r = healthRig();
    r.health.start();
    for (const p of [10, 20, 20, 20, 20]) r.push(p);
    r.state.release[0]();
    await flush();
    r.push(30);
    for (const p of [40, 40, 40, 40]) r.push(p);
    expect(r.state.recoveries).to.equal(1);
    await r.clock.advance(3999);
    expect(r.state.recoveries).to.equal(1);
    await r.clock.advance(1);
    expect(r.state.recoveries).to.equal(2);
    r.push(50);
    for (const p of [60, 60, 60, 60]) r.push(p);
    await r.clock.advance(10_000);
    expect(r.state.recoveries, 'the second is still in flight').to.equal(2);
  });

  it('no recovery while the call already recovers its media (ICE restart, reconnection)', () => {
    const r = healthRig();
    r.state.busy = true;
    r.health.start();
    for (const p of [10, 20, 20, 20, 20]) r.push(p);
    expect(r.events.map(([n]) => n)).to.deep.equal(['problem-detected']);
    expect(r.state.recoveries).to.equal(0);
  });

  it('reset: another peer connection (source-changed), a new confirmation, the end of the call (which cancels a pending recovery)', async () => {
    const r = healthRig();
    r.health.start();
    for (const p of [10, 20, 20, 20, 20]) r.push(p);
    r.push(0, fakePc());
    expect(r.events.at(-1)).to.deep.equal([
      'problem-reset',
      { reason: 'inbound-video-stalled', resetCause: 'source-changed' },
    ]);
    r.state.release[0]();
    await flush();
    for (const p of [5, 5, 5, 5]) r.push(p, r.pc);
    r.health.start();
    expect(r.events.at(-1)).to.deep.equal([
      'problem-reset',
      { reason: 'inbound-video-stalled', resetCause: 'confirmed' },
    ]);
    for (const p of [7, 7, 7, 7]) r.push(p, r.pc);
    expect(r.state.recoveries, 'the trailing one waits for the throttle').to.equal(1);
    r.health.stop();
    expect(r.events.at(-1)).to.deep.equal([
      'problem-reset',
      { reason: 'inbound-video-stalled', resetCause: 'call-ended' },
    ]);
    await r.clock.advance(10_000);
    expect(r.state.recoveries, 'cancelled at the end of the call').to.equal(1);
    expect(r.clock.pending).to.equal(0);
  });
});

// ───────────── outbound verification ─────────────

function outboundStats(
  trackId: string,
  packets: number,
  bytes: number,
  framesEncoded: number,
  sourceFrames: number,
  sourceId = 'ms-new',
) {
  return [
    { id: sourceId, type: 'media-source', kind: 'video', trackIdentifier: trackId, frames: sourceFrames },
    {
      id: 'out1',
      type: 'outbound-rtp',
      kind: 'video',
      mediaSourceId: sourceId,
      packetsSent: packets,
      bytesSent: bytes,
      framesEncoded,
    },
  ];
}

describe('outbound verification', () => {
  const base: OutboundReading = {
    rtpId: 'out1',
    sourceId: 'ms',
    packetsSent: 100,
    bytesSent: 100_000,
    framesEncoded: 50,
    sourceFrames: 0,
  };
  const at = (packets: number, bytes: number, frames: number): OutboundReading => ({
    ...base,
    packetsSent: 100 + packets,
    bytesSent: 100_000 + bytes,
    framesEncoded: 50 + frames,
  });

  it('the strictness table', () => {
    expect(STRICTNESS).to.deep.equal({
      fast: { packets: 1, bytes: 0, samples: 1 },
      normal: { packets: 5, bytes: 8000, frames: 3, samples: 1 },
      strict: { packets: 10, bytes: 16_000, frames: 5, samples: 2 },
    });
  });
  it('meets: every delta at its threshold, frames as the larger of encoded and media-source frames', () => {
    expect(meets(base, at(1, 0, 0), STRICTNESS.fast)).to.equal(true);
    expect(meets(base, at(0, 10, 0), STRICTNESS.fast)).to.equal(false);
    expect(meets(base, at(5, 8000, 3), STRICTNESS.normal)).to.equal(true);
    expect(meets(base, at(4, 8000, 3), STRICTNESS.normal)).to.equal(false);
    expect(meets(base, at(5, 7999, 3), STRICTNESS.normal)).to.equal(false);
    expect(meets(base, at(5, 8000, 2), STRICTNESS.normal)).to.equal(false);
    expect(meets(base, { ...at(5, 8000, 0), sourceFrames: 3 }, STRICTNESS.normal)).to.equal(true);
    expect(meets(base, at(10, 16_000, 5), STRICTNESS.strict)).to.equal(true);
  });
  it('verifyStep: strict needs two good samples in a row, each growing', () => {
    let step = verifyStep({ good: 0 }, base, at(10, 16_000, 5), STRICTNESS.strict);
    expect(step.verified).to.equal(false);
    const flat = verifyStep(step.state, base, at(10, 16_000, 5), STRICTNESS.strict);
    expect(flat.verified, 'no growth').to.equal(false);
    step = verifyStep(flat.state, base, at(12, 17_000, 6), STRICTNESS.strict);
    expect(step.verified).to.equal(true);
    expect(verifyStep({ good: 0 }, base, undefined, STRICTNESS.fast).verified).to.equal(false);
    expect(verifyStep({ good: 0 }, base, at(5, 8000, 3), STRICTNESS.normal).verified).to.equal(true);
  });
  it('readOutbound finds the outbound video of the track by its media source', () => {
    const raw = sample(outboundStats('new', 3, 4, 5, 6)).raw;
    expect(readOutbound(raw, 'new')).to.deep.equal({
      rtpId: 'out1',
      sourceId: 'ms-new',
      packetsSent: 3,
      bytesSent: 4,
      framesEncoded: 5,
      sourceFrames: 6,
    });
    expect(readOutbound(raw, 'old')).to.equal(undefined);
  });

  function verifyRig(strictness: 'fast' | 'normal' | 'strict') {
    const clock = new FakeClock();
    const feed = new FakeFeed();
    feed.latest = sample(outboundStats('old', 100, 100_000, 50, 50, 'ms-old'));
    const track = new FakeTrack();
    track.id = 'new';
    let outcome: string | undefined;
    const promise = verifyOutboundVideo(
      { feed, clock },
      { track: track as unknown as MediaStreamTrack, strictness, timeoutMs: 5000 },
    ).then(
      () => {
        outcome = 'resolved';
      },
      (e: VinteoError) => {
        outcome = e.code;
      },
    );
    return { clock, feed, track, promise, outcome: () => outcome };
  }

  it('resolves once the new track is on the sender and its frames leave (deltas from the sample before the swap)', async () => {
    const r = verifyRig('normal');
    r.feed.push(sample(outboundStats('old', 110, 120_000, 60, 60, 'ms-old')));
    await flush();
    expect(r.outcome(), 'still the old track').to.equal(undefined);
    r.feed.push(sample(outboundStats('new', 104, 110_000, 52, 2)));
    await flush();
    expect(r.outcome(), '4 packets').to.equal(undefined);
    r.feed.push(sample(outboundStats('new', 120, 130_000, 60, 10)));
    await flush();
    expect(r.outcome()).to.equal('resolved');
    expect(r.feed.listeners.size).to.equal(0);
    expect(r.clock.pending).to.equal(0);
  });

  it('rejects with outbound-video-unverified after the timeout when no frames leave', async () => {
    const r = verifyRig('normal');
    r.feed.push(sample(outboundStats('new', 140, 140_000, 50, 0)));
    await r.clock.advance(4999);
    expect(r.outcome()).to.equal(undefined);
    await r.clock.advance(1);
    expect(r.outcome()).to.equal('outbound-video-unverified');
    expect(r.feed.listeners.size).to.equal(0);
  });

  it('rejects at the next sample when the new track has ended', async () => {
    const r = verifyRig('fast');
    r.track.readyState = 'ended';
    r.feed.push(sample(outboundStats('new', 140, 140_000, 50, 0)));
    await flush();
    expect(r.outcome()).to.equal('outbound-video-unverified');
    expect(r.clock.pending).to.equal(0);
  });
});

// ───────────── configuration and composition ─────────────

describe('sending quality: configuration', () => {
  it("defaults 'auto'; true, false and 'auto' pass; anything else is invalid-config", () => {
    const resolved = resolveConfig({ server: 'h' });
    expect(resolved.bandwidthReport).to.equal('auto');
    expect(resolved.mainStreamHealth).to.equal('auto');
    expect(resolved.videoBalancer).to.equal(undefined);
    const custom = resolveConfig({
      server: 'h',
      bandwidthReport: false,
      mainStreamHealth: true,
      videoBalancer: { startDelayMs: 0, ignoreForCodec: 'h264' },
    });
    expect([custom.bandwidthReport, custom.mainStreamHealth, custom.videoBalancer]).to.deep.equal([
      false,
      true,
      { startDelayMs: 0, ignoreForCodec: 'h264' },
    ]);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as VinteoError).code;
      }
      return undefined;
    };
    expect(code(() => resolveConfig({ server: 'h', bandwidthReport: 'yes' as never }))).to.equal('invalid-config');
    expect(code(() => resolveConfig({ server: 'h', videoBalancer: { startDelayMs: -1 } }))).to.equal('invalid-config');
    expect(code(() => resolveConfig({ server: 'h', videoBalancer: 5 as never }))).to.equal('invalid-config');
  });
});

describe('sending quality: composition (linkSendingQuality)', () => {
  function linked(config: ReturnType<SendingQualityPort['config']> = {}) {
    const bus = new TappedEmitter<ConnectorEvents>();
    const feed = new FakeFeed();
    const clock = new FakeClock();
    const camera = new FakeSender();
    const events: string[] = [];
    bus.on('video-balancer:balancing-scheduled', () => events.push('scheduled'));
    const port: SendingQualityPort = {
      cameraSender: () => camera as unknown as RTCRtpSender,
      cameraMid: () => '1',
      config: () => config,
      sendInfo: async () => undefined,
      mainRemoteVideo: () => undefined,
      recoverMainStream: async () => undefined,
      recovering: () => false,
    };
    const quality = linkSendingQuality({ bus, feed, port, clock, log: () => undefined });
    const call = { id: '1', direction: 'outgoing' as const, target: '7100', remoteUri: 'sip:7100@h' };
    return { bus, feed, clock, camera, events, quality, call };
  }

  it("nothing consumes stats in a call with a server that never spoke Vinteo ('auto'); a Vinteo INFO starts the report and health", () => {
    const r = linked();
    r.bus.emit('call:confirmed', { call: r.call });
    expect(r.events).to.deep.equal(['scheduled']);
    expect(r.feed.listeners.size).to.equal(0);
    r.bus.emit('call:info', { contentType: 'application/vinteo.webrtc.roomname', headers: {}, body: '' });
    expect(r.feed.listeners.size, 'bandwidth report and main-stream health').to.equal(2);
    r.bus.emit('call:ended', { call: r.call, originator: 'remote', cause: 'hangup' });
    expect(r.feed.listeners.size).to.equal(0);
  });

  it('mainStreamHealth / bandwidthReport true consume from confirmation; the balancer follows api:main-cam-control', async () => {
    const r = linked({ mainStreamHealth: true, bandwidthReport: true, videoBalancer: { startDelayMs: 0 } });
    r.bus.emit('call:confirmed', { call: r.call });
    expect(r.feed.listeners.size).to.equal(2);
    await r.clock.advance(0);
    r.bus.emit('api:main-cam-control', { mainCam: 'PAUSEMAINCAM' });
    await flush();
    expect(r.camera.encodings[0]).to.deep.equal({ maxBitrate: 60_000, scaleResolutionDownBy: 200 });
  });

  it('verify: nothing to check without the option or without a video track', async () => {
    const r = linked();
    const audioOnly = { getVideoTracks: () => [] } as unknown as MediaStream;
    await r.quality.verify(audioOnly, { verifyOutboundVideo: 'strict' }, undefined);
    await r.quality.verify(
      { getVideoTracks: () => [new FakeTrack()] } as unknown as MediaStream,
      { verifyOutboundVideo: false },
      undefined,
    );
    expect(r.feed.listeners.size).to.equal(0);
  });
});

describe('sending quality: the port onto the managers (sendingQualityPort)', () => {
  function port(state = 'active') {
    const camera = new FakeSender();
    const presentation = new FakeSender();
    const done: string[] = [];
    const calls = {
      state,
      reconnecting: false,
      handler: { senders: { mainVideo: camera, presentation } },
      requireSession: () => ({
        renegotiate: async () => {
          done.push('re-INVITE');
        },
        sendInfo: async (type: string, body: string, headers: string[]) => {
          done.push(`INFO ${type} ${body}|${headers.join()}`);
        },
      }),
    };
    const conference = {
      recvPeerConnection: {} as RTCPeerConnection | undefined,
      recvSessionRecovering: true,
      reofferRecvSession: async () => {
        done.push('re-offer');
      },
    };
    const view = { view: { main: undefined } };
    const p = sendingQualityPort(
      calls as never,
      conference as never,
      { config: { bandwidthReport: 'auto' } } as never,
      view as never,
    );
    return { p, camera, presentation, done, calls, conference };
  }

  it('the camera sender of the active call only, never the presentation’s', () => {
    const r = port();
    expect(r.p.cameraSender()).to.equal(r.camera as unknown as RTCRtpSender);
    expect(port('calling').p.cameraSender()).to.equal(undefined);
  });

  it('recovery: the receive-only session is re-offered while it is the source, else the call is re-INVITEd; busy follows the source', async () => {
    const r = port();
    await r.p.recoverMainStream('recv-session');
    await r.p.recoverMainStream('call');
    r.conference.recvPeerConnection = undefined;
    await r.p.recoverMainStream('recv-session');
    expect(r.done).to.deep.equal(['re-offer', 're-INVITE', 're-INVITE']);
    expect(r.p.recovering('recv-session')).to.equal(true);
    expect(r.p.recovering('call')).to.equal(false);
  });

  it('the bandwidth INFO has no body: headers only, over the call', async () => {
    const r = port();
    await r.p.sendInfo('application/vinteo.webrtc.stats', ['x-webrtc-available-incoming-bitrate: 5']);
    expect(r.done).to.deep.equal(['INFO application/vinteo.webrtc.stats |x-webrtc-available-incoming-bitrate: 5']);
    expect(r.p.config()).to.deep.equal({ bandwidthReport: 'auto' });
  });
});
