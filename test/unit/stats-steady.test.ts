import { expect } from '@open-wc/testing';
import { StatsHub, type StatsSourcePort } from '../../src/stats/stats-hub.js';
import { allFlowing, rateHeld, ratesOf } from '../../src/stats/steady.js';
import type { InboundCounters, StatsOptions } from '../../src/stats/types.js';
import { FakeClock } from '../support/fake-clock.js';

const audio = (packets: number, ssrc = 1): InboundCounters => ({
  kind: 'audio',
  ssrc,
  packetsReceived: packets,
  bytesReceived: packets * 80,
  framesReceived: 0,
  framesDecoded: 0,
});
const video = (packets: number, frames: number, ssrc = 2): InboundCounters => ({
  kind: 'video',
  ssrc,
  packetsReceived: packets,
  bytesReceived: packets * 1000,
  framesReceived: frames,
  framesDecoded: frames,
});

describe('steady sampling: the rules', () => {
  it('every stream must move: packets, and frames for video, with ICE connected', () => {
    const before = [audio(100), video(200, 30)];
    expect(allFlowing(before, [audio(150), video(260, 45)], 'connected')).to.equal(true);
    expect(allFlowing(before, [audio(150), video(260, 45)], 'completed')).to.equal(true);
    expect(allFlowing(before, [audio(100), video(260, 45)], 'connected'), 'audio flat').to.equal(false);
    expect(allFlowing(before, [audio(150), video(260, 30)], 'connected'), 'no new frame decoded').to.equal(false);
    expect(allFlowing(before, [audio(150), video(260, 45)], 'disconnected'), 'ICE broken').to.equal(false);
    expect(allFlowing(before, [audio(150)], 'connected'), 'a stream went away').to.equal(false);
    expect(allFlowing(before, [audio(150), video(260, 45, 9)], 'connected'), 'a new SSRC').to.equal(false);
    expect(allFlowing(undefined, [audio(150)], 'connected'), 'nothing to compare with').to.equal(false);
    expect(allFlowing([], [], 'connected'), 'nothing received').to.equal(false);
  });

  it("a stream's packet rate may not fall below half of its rate over the interval before", () => {
    const rates = (a: number, v?: number) => ratesOf([audio(0), video(0, 0)], [audio(a), video(v ?? 0, 1)], 2000);
    expect(rates(100, 200)).to.deep.equal(
      new Map([
        [1, 50],
        [2, 100],
      ]),
    );
    expect(rateHeld(rates(100, 200), rates(60, 180)), 'a little slower').to.equal(true);
    expect(rateHeld(rates(100, 200), rates(12, 200)), 'audio: 12 packets where 100 came').to.equal(false);
    expect(rateHeld(new Map(), rates(1, 1)), 'nothing to compare with').to.equal(true);
    expect(ratesOf([audio(0)], [audio(10)], 0), 'no time passed').to.deep.equal(new Map());
  });
});

/** A peer connection receiving one audio stream; `flowing` false freezes its packets. */
class SteadyPc extends EventTarget {
  calls = 0;
  packets = 0;
  flowing = true;
  /** Packets per getStats while flowing. */
  rate = 50;
  iceConnectionState: RTCIceConnectionState = 'connected';
  connectionState: RTCPeerConnectionState = 'connected';
  getTransceivers = () => [{ currentDirection: 'sendrecv', receiver: { track: { kind: 'audio' } } }];
  getStats = (): Promise<Map<string, Record<string, unknown>>> => {
    this.calls++;
    if (this.flowing) this.packets += this.rate;
    const entry = { id: 'a', type: 'inbound-rtp', kind: 'audio', ssrc: 1, packetsReceived: this.packets };
    return Promise.resolve(new Map([['a', entry]]));
  };
  ice(state: RTCIceConnectionState): void {
    this.iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
  }
}

function setup(options: StatsOptions = {}) {
  const clock = new FakeClock();
  const pc = new SteadyPc();
  const source: StatsSourcePort = {
    active: () => ({ pc: pc as unknown as RTCPeerConnection, source: 'call' }),
    roles: () => ({}),
    listening: () => false,
  };
  const hub = new StatsHub({ source, clock, options, visibility: null, log: () => undefined });
  hub.sourceChanged();
  return { clock, pc, hub };
}

/** getStats calls in each of `windows` consecutive spans of `ms`. */
async function callsPer(clock: FakeClock, pc: SteadyPc, ms: number, windows: number): Promise<number[]> {
  const counts: number[] = [];
  for (let i = 0; i < windows; i++) {
    const before = pc.calls;
    await clock.advance(ms);
    counts.push(pc.calls - before);
  }
  return counts;
}

