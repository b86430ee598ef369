import { expect } from '@open-wc/testing';
import { StatsHub, type StatsSourcePort, type VisibilityPort } from '../../src/stats/stats-hub.js';
import type { StatsEvents, StatsOptions } from '../../src/stats/types.js';
import type { LogLevel } from '../../src/util/logger.js';
import { FakeClock } from '../support/fake-clock.js';

/** A peer connection whose getStats answers a growing audio + video report (or fails, or takes `delayMs` of the clock). */
class FakePc {
  calls = 0;
  fail = false;
  delayMs = 0;
  hang = false;
  connectionState: RTCPeerConnectionState = 'connected';
  getTransceivers = () => [{ currentDirection: 'sendrecv', sender: { track: {} } }];
  constructor(
    readonly clock: FakeClock,
    readonly ssrc = 1,
  ) {}
  getStats = (): Promise<Map<string, Record<string, unknown>>> => {
    this.calls++;
    const n = this.calls;
    if (this.hang) return new Promise(() => undefined);
    if (this.fail) return Promise.reject(new Error('getStats failed'));
    const report = new Map<string, Record<string, unknown>>([
      [
        'a',
        {
          id: 'a',
          type: 'inbound-rtp',
          kind: 'audio',
          ssrc: this.ssrc,
          packetsReceived: 50 * n,
          packetsLost: 0,
          bytesReceived: 4000 * n,
          jitter: 0.005,
        },
      ],
      [
        'o',
        {
          id: 'o',
          type: 'outbound-rtp',
          kind: 'audio',
          ssrc: this.ssrc + 100,
          packetsSent: 50 * n,
          bytesSent: 4000 * n,
        },
      ],
    ]);
    if (!this.delayMs) return Promise.resolve(report);
    return new Promise((resolve) => this.clock.setTimeout(() => resolve(report), this.delayMs));
  };
  asPc(): RTCPeerConnection {
    return this as unknown as RTCPeerConnection;
  }
}

