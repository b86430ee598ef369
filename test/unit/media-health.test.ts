/**
 * Dead-call detection (src/call/media-health.ts): the pure rule sample by sample, the monitor on a fake clock (every
 * rule, missed samples, start/stop), and the monitor on a real loopback pair whose sender goes quiet, then away.
 */
import { expect } from '@open-wc/testing';
import {
  assessMedia,
  MediaHealthMonitor,
  sampleFrom,
  type HealthClock,
  type HealthConfig,
  type HealthState,
  type HealthVerdict,
  type MediaReading,
  type MediaSample,
} from '../../src/media/media-health.js';
import { createFakeStream } from '../../src/testing/fake-media.js';
import { waitUntil } from '../support/media.js';

const config: HealthConfig = { problemMs: 3000, timeoutMs: 15000 };
const ok = (at: number, inboundPackets: number, extra: Partial<MediaSample> = {}): MediaSample => ({
  at,
  inboundPackets,
  iceState: 'connected',
  receiving: true,
  ...extra,
});

/** Feeds samples through assessMedia and returns the verdicts with their times. */
function run(samples: MediaSample[], cfg = config): { verdicts: Array<[number, HealthVerdict]>; state?: HealthState } {
  let state: HealthState | undefined;
  const verdicts: Array<[number, HealthVerdict]> = [];
  for (const sample of samples) {
    const result = assessMedia(state, sample, cfg);
    state = result.state;
    if (result.verdict) verdicts.push([sample.at, result.verdict]);
  }
  return { verdicts, state };
}

/** One sample a second from `from` to `to` (inclusive) with the packet count `packets(t)`. */
function seconds(
  from: number,
  to: number,
  packets: (t: number) => number,
  extra: Partial<MediaSample> = {},
): MediaSample[] {
  const out: MediaSample[] = [];
  for (let t = from; t <= to; t += 1000) out.push(ok(t, packets(t), extra));
  return out;
}

