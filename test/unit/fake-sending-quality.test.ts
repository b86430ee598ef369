/**
 * The fake connector's balancer and main-stream health simulation (src/testing/fake-stats.ts): the event names and
 * payloads of the real connector (src/stats/types.ts StatsEvents), one health episode at a time, and what the end
 * of a call does to both.
 */
import { expect } from '@open-wc/testing';
import { FakeConnector } from '../../src/testing/index.js';
import type { StatsEvents } from '../../src/stats/types.js';

type Name = keyof StatsEvents;
const NAMES: Name[] = [
  'video-balancer:balancing-scheduled',
  'video-balancer:balancing-started',
  'video-balancer:parameters-updated',
  'video-balancer:balancing-stopped',
  'main-stream-health:inbound-video-problem-detected',
  'main-stream-health:inbound-video-problem-resolved',
  'main-stream-health:inbound-video-problem-reset',
];

function recorded(fake: FakeConnector): Array<[Name, unknown]> {
  const seen: Array<[Name, unknown]> = [];
  for (const name of NAMES) fake.on(name, (payload) => seen.push([name, payload]));
  return seen;
}

async function inCall(): Promise<FakeConnector> {
  const fake = new FakeConnector();
  await fake.connect({ server: 'ws://fake.invalid/sip' });
  await fake.startCall('1000');
  return fake;
}

describe('FakeConnector: balancer and main-stream health', () => {
  it('simulateBalancer emits video-balancer:* with the real payloads, defaults completed', async () => {
    const fake = await inCall();
    const seen = recorded(fake);
    fake.simulateBalancer('balancing-scheduled');
    fake.simulateBalancer('balancing-started');
    fake.simulateBalancer('parameters-updated');
    const paused = fake.simulateBalancer('parameters-updated', {
      maxBitrate: 60_000,
      scaleResolutionDownBy: 200,
      reason: 'paused',
    });
    fake.simulateBalancer('balancing-stopped');
    expect(paused).to.deep.equal({ maxBitrate: 60_000, scaleResolutionDownBy: 200, reason: 'paused' });
    expect(seen).to.deep.equal([
      ['video-balancer:balancing-scheduled', { delayMs: 10_000 }],
      ['video-balancer:balancing-started', {}],
      [
        'video-balancer:parameters-updated',
        { maxBitrate: 500_000, scaleResolutionDownBy: 1, reason: 'track-resolution' },
      ],
      ['video-balancer:parameters-updated', paused],
      ['video-balancer:balancing-stopped', {}],
    ]);
  });

  it('simulateMainStreamHealth: an episode opens with detected and closes with resolved (its reason)', async () => {
    const fake = await inCall();
    const seen = recorded(fake);
    fake.simulateMainStreamHealth('inbound-video-problem-detected', { reason: 'inbound-video-stalled' });
    fake.simulateMainStreamHealth('inbound-video-problem-resolved');
    fake.simulateMainStreamHealth('inbound-video-problem-detected');
    fake.simulateMainStreamHealth('inbound-video-problem-reset', { resetCause: 'source-changed' });
    expect(seen).to.deep.equal([
      ['main-stream-health:inbound-video-problem-detected', { reason: 'inbound-video-stalled', consecutiveSamples: 3 }],
      ['main-stream-health:inbound-video-problem-resolved', { reason: 'inbound-video-stalled' }],
      [
        'main-stream-health:inbound-video-problem-detected',
        { reason: 'no-inbound-video-traffic', consecutiveSamples: 3 },
      ],
      [
        'main-stream-health:inbound-video-problem-reset',
        { reason: 'no-inbound-video-traffic', resetCause: 'source-changed' },
      ],
    ]);
  });

  it('what the real monitor never does throws invalid-state and emits nothing', async () => {
    const fake = await inCall();
    const seen = recorded(fake);
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'no error';
    };
    expect(codeOf(() => fake.simulateMainStreamHealth('inbound-video-problem-resolved'))).to.equal('invalid-state');
    fake.simulateMainStreamHealth('inbound-video-problem-detected');
    expect(codeOf(() => fake.simulateMainStreamHealth('inbound-video-problem-detected'))).to.equal('invalid-state');
    expect(seen).to.have.length(1);
  });

  it('the end of a call stops a running balancer and resets an open episode (call-ended)', async () => {
    const fake = await inCall();
    const seen = recorded(fake);
    fake.simulateBalancer('balancing-started');
    fake.simulateMainStreamHealth('inbound-video-problem-detected', { reason: 'invalid-inbound-frames' });
    await fake.hangUp();
    expect(seen.slice(2)).to.deep.equal([
      ['video-balancer:balancing-stopped', {}],
      [
        'main-stream-health:inbound-video-problem-reset',
        { reason: 'invalid-inbound-frames', resetCause: 'call-ended' },
      ],
    ]);
    await fake.startCall('1001');
    expect(() => fake.simulateMainStreamHealth('inbound-video-problem-detected')).to.not.throw();
  });

  it('a call without balancer or health events ends without any', async () => {
    const fake = await inCall();
    const seen = recorded(fake);
    await fake.hangUp();
    expect(seen).to.deep.equal([]);
  });
});