class FakeVisibility implements VisibilityPort {
  isHidden = false;
  #listeners = new Set<() => void>();
  hidden(): boolean {
    return this.isHidden;
  }
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  set(hidden: boolean): void {
    this.isHidden = hidden;
    for (const l of this.#listeners) l();
  }
}

function setup(options: StatsOptions = {}) {
  const clock = new FakeClock();
  const pc = new FakePc(clock);
  const visibility = new FakeVisibility();
  const logs: Array<[LogLevel, string]> = [];
  const state = { active: pc as FakePc | undefined, listening: false, collecting: false, rolesFail: false };
  const source: StatsSourcePort = {
    active: () => state.active && { pc: state.active.asPc(), source: 'call' },
    roles: () => {
      if (state.rolesFail) throw new Error('roles broke');
      return {};
    },
    listening: () => state.listening,
    collecting: () => state.collecting,
  };
  const hub = new StatsHub({
    source,
    clock,
    options,
    visibility,
    log: (level, message) => logs.push([level, message]),
  });
  const events: Array<{ name: keyof StatsEvents; payload: unknown }> = [];
  for (const name of ['stats:collected', 'stats:stopped', 'stats:quality-changed'] as const)
    hub.events.on(name, (payload) => events.push({ name, payload }));
  const stopped = () =>
    events.filter((e) => e.name === 'stats:stopped').map((e) => (e.payload as { reason: string }).reason);
  return { clock, pc, hub, state, logs, events, visibility, stopped };
}

describe('StatsHub (fake clock)', () => {
  it('no consumer: no getStats call at all, even with media', async () => {
    const { clock, pc, hub } = setup();
    hub.sourceChanged();
    hub.consumersChanged();
    await clock.advance(30_000);
    expect(pc.calls).to.equal(0);
    expect(hub.polling).to.equal(false);
    expect(clock.pending).to.equal(0);
  });

  it('consumers: one getStats per tick however many there are, the first at once, then every second', async () => {
    const { clock, pc, hub, events } = setup();
    hub.sourceChanged();
    const off = hub.watch();
    const samples: number[] = [];
    const offFeed = hub.feed.consume((s) => samples.push(s.snapshot.at));
    hub.watch();
    await clock.advance(0);
    expect(pc.calls).to.equal(1);
    await clock.advance(5000);
    expect(pc.calls).to.equal(6);
    expect(samples).to.have.length(6);
    expect(events.filter((e) => e.name === 'stats:collected')).to.have.length(6);
    expect(hub.latest?.inbound.audio?.bitrateBps).to.equal(32_000);
    expect(hub.feed.latest?.pc).to.equal(pc);
    off();
    offFeed();
  });

  it('a watcher content with a sample every 2 s paces the collector, until a consumer wants every sample', async () => {
    const { clock, pc, hub, state } = setup();
    hub.sourceChanged();
    hub.watch({ intervalMs: 2000 });
    state.listening = true; // its stats:quality-changed listener: not a request for every sample
    hub.consumersChanged();
    await clock.advance(0);
    expect(pc.calls, 'the first at once').to.equal(1);
    await clock.advance(6000);
    expect(pc.calls, 'then every 2 s').to.equal(4);
    expect(hub.intervalMs).to.equal(2000);
    const off = hub.watch();
    await clock.advance(0);
    expect(pc.calls, 'a watcher wanting every tick gets a sample at once').to.equal(5);
    await clock.advance(3000);
    expect(pc.calls, 'and one a second').to.equal(8);
    off();
    await clock.advance(4000);
    expect(pc.calls, 'back to every 2 s').to.equal(10);
    state.collecting = true;
    hub.consumersChanged();
    await clock.advance(0);
    await clock.advance(3000);
    expect(pc.calls, 'a stats:collected listener: a sample at once, then every second').to.equal(14);
  });

  it('polls while the app listens, stops at the next tick once nobody consumes (stats:stopped no-consumers)', async () => {
    const { clock, pc, hub, state, stopped } = setup();
    hub.sourceChanged();
    state.listening = true;
    hub.consumersChanged();
    await clock.advance(2000);
    expect(pc.calls).to.equal(3);
    state.listening = false;
    await clock.advance(10_000);
    expect(pc.calls).to.equal(3);
    expect(stopped()).to.deep.equal(['no-consumers']);
    const off = hub.watch();
    await clock.advance(0);
    expect(pc.calls, 'a new consumer starts it again').to.equal(4);
    off();
  });

  it('waits for media: a consumer before the call polls nothing until the source comes', async () => {
    const { clock, pc, hub, state } = setup();
    state.active = undefined;
    hub.watch();
    await clock.advance(5000);
    expect(pc.calls).to.equal(0);
    state.active = pc;
    hub.sourceChanged();
    await clock.advance(0);
    expect(pc.calls).to.equal(1);
  });

  it('a failed tick is logged once per episode and the loop goes on', async () => {
    const { clock, pc, hub, logs } = setup();
    hub.sourceChanged();
    hub.watch();
    await clock.advance(1000);
    pc.fail = true;
    await clock.advance(5000);
    expect(pc.calls).to.equal(7);
    expect(logs.filter(([level]) => level === 'warn')).to.have.length(1);
    pc.fail = false;
    await clock.advance(1000);
    expect(pc.calls).to.equal(8);
    expect(logs.some(([level, m]) => level === 'info' && m.includes('after 5 failed'))).to.equal(true);
    expect(hub.latest).to.not.equal(undefined);
  });

  it('a getStats that never answers times out and the loop goes on', async () => {
    const { clock, pc, hub, logs } = setup();
    hub.sourceChanged();
    hub.watch();
    pc.hang = true;
    await clock.advance(0);
    await clock.advance(5000);
    expect(pc.calls).to.equal(1);
    pc.hang = false;
    await clock.advance(2000);
    expect(pc.calls, 'the next tick, a slow-tick interval later').to.equal(2);
    expect(hub.intervalMs).to.equal(1000);
    expect(logs.filter(([level]) => level === 'warn').map(([, m]) => m)).to.deep.equal([
      'stats: a tick failed; polling goes on',
    ]);
  });

  it('a slow tick stretches the interval (doubling, up to the ceiling), quick ticks bring it back', async () => {
    const { clock, pc, hub, logs } = setup();
    hub.sourceChanged();
    hub.watch();
    pc.delayMs = 150;
    await clock.advance(0);
    await clock.advance(150);
    expect(hub.intervalMs).to.equal(2000);
    await clock.advance(2150);
    expect(hub.intervalMs).to.equal(4000);
    await clock.advance(4150);
    expect(hub.intervalMs, 'the ceiling').to.equal(4000);
    expect(
      logs.filter(([level]) => level === 'warn'),
      'one warning per slow episode',
    ).to.have.length(1);
    pc.delayMs = 0;
    await clock.advance(4000);
    expect(hub.intervalMs).to.equal(2000);
    await clock.advance(2000);
    expect(hub.intervalMs).to.equal(1000);
    const calls = pc.calls;
    await clock.advance(3000);
    expect(pc.calls - calls).to.equal(3);
  });

  it('a hidden page polls every 4 s; back in view, at once at the normal interval', async () => {
    const { clock, pc, hub, visibility } = setup();
    hub.sourceChanged();
    hub.watch();
    await clock.advance(1000);
    visibility.set(true);
    const calls = pc.calls;
    await clock.advance(12_000);
    expect(pc.calls - calls).to.be.within(3, 4);
    visibility.set(false);
    const after = pc.calls;
    await clock.advance(3000);
    expect(pc.calls - after).to.equal(3);
  });

  it('the active peer connection changes: stats:stopped source-changed, then samples of the new one from zero', async () => {
    const { clock, pc, hub, state, stopped } = setup();
    hub.sourceChanged();
    hub.watch();
    await clock.advance(2000);
    const recv = new FakePc(clock, 7);
    state.active = recv;
    hub.sourceChanged();
    expect(stopped()).to.deep.equal(['source-changed']);
    await clock.advance(0);
    expect(recv.calls).to.equal(1);
    expect(hub.latest?.intervalMs, 'no delta against the other connection').to.equal(0);
    await clock.advance(3000);
    expect(pc.calls).to.equal(3);
    expect(recv.calls).to.equal(4);
  });

  it('the tick itself notices a new source', async () => {
    const { clock, hub, state, stopped } = setup();
    hub.sourceChanged();
    hub.watch();
    await clock.advance(1000);
    const other = new FakePc(clock, 9);
    state.active = other;
    await clock.advance(1000);
    expect(stopped()).to.deep.equal(['source-changed']);
    expect(other.calls).to.equal(1);
  });

  it('call end: stats:stopped call-ended, samples and verdict cleared, no more polling', async () => {
    const { clock, pc, hub, state, stopped } = setup();
    hub.sourceChanged();
    hub.watch();
    await clock.advance(3000);
    expect(hub.quality?.quality).to.equal('excellent');
    state.active = undefined;
    hub.callEnded();
    expect(stopped()).to.deep.equal(['call-ended']);
    expect(hub.latest).to.equal(undefined);
    expect(hub.history).to.deep.equal([]);
    expect(hub.quality).to.equal(undefined);
    const calls = pc.calls;
    await clock.advance(10_000);
    expect(pc.calls).to.equal(calls);
    expect(clock.pending).to.equal(0);
  });

  it('keeps a bounded history, oldest first', async () => {
    const { clock, hub } = setup({ historySize: 3 });
    hub.sourceChanged();
    hub.watch();
    await clock.advance(5000);
    expect(hub.history.map((s) => s.at - 1_000_000)).to.deep.equal([3000, 4000, 5000]);
  });

  it('quality-changed with the previous verdict when media stops', async () => {
    const { clock, pc, hub, events } = setup();
    hub.sourceChanged();
    hub.watch();
    await clock.advance(2000);
    pc.getStats = () =>
      Promise.resolve(
        new Map([
          [
            'a',
            {
              id: 'a',
              type: 'inbound-rtp',
              kind: 'audio',
              ssrc: 1,
              packetsReceived: 150,
              bytesReceived: 12000,
              packetsLost: 0,
            },
          ],
          ['o', { id: 'o', type: 'outbound-rtp', kind: 'audio', ssrc: 101, packetsSent: 150, bytesSent: 12000 }],
        ]),
      );
    await clock.advance(3000);
    const changes = events
      .filter((e) => e.name === 'stats:quality-changed')
      .map((e) => e.payload as StatsEvents['stats:quality-changed']);
    expect(changes.map((c) => c.quality.quality)).to.deep.equal(['excellent', 'lost']);
    expect(changes[1].quality.reasons).to.deep.equal(['no-media']);
    expect(changes[1].previous?.quality).to.equal('excellent');
  });

  it('an error while processing a sample is logged once and the loop goes on', async () => {
    const { clock, pc, hub, state, logs } = setup();
    hub.sourceChanged();
    hub.watch();
    await clock.advance(1000);
    state.rolesFail = true;
    await clock.advance(3000);
    state.rolesFail = false;
    const calls = pc.calls;
    await clock.advance(2000);
    expect(pc.calls - calls).to.equal(2);
    expect(logs.filter(([level]) => level === 'warn').map(([, m]) => m)).to.deep.equal([
      'stats: a tick failed; polling goes on',
    ]);
    expect(hub.latest?.at).to.equal(clock.now());
  });

  it('a consumer that throws does not stop the others or the loop', async () => {
    const { clock, hub, logs } = setup();
    hub.sourceChanged();
    let got = 0;
    hub.feed.consume(() => {
      throw new Error('boom');
    });
    hub.feed.consume(() => {
      got++;
    });
    await clock.advance(2000);
    expect(got).to.equal(3);
    expect(logs.filter(([level]) => level === 'error')).to.have.length(3);
  });
});