describe('assessMedia (pure rule)', () => {
  it('says nothing while inbound packets grow', () => {
    expect(run(seconds(0, 60_000, (t) => t / 10)).verdicts).to.deep.equal([]);
  });

  it('no growth for problemMs → one no-packets problem, at the threshold and not before', () => {
    const samples = [...seconds(0, 5000, (t) => t / 10), ...seconds(6000, 12_000, () => 500)];
    expect(run(samples).verdicts).to.deep.equal([[8000, { kind: 'problem', reason: 'no-packets' }]]);
    expect(run(samples, { problemMs: 3500, timeoutMs: 15000 }).verdicts[0][0]).to.equal(9000);
  });

  it('a call whose media never starts has a problem problemMs after the first sample', () => {
    expect(run(seconds(0, 5000, () => 0)).verdicts).to.deep.equal([[3000, { kind: 'problem', reason: 'no-packets' }]]);
  });

  it('ICE disconnected or failed is a problem at once, reported once per episode with its first reason', () => {
    const disconnected = run([
      ok(0, 0),
      ok(1000, 50),
      ok(2000, 60, { iceState: 'disconnected' }),
      ok(3000, 60, { iceState: 'failed' }),
      ok(9000, 60, { iceState: 'failed' }),
    ]);
    expect(disconnected.verdicts).to.deep.equal([[2000, { kind: 'problem', reason: 'ice-disconnected' }]]);
    const failed = run([ok(0, 0), ok(1000, 50, { iceState: 'failed' })]);
    expect(failed.verdicts).to.deep.equal([[1000, { kind: 'problem', reason: 'ice-failed' }]]);
    expect(run([ok(0, 0, { iceState: 'failed' })]).verdicts, 'even on the first sample').to.deep.equal([
      [0, { kind: 'problem', reason: 'ice-failed' }],
    ]);
  });

  it('packets growing again → recovered, with the downtime since the last packet before the episode', () => {
    const samples = [
      ...seconds(0, 4000, (t) => t / 10),
      ...seconds(5000, 9000, () => 400),
      ok(10_000, 420),
      ok(11_000, 520),
    ];
    expect(run(samples).verdicts).to.deep.equal([
      [7000, { kind: 'problem', reason: 'no-packets' }],
      [10_000, { kind: 'recovered', downtimeMs: 6000 }],
    ]);
  });

  it('packets while ICE is still disconnected do not end the episode; they do once ICE is back', () => {
    const samples = [
      ok(0, 0),
      ok(1000, 10),
      ok(2000, 20, { iceState: 'disconnected' }),
      ok(3000, 30, { iceState: 'disconnected' }),
      ok(4000, 40),
    ];
    expect(run(samples).verdicts).to.deep.equal([
      [2000, { kind: 'problem', reason: 'ice-disconnected' }],
      [4000, { kind: 'recovered', downtimeMs: 3000 }],
    ]);
  });

  it('still no media timeoutMs after the problem → one timeout', () => {
    const samples = [ok(0, 10), ...seconds(1000, 40_000, () => 10)];
    expect(run(samples).verdicts).to.deep.equal([
      [3000, { kind: 'problem', reason: 'no-packets' }],
      [18_000, { kind: 'timeout' }],
    ]);
  });

  it('a falling total (a stream went away) is not media', () => {
    const samples = [ok(0, 100), ok(1000, 200), ok(2000, 150), ok(3000, 150), ok(4000, 150)];
    expect(run(samples).verdicts).to.deep.equal([[4000, { kind: 'problem', reason: 'no-packets' }]]);
  });

  it('nothing is judged while nothing receives (hold); the clocks restart when receiving resumes', () => {
    const held = { receiving: false, iceState: 'disconnected' as const };
    const samples = [
      ok(0, 10),
      ok(1000, 20),
      ...seconds(2000, 30_000, () => 20, held),
      ok(31_000, 20),
      ok(33_000, 20),
      ok(34_000, 20),
    ];
    expect(run(samples).verdicts).to.deep.equal([[34_000, { kind: 'problem', reason: 'no-packets' }]]);
    const first = run([
      ok(0, 0, { receiving: false }),
      ok(5000, 0, { receiving: false }),
      ok(6000, 0),
      ok(8000, 0),
      ok(9000, 0),
    ]);
    expect(first.verdicts, 'a call that starts on hold').to.deep.equal([
      [9000, { kind: 'problem', reason: 'no-packets' }],
    ]);
  });

  it('a hold during an episode keeps it open and restarts its timeout on resume', () => {
    const samples = [
      ok(0, 10),
      ok(3000, 10),
      ok(4000, 10, { receiving: false }),
      ok(60_000, 10, { receiving: false }),
      ok(61_000, 10),
      ok(75_000, 10),
      ok(76_000, 10),
    ];
    expect(run(samples).verdicts).to.deep.equal([
      [3000, { kind: 'problem', reason: 'no-packets' }],
      [76_000, { kind: 'timeout' }],
    ]);
  });

  it('is pure: the previous state is not modified', () => {
    const { state } = run([ok(0, 10), ok(3000, 10)]);
    const frozen = JSON.stringify(state);
    assessMedia(state, ok(4000, 20), config);
    expect(JSON.stringify(state)).to.equal(frozen);
  });
});

/** Fake timers: intervals run when `advance` moves time past them; microtasks are flushed after each tick. */
class FakeClock implements HealthClock {
  time = 0;
  #next = 1;
  readonly intervals = new Map<number, { fn: () => void; ms: number; due: number }>();
  now(): number {
    return this.time;
  }
  setInterval(fn: () => void, ms: number): unknown {
    const id = this.#next++;
    this.intervals.set(id, { fn, ms, due: this.time + ms });
    return id;
  }
  clearInterval(handle: unknown): void {
    this.intervals.delete(handle as number);
  }
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.intervals.values()].sort((a, b) => a.due - b.due)[0];
      if (!due || due.due > end) break;
      this.time = due.due;
      due.due += due.ms;
      due.fn();
      await flush();
    }
    this.time = end;
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A stats source the test drives: packets grow by `rate` per read unless stalled; reads can fail or hang. */
class FakeSource {
  packets = 0;
  rate = 50;
  iceState: RTCIceConnectionState = 'connected';
  receiving = true;
  fail = false;
  hang?: Promise<void>;
  reads = 0;
  readonly read = async (): Promise<MediaReading> => {
    this.reads++;
    if (this.hang) await this.hang;
    if (this.fail) throw new Error('getStats failed');
    this.packets += this.rate;
    return { inboundPackets: this.packets, iceState: this.iceState, receiving: this.receiving };
  };
}