describe('steady sampling: the collector (fake clock)', () => {
  it('monitors alone on a steady call: every second until steady, then one getStats per 2 s', async () => {
    const { clock, pc, hub } = setup();
    hub.feed.consume(() => undefined, 'counters');
    await clock.advance(3000);
    expect(pc.calls, 'a sample at once, then every second until three healthy ones in a row').to.equal(4);
    expect(hub.steady).to.equal(true);
    expect(hub.intervalMs).to.equal(2000);
    expect(await callsPer(clock, pc, 2000, 4)).to.deep.equal([1, 1, 1, 1]);
  });

  it('media stops on a steady call: the next sample sees it, then every second while it stays stopped', async () => {
    const { clock, pc, hub } = setup();
    const samples: number[] = [];
    hub.feed.consume(() => samples.push(clock.now()), 'counters');
    await clock.advance(10_000);
    expect(hub.steady).to.equal(true);
    pc.flowing = false;
    const stoppedAt = clock.now();
    await clock.advance(2000);
    const after = samples.filter((at) => at > stoppedAt);
    expect(after[0] - stoppedAt, 'the next steady sample sees it').to.be.at.most(2000);
    expect(hub.steady).to.equal(false);
    expect(await callsPer(clock, pc, 1000, 5)).to.deep.equal([1, 1, 1, 1, 1]);
    pc.flowing = true;
    await clock.advance(5000);
    expect(hub.steady, 'steady again after healthy samples').to.equal(true);
  });

  it('media thins out on a steady call (a trickle of what came before): the normal pace at once', async () => {
    const { clock, pc, hub } = setup();
    hub.feed.consume(() => undefined, 'counters');
    await clock.advance(10_000);
    expect(hub.steady).to.equal(true);
    pc.rate = 100; // 100 per 2 s: the same rate as 50 per second
    await clock.advance(4000);
    expect(hub.steady, 'same rate at the steady pace').to.equal(true);
    pc.rate = 10;
    await clock.advance(2000);
    expect(hub.steady, 'packets still grew, but at a tenth of the rate').to.equal(false);
    expect(await callsPer(clock, pc, 1000, 2), 'every second until the new rate has held').to.deep.equal([1, 1]);
  });

  it('ICE leaves connected on a steady call: sampled at once, every second from there', async () => {
    const { clock, pc, hub } = setup();
    hub.feed.consume(() => undefined, 'counters');
    await clock.advance(10_000);
    expect(hub.steady).to.equal(true);
    const before = pc.calls;
    pc.ice('disconnected');
    await clock.advance(0);
    expect(pc.calls).to.equal(before + 1);
    expect(hub.steady).to.equal(false);
    expect(await callsPer(clock, pc, 1000, 3)).to.deep.equal([1, 1, 1]);
  });

  it('an app consumer arriving on a steady call gets a sample at once and one every second', async () => {
    const { clock, pc, hub } = setup();
    hub.feed.consume(() => undefined, 'counters');
    await clock.advance(10_000);
    expect(hub.steady).to.equal(true);
    const before = pc.calls;
    hub.watch();
    await clock.advance(0);
    expect(pc.calls, 'at once').to.equal(before + 1);
    expect(await callsPer(clock, pc, 1000, 6)).to.deep.equal([1, 1, 1, 1, 1, 1]);
    expect(hub.steady).to.equal(false);
  });

  it("a consumer with a deadline ('prompt-counters') keeps the normal pace on a steady call while it consumes", async () => {
    const { clock, pc, hub } = setup();
    hub.feed.consume(() => undefined, 'counters');
    await clock.advance(10_000);
    expect(hub.steady).to.equal(true);
    const before = pc.calls;
    const off = hub.feed.consume(() => undefined, 'prompt-counters');
    await clock.advance(0);
    expect(pc.calls, 'at once').to.equal(before + 1);
    expect(await callsPer(clock, pc, 1000, 4)).to.deep.equal([1, 1, 1, 1]);
    off();
    await clock.advance(3000);
    expect(hub.steady, 'gone: the steady pace again').to.equal(true);
  });

  it('steadyIntervalMs at the normal interval turns it off: every second throughout', async () => {
    const { clock, pc, hub } = setup({ steadyIntervalMs: 1000 });
    hub.feed.consume(() => undefined, 'counters');
    await clock.advance(10_000);
    expect(hub.steady).to.equal(false);
    expect(await callsPer(clock, pc, 1000, 5)).to.deep.equal([1, 1, 1, 1, 1]);
  });

  it('a hidden page keeps its own slower pace; the steady one does not make it quicker', async () => {
    const clock = new FakeClock();
    const pc = new SteadyPc();
    const hub = new StatsHub({
      source: {
        active: () => ({ pc: pc as unknown as RTCPeerConnection, source: 'call' }),
        roles: () => ({}),
        listening: () => false,
      },
      clock,
      visibility: { hidden: () => true, onChange: () => () => undefined },
      log: () => undefined,
    });
    hub.sourceChanged();
    hub.feed.consume(() => undefined, 'counters');
    await clock.advance(20_000);
    expect(await callsPer(clock, pc, 4000, 3)).to.deep.equal([1, 1, 1]);
  });
});
