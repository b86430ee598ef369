/** The key-frame watchdog and media health as consumers of the one stats collector (no getStats of their own). */
import { expect } from '@open-wc/testing';
import { KeyFrameWatchdog } from '../../src/media/keyframe-watchdog.js';
import { MediaHealthMonitor, readingsFrom } from '../../src/media/media-health.js';
import { InboundReader } from '../../src/stats/counters.js';
import type { StatsFeed, StatsSample, StatsSnapshot, StreamStats } from '../../src/stats/types.js';
import { waitUntil } from '../support/media.js';

/** A feed the test pushes samples into; a peer connection that must never be polled. */
function fakeFeed() {
  const listeners = new Set<(s: StatsSample) => void>();
  const pc = {
    connectionState: 'connected',
    iceConnectionState: 'connected',
    getTransceivers: () => [{ receiver: { track: { kind: 'video' } }, currentDirection: 'sendrecv' }],
    getStats: () => {
      throw new Error('a consumer must not poll');
    },
  } as unknown as RTCPeerConnection;
  const feed: StatsFeed = {
    consume: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    latest: undefined,
  };
  const push = (inbound: Partial<StreamStats>, from = pc) => {
    const video: StreamStats = {
      direction: 'inbound',
      role: 'video',
      kind: 'video',
      bitrateBps: 0,
      packets: 0,
      packetsLost: 0,
      lossPercent: 0,
      ...inbound,
    };
    const snapshot: StatsSnapshot = {
      at: Date.now(),
      intervalMs: 1000,
      source: 'call',
      streams: [video],
      outbound: {},
      inbound: { video },
    };
    for (const l of [...listeners]) l({ snapshot, raw: new Map() as unknown as RTCStatsReport, pc: from });
  };
  return { feed, pc, push, listeners };
}

describe('stats consumers', () => {
  it('the key-frame watchdog asks when the fed samples show no decoded frame, and withdraws on stop', async () => {
    const { feed, pc, push, listeners } = fakeFeed();
    const reasons: string[] = [];
    const dog = new KeyFrameWatchdog({
      pc,
      feed,
      request: async () => undefined,
      onRequested: (r) => reasons.push(r),
      stallMs: 30,
    });
    dog.start();
    expect(listeners.size).to.equal(1);
    push({ frames: 0 });
    await waitUntil(
      async () => {
        push({ frames: 0 });
        return reasons.length > 0;
      },
      'a request',
      2000,
      10,
    );
    expect(reasons[0]).to.equal('no-frames');
    dog.stop();
    expect(listeners.size).to.equal(0);
  });

  it('the watchdog ignores samples of another peer connection and stays quiet while frames grow', async () => {
    const { feed, pc, push } = fakeFeed();
    let asked = 0;
    const dog = new KeyFrameWatchdog({
      pc,
      feed,
      request: async () => {
        asked++;
      },
      stallMs: 30,
    });
    dog.start();
    const other = { ...pc, getTransceivers: () => [] } as unknown as RTCPeerConnection;
    let frames = 0;
    const until = Date.now() + 200;
    await waitUntil(
      async () => {
        push({ frames: (frames += 5) });
        push({ frames: 0 }, other);
        return Date.now() > until;
      },
      '200 ms of samples',
      2000,
      10,
    );
    dog.stop();
    expect(asked).to.equal(0);
  });

  it('media health judges the fed readings: no packet growth → one problem, growth again → recovered', async () => {
    const { feed, pc, push } = fakeFeed();
    const events: string[] = [];
    const monitor = new MediaHealthMonitor({
      samples: readingsFrom(feed, pc),
      problemMs: 40,
      timeoutMs: 10_000,
      onProblem: (r) => events.push(r),
      onRecovered: () => events.push('recovered'),
    });
    monitor.start();
    expect(monitor.running).to.equal(true);
    push({ packets: 10 });
    await waitUntil(
      () => {
        push({ packets: 10 });
        return events.length > 0;
      },
      'a problem',
      2000,
      10,
    );
    push({ packets: 20 });
    expect(events).to.deep.equal(['no-packets', 'recovered']);
    monitor.stop();
    expect(monitor.running).to.equal(false);
  });
});

describe('InboundReader (the monitors’ cheap read of a report)', () => {
  /** A report of `entries` whose walks are counted. */
  const report = (entries: Array<Record<string, unknown>>) => {
    const map = new Map(entries.map((e) => [String(e.id), e]));
    const counted = { walks: 0, size: map.size, get: (id: string) => map.get(id) };
    return Object.assign(counted, {
      forEach: (fn: (value: unknown, key: string) => void) => {
        counted.walks++;
        map.forEach(fn);
      },
    });
  };
  const audio = (packets: number) => ({
    id: 'a',
    type: 'inbound-rtp',
    kind: 'audio',
    ssrc: 1,
    packetsReceived: packets,
  });
  const other = (packets: number) => ({
    id: 'b',
    type: 'inbound-rtp',
    kind: 'audio',
    ssrc: 2,
    packetsReceived: packets,
  });

  it('reads the known streams without walking, and walks when the report gains an entry (a new stream)', () => {
    const reader = new InboundReader();
    const first = report([audio(100)]);
    expect(reader.read(first, 1).map((e) => e.id)).to.deep.equal(['a']);
    const second = report([audio(150)]);
    expect(reader.read(second, 1).map((e) => e.id)).to.deep.equal(['a']);
    expect(second.walks, 'a known stream that grew: no walk').to.equal(0);
    const third = report([audio(200), other(300)]);
    expect(
      reader.read(third, 1).map((e) => e.id),
      'the new stream is seen at once (not 10 reads later, when its packets would look like growth)',
    ).to.deep.equal(['a', 'b']);
    expect(third.walks).to.equal(1);
  });
});