function monitorOn(source: FakeSource, clock: FakeClock, overrides: { problemMs?: number; timeoutMs?: number } = {}) {
  const events: string[] = [];
  const monitor = new MediaHealthMonitor({
    readSample: source.read,
    clock,
    pollMs: 1000,
    problemMs: 3000,
    ...overrides,
    onProblem: (reason) => events.push(`problem ${reason} @${clock.time}`),
    onRecovered: (downtimeMs) => events.push(`recovered ${downtimeMs} @${clock.time}`),
    onTimeout: () => events.push(`timeout @${clock.time}`),
  });
  return { monitor, events };
}

describe('MediaHealthMonitor (fake clock)', () => {
  it('polls at start and every pollMs; reports problem, recovery, and a timeout once, then stops its timer', async () => {
    const clock = new FakeClock();
    const source = new FakeSource();
    const { monitor, events } = monitorOn(source, clock);
    monitor.start();
    await flush();
    expect(source.reads).to.equal(1);
    await clock.advance(5000);
    expect(source.reads).to.equal(6);
    source.rate = 0;
    await clock.advance(5000);
    expect(events).to.deep.equal(['problem no-packets @8000']);
    expect(monitor.problem).to.equal('no-packets');
    source.rate = 50;
    await clock.advance(1000);
    expect(events.at(-1)).to.equal('recovered 6000 @11000');
    expect(monitor.problem).to.equal(undefined);
    source.rate = 0;
    await clock.advance(60_000);
    expect(events.slice(2)).to.deep.equal(['problem no-packets @14000', 'timeout @29000']);
    expect(monitor.running).to.equal(false);
    expect(clock.intervals.size, 'no timer left after the timeout').to.equal(0);
  });

  it('readings that stop coming (a getStats() that hangs) still end in a problem and a timeout', async () => {
    const clock = new FakeClock();
    const source = new FakeSource();
    const { monitor, events } = monitorOn(source, clock, { problemMs: 2000, timeoutMs: 4000 });
    monitor.start();
    await clock.advance(3000);
    source.hang = new Promise(() => undefined); // never settles
    await clock.advance(20_000);
    expect(events, 'the last reading is at 3000: problem when blind for 10 s, timeout 4 s after that').to.deep.equal([
      'problem no-packets @13000',
      'timeout @17000',
    ]);
    expect(monitor.running).to.equal(false);
  });

  it('fed readings (the stats collector) that stop coming also end in a problem and a timeout', async () => {
    const clock = new FakeClock();
    let push: ((reading: MediaReading) => void) | undefined;
    const events: string[] = [];
    const monitor = new MediaHealthMonitor({
      samples: (listener) => {
        push = listener;
        return () => {
          push = undefined;
        };
      },
      clock,
      pollMs: 1000,
      problemMs: 2000,
      timeoutMs: 4000,
      onProblem: (reason) => events.push(`problem ${reason} @${clock.time}`),
      onTimeout: () => events.push(`timeout @${clock.time}`),
    });
    monitor.start();
    for (let packets = 50; packets <= 150; packets += 50) {
      push?.({ inboundPackets: packets, iceState: 'connected', receiving: true });
      await clock.advance(1000);
    }
    await clock.advance(20_000); // the collector went quiet
    expect(events, 'the last reading at 2000: blind for 10 s is a problem').to.deep.equal([
      'problem no-packets @12000',
      'timeout @16000',
    ]);
    expect(push, 'unsubscribed after the timeout').to.equal(undefined);
    expect(clock.intervals.size).to.equal(0);
  });

  it('fed readings at a pace slower than problemMs (a hidden page: every 4 s) are not silence', async () => {
    const clock = new FakeClock();
    let push: ((reading: MediaReading) => void) | undefined;
    const events: string[] = [];
    const monitor = new MediaHealthMonitor({
      samples: (listener) => {
        push = listener;
        return () => {
          push = undefined;
        };
      },
      clock,
      pollMs: 1000,
      problemMs: 2000,
      timeoutMs: 4000,
      onProblem: (reason) => events.push(`problem ${reason} @${clock.time}`),
    });
    monitor.start();
    for (let packets = 50; packets <= 500; packets += 50) {
      push?.({ inboundPackets: packets, iceState: 'connected', receiving: true });
      await clock.advance(4000);
    }
    expect(events).to.deep.equal([]);
    await clock.advance(8000); // two of its own intervals without a reading: now it is silence
    expect(events).to.have.length(1);
    monitor.stop();
  });

  it('ICE disconnected / failed → one problem with that reason', async () => {
    const clock = new FakeClock();
    const source = new FakeSource();
    const { monitor, events } = monitorOn(source, clock);
    monitor.start();
    await clock.advance(2000);
    source.iceState = 'disconnected';
    await clock.advance(1000);
    source.iceState = 'failed';
    await clock.advance(3000);
    expect(events).to.deep.equal(['problem ice-disconnected @3000']);
    source.iceState = 'connected';
    await clock.advance(1000);
    expect(events.at(-1)).to.equal('recovered 5000 @7000');
    monitor.stop();
    const again = monitorOn(source, clock);
    source.iceState = 'failed';
    again.monitor.start();
    await flush();
    expect(again.events, 'judged on the first sample').to.deep.equal(['problem ice-failed @7000']);
    await clock.advance(2000);
    expect(again.events).to.have.length(1);
    again.monitor.stop();
  });

  it('a rejected getStats is one missed sample: blind for a moment is no problem; the next real reading judges it all', async () => {
    const clock = new FakeClock();
    const source = new FakeSource();
    const { monitor, events } = monitorOn(source, clock);
    monitor.start();
    await clock.advance(2000);
    source.fail = true;
    await clock.advance(3000);
    expect(monitor.missedSamples).to.equal(3);
    expect(monitor.running).to.equal(true);
    expect(events, 'no reading since 2000, but blind is not silent (only blindMs, 10 s, would be)').to.deep.equal([]);
    source.fail = false;
    source.rate = 0;
    await clock.advance(1000);
    expect(events, 'the first reading again: no packet since 2000').to.deep.equal(['problem no-packets @6000']);
    source.rate = 50;
    await clock.advance(1000);
    expect(events.at(-1)).to.equal('recovered 5000 @7000');
    monitor.stop();
  });

  it('a read still pending at the next tick is skipped, not doubled; a read pending at stop() is ignored', async () => {
    const clock = new FakeClock();
    const source = new FakeSource();
    const { monitor, events } = monitorOn(source, clock, { problemMs: 1000 });
    let release!: () => void;
    source.hang = new Promise((resolve) => {
      release = resolve;
    });
    monitor.start();
    await clock.advance(5000);
    expect(source.reads, 'one read in flight').to.equal(1);
    monitor.stop();
    source.rate = 0;
    release();
    source.hang = undefined;
    await flush();
    expect(events).to.deep.equal([]);
    expect(clock.intervals.size).to.equal(0);
  });

  it('start() and stop() are idempotent; a restart begins a fresh baseline', async () => {
    const clock = new FakeClock();
    const source = new FakeSource();
    const { monitor, events } = monitorOn(source, clock);
    monitor.start();
    monitor.start();
    expect(clock.intervals.size).to.equal(1);
    await flush();
    source.rate = 0;
    await clock.advance(3000);
    expect(events).to.deep.equal(['problem no-packets @3000']);
    monitor.stop();
    monitor.stop();
    expect(clock.intervals.size).to.equal(0);
    monitor.start();
    await flush();
    await clock.advance(2000);
    expect(monitor.problem, 'fresh baseline after restart').to.equal(undefined);
    await clock.advance(1000);
    expect(events).to.deep.equal(['problem no-packets @3000', 'problem no-packets @6000']);
    monitor.stop();
  });

  it('pauses while nothing receives (hold)', async () => {
    const clock = new FakeClock();
    const source = new FakeSource();
    const { monitor, events } = monitorOn(source, clock);
    monitor.start();
    await clock.advance(1000);
    source.receiving = false;
    source.rate = 0;
    await clock.advance(60_000);
    expect(events).to.deep.equal([]);
    source.receiving = true;
    await clock.advance(3000);
    expect(events, 'the quiet clock restarted at the first receiving sample (62000)').to.deep.equal([]);
    await clock.advance(1000);
    expect(events).to.deep.equal(['problem no-packets @65000']);
    monitor.stop();
  });
});

