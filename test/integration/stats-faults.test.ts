/**
 * Call quality under real impairments, end to end: the real connector in Chromium against the local server (a
 * conference alone: its own media echoed back by the werift peer). The impairments are real: the emulator's
 * media peer drops a share of the RTP it sends (`dropRtp`), the loopback interface's UDP is capped with tc
 * (`capBandwidth`, only ever inside the runner's loopback-only namespace), the emulator's main video stops
 * (`stopVideo`). The assertions are on the connector's own verdicts and health events and on the SIP requests the
 * server saw.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import type { QualityPart, QualityReason, QualityVerdict, StatsSnapshot } from '../../src/stats/types.js';
import type { ConnectionConfig } from '../../src/types.js';
import { fakeMedia, waitUntil } from '../support/media.js';
import { type ServerInfo, vinteoServer } from '../support/server.js';
import { flowingBothWays, qualityWhere, sampleWhere, verdictLog } from '../support/stats.js';

let server: ServerInfo;
const connectors: VinteoConnector[] = [];
const tracks: MediaStreamTrack[] = [];

async function inCall(
  conference: string,
  extra: Partial<ConnectionConfig> = {},
  video = { width: 320, height: 240 },
): Promise<VinteoConnector> {
  const c = new VinteoConnector({ log: () => undefined });
  connectors.push(c);
  return inCallWith(c, conference, extra, video);
}

async function inCallWith(
  c: VinteoConnector,
  conference: string,
  extra: Partial<ConnectionConfig> = {},
  video = { width: 320, height: 240 },
): Promise<VinteoConnector> {
  const media = await fakeMedia({ audio: true, video });
  tracks.push(...media.getTracks());
  await c.connect({ server: server.wsUrl, domain: server.domain, displayName: 'Faults', ...extra });
  await c.startCall(conference, { mediaStream: media });
  return c;
}

describe('call quality under real impairments (local server)', function () {
  this.timeout(40_000);

  before(async () => {
    server = await vinteoServer.info();
  });

  afterEach(async () => {
    await vinteoServer.liftBandwidthCap();
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
    tracks.splice(0).forEach((t) => t.stop());
    await vinteoServer.reset();
  });

  it('the far end drops 20 % of its RTP: inbound poor (loss), outbound unharmed; lifted: back to good', async () => {
    const c = await inCall('4200');
    const off = c.watchStats();
    const log = verdictLog(c);
    await sampleWhere(c, 'audio and video flowing both ways', flowingBothWays);
    const fine = await qualityWhere(c, 'excellent or good', healthy);
    await vinteoServer.dropRtp({ share: 0.2 });
    const poor = await qualityWhere(c, 'inbound poor for loss', (q) => isPoorFor(q.inbound, 'loss'));
    expect(poor.quality, log.lines.join('\n')).to.equal('poor');
    expect(poor.reasons).to.include('loss');
    expect(poor.outbound.quality, 'what we send is not impaired').to.be.oneOf(['excellent', 'good']);
    expect(poor.mos).to.be.below(fine.mos ?? 4.5);
    const lifted = await vinteoServer.dropRtp({ share: 0 });
    expect(lifted.dropped, 'packets the emulator dropped').to.be.above(20);
    await qualityWhere(c, 'good again', healthy, 20_000);
    await sampleWhere(c, 'no inbound loss', (s) => s.inbound.audio?.lossPercent === 0, 5000);
    log.stop();
    off();
  });

  it('a 200 kbit/s cap on the loopback media: poor (loss, rtt), on both ways; lifted: back to good', async () => {
    const c = await inCall('4201');
    const off = c.watchStats();
    const log = verdictLog(c);
    await sampleWhere(c, 'audio and video flowing both ways', flowingBothWays);
    await qualityWhere(c, 'excellent or good', healthy);
    try {
      await vinteoServer.capBandwidth({ rateKbit: 200, ms: 30_000 });
      const poor = await qualityWhere(c, 'poor', (q) => q.quality === 'poor');
      expect(poor.reasons, log.lines.join('\n')).to.not.include('no-media');
      expect(
        poor.reasons.some((r) => CAP_REASONS.includes(r)),
        poor.reasons.join(),
      ).to.equal(true);
      const both = await qualityWhere(c, 'poor both ways', (q) => bothPoor(q), 10_000);
      expect([...both.outbound.reasons, ...both.inbound.reasons]).to.include('loss');
    } finally {
      const cap = await vinteoServer.liftBandwidthCap();
      expect(cap.dropped, 'packets the token bucket dropped').to.be.above(0);
    }
    await qualityWhere(c, 'good again', healthy, 20_000);
    log.stop();
    off();
  });

  it('a 640×480 camera under a 300 kbit/s cap: the encoder is held back for bandwidth, said in the verdict; lifted: back', async () => {
    const c = await inCall('4204', {}, { width: 640, height: 480 });
    const off = c.watchStats();
    const log = verdictLog(c);
    await sampleWhere(c, 'audio and video flowing both ways', flowingBothWays);
    try {
      await vinteoServer.capBandwidth({ rateKbit: 300, latencyMs: 400, ms: 40_000 });
      const limited = await sampleWhere(c, 'a bandwidth-limited encoder', isBandwidthLimited, 25_000);
      expect(limited.outbound.video?.width ?? 640, 'scaled down').to.be.below(640);
      const verdict = await qualityWhere(c, 'bandwidth among the reasons', (q) =>
        q.outbound.reasons.includes('bandwidth'),
      );
      expect(verdict.quality, log.lines.join('\n')).to.be.oneOf(['good', 'poor']);
    } finally {
      await vinteoServer.liftBandwidthCap();
    }
    await qualityWhere(c, 'good again', healthy, 20_000);
    log.stop();
    off();
  });

  it('the far end’s main video stops: main-stream health detects it, re-INVITEs once, the video is back', async () => {
    const c = await inCall('4202', { register: true, user: 'alice', password: 'alice-secret' });
    const mediaProblems: unknown[] = [];
    c.on('call:media-problem', (p) => mediaProblems.push(p));
    await sampleWhere(c, 'inbound video decoded', (s) => (s.inbound.video?.framesPerSecond ?? 0) > 0);
    const callId = (await vinteoServer.dialogs()).find((d) => d.user === 'alice')?.callId;
    const since = Date.now();
    const detected = c.wait('main-stream-health:inbound-video-problem-detected', 15_000);
    const resolved = c.wait('main-stream-health:inbound-video-problem-resolved', 30_000);
    await vinteoServer.stopVideo({ user: 'alice', untilReinvite: true });
    const problem = await detected;
    expect(problem.consecutiveSamples).to.equal(3);
    expect(problem.reason, 'video that flowed, then stopped').to.equal('inbound-video-stalled');
    expect((await resolved).reason).to.equal(problem.reason);
    const reinvites = (await vinteoServer.requests({ method: 'INVITE', since })).filter((r) => r.callId === callId);
    expect(reinvites, 'one recovery re-INVITE').to.have.length(1);
    await sampleWhere(c, 'inbound video decoded again', (s) => (s.inbound.video?.framesPerSecond ?? 0) > 0, 5000);
    expect(mediaProblems, 'audio went on: media health saw no problem').to.deep.equal([]);
  });

  it('a getStats that rejects or never answers does not stop the loop (one warning per run of failures)', async () => {
    const probe = { mode: 'pass' as 'pass' | 'reject' | 'hang', failed: 0 };
    const lines: string[] = [];
    const c = new VinteoConnector({
      log: (level, message) => void (message.startsWith('stats:') && lines.push(`${level} ${message}`)),
      createPeerConnection: (config) => failingStats(new RTCPeerConnection(config), probe),
    });
    connectors.push(c);
    const stopped: unknown[] = [];
    c.on('stats:stopped', (p) => stopped.push(p));
    const t0 = performance.now();
    const health: string[] = [];
    for (const name of ['call:media-problem', 'call:media-recovered', 'call:reconnecting', 'call:resumed'] as const)
      c.on(name, (p) => health.push(`${((performance.now() - t0) / 1000).toFixed(1)}s ${name} ${JSON.stringify(p)}`));
    await inCallWith(c, '4203');
    const off = c.watchStats();
    await sampleWhere(c, 'audio and video flowing both ways', flowingBothWays);
    probe.mode = 'reject';
    await waitUntil(() => probe.failed >= 2, 'two rejected getStats', 5000);
    probe.mode = 'hang';
    const hangFrom = probe.failed;
    await waitUntil(() => probe.failed > hangFrom, 'a getStats that never answers', 5000);
    const hungAt = performance.now();
    health.push(`${((hungAt - t0) / 1000).toFixed(1)}s hang starts`);
    probe.mode = 'pass';
    const next = await sampleWhere(c, 'a sample after the failures', flowingBothWays, 10_000);
    expect(performance.now() - hungAt, 'the hung tick’s time limit (5 s) ended it').to.be.within(3000, 8000);
    expect(next.inbound.video?.framesPerSecond).to.be.above(0);
    expect(stopped, 'the collector never stopped').to.deep.equal([]);
    expect(
      lines.filter((l) => l.startsWith('warn')),
      lines.join('\n'),
    ).to.deep.equal(['warn stats: a tick failed; polling goes on']);
    expect(
      lines.some((l) => /answers again after \d+ failed tick/.test(l)),
      lines.join('\n'),
    ).to.equal(true);
    // ~7 s without readings (two rejected ticks, one hung for its 5 s limit) while media flowed: media health does not
    // take blindness for a dead call (it would ICE-restart a healthy one); only 10 s without any reading would count.
    const events = health.filter((l) => !l.includes('hang starts'));
    expect(events, `no media problem, no ICE restart:\n${health.join('\n')}`).to.deep.equal([]);
    off();
  });
});

/** Makes `pc.getStats()` answer, reject, or never answer, as `probe.mode` says; counts the failures. */
function failingStats(pc: RTCPeerConnection, probe: { mode: 'pass' | 'reject' | 'hang'; failed: number }) {
  const original = pc.getStats.bind(pc);
  pc.getStats = ((selector?: MediaStreamTrack | null) => {
    if (probe.mode === 'pass') return original(selector);
    probe.failed++;
    if (probe.mode === 'reject') return Promise.reject(new Error('injected getStats failure'));
    return new Promise(() => undefined);
  }) as typeof pc.getStats;
  return pc;
}

const CAP_REASONS: QualityReason[] = ['loss', 'rtt', 'jitter', 'bandwidth'];
const isBandwidthLimited = (s: StatsSnapshot) => s.outbound.video?.qualityLimitationReason === 'bandwidth';
const healthy = (q: QualityVerdict) => q.quality === 'excellent' || q.quality === 'good';
const isPoorFor = (p: QualityPart, reason: QualityReason) => p.quality === 'poor' && p.reasons.includes(reason);
const bothPoor = (q: QualityVerdict) => q.outbound.quality === 'poor' && q.inbound.quality === 'poor';