/** A negotiated loopback pair in the page: `sender` sends a tone and a canvas video to `receiver`. */
async function loopbackPair() {
  const stream = createFakeStream();
  const sender = new RTCPeerConnection({ iceServers: [] });
  const receiver = new RTCPeerConnection({ iceServers: [] });
  sender.onicecandidate = (e) => {
    if (e.candidate) void receiver.addIceCandidate(e.candidate).catch(() => undefined);
  };
  receiver.onicecandidate = (e) => {
    if (e.candidate) void sender.addIceCandidate(e.candidate).catch(() => undefined);
  };
  for (const track of stream.getTracks()) sender.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
  await sender.setLocalDescription(await sender.createOffer());
  await receiver.setRemoteDescription(sender.localDescription as RTCSessionDescription);
  await receiver.setLocalDescription(await receiver.createAnswer());
  await sender.setRemoteDescription(receiver.localDescription as RTCSessionDescription);
  const tracks = stream.getTracks();
  const close = () => {
    sender.close();
    receiver.close();
    tracks.forEach((t) => t.stop());
  };
  return { tracks, sender, receiver, close };
}

describe('MediaHealthMonitor on a real loopback pair', function () {
  this.timeout(30_000);

  it('sees media, a problem when the sender goes quiet, recovery, then a problem and a timeout when the sender closes', async () => {
    const pair = await loopbackPair();
    const events: Array<{ what: string; at: number; detail?: unknown }> = [];
    const monitor = new MediaHealthMonitor({
      readSample: sampleFrom(pair.receiver),
      pollMs: 250,
      problemMs: 3000,
      timeoutMs: 2000,
      onProblem: (reason) => events.push({ what: 'problem', at: performance.now(), detail: reason }),
      onRecovered: (downtimeMs) => events.push({ what: 'recovered', at: performance.now(), detail: downtimeMs }),
      onTimeout: () => events.push({ what: 'timeout', at: performance.now() }),
    });
    try {
      const read = sampleFrom(pair.receiver);
      await waitUntil(async () => (await read()).inboundPackets > 50, 'inbound packets on the receiver', 10_000);
      monitor.start();
      const quietFrom = performance.now();
      for (const s of pair.sender.getSenders()) await s.replaceTrack(null);
      await waitUntil(() => events.length >= 1, 'a media problem', 8000, 50);
      expect(events[0].what).to.equal('problem');
      expect(events[0].detail).to.equal('no-packets');
      // Bounds: problemMs, plus a poll, plus slack for a loaded 2-core machine (timers and getStats run late there).
      expect(events[0].at - quietFrom).to.be.within(2500, 3000 + 250 + 2000);
      for (const [i, s] of pair.sender.getSenders().entries()) await s.replaceTrack(pair.tracks[i]);
      await waitUntil(() => events.length >= 2, 'recovery', 8000, 50);
      expect(events[1].what).to.equal('recovered');
      expect(events[1].detail as number).to.be.within(2500, 8000);
      const closedAt = performance.now();
      pair.sender.close();
      await waitUntil(() => events.length >= 4, 'a second problem and the timeout', 10_000, 50);
      expect(events[2].what).to.equal('problem');
      expect(events[2].detail).to.be.oneOf(['no-packets', 'ice-disconnected', 'ice-failed']);
      expect(events[2].at - closedAt).to.be.below(3000 + 250 + 2000);
      expect(events[3].what).to.equal('timeout');
      expect(events[3].at - events[2].at).to.be.within(1750, 2000 + 250 + 2000);
      expect(monitor.running).to.equal(false);
    } finally {
      monitor.stop();
      pair.close();
    }
  });
});
