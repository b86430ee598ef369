/**
 * The FakeConnector is checked against the real connector: the same outage produces the same events in the same
 * order (a WebSocket drop mid-call with the local server, and the fake's simulate helpers).
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import { FakeConnector } from '../../src/testing/index.js';
import type { ConnectorEventName, VinteoConnectorApi } from '../../src/types.js';
import { fakeMedia, waitUntil } from '../support/media.js';
import { vinteoServer } from '../support/server.js';

const WATCHED: ConnectorEventName[] = [
  'connection:state', 'connection:connected', 'auto-connect:reconnecting', 'auto-connect:reconnected',
  'call:reconnecting', 'call:resumed', 'call:media-problem', 'call:media-recovered', 'call:ended',
];

function recordNames(c: VinteoConnectorApi): string[] {
  const seen: string[] = [];
  for (const name of WATCHED) {
    c.on(name, (payload: unknown) => {
      const p = payload as { state?: string; reason?: string; cause?: string };
      seen.push([name, p.state ?? p.reason ?? p.cause].filter(Boolean).join(' '));
    });
  }
  return seen;
}

describe('FakeConnector ⇄ VinteoConnector: reconnection contract', function () {
  this.timeout(40_000);
  let real: VinteoConnector | undefined;
  let stream: MediaStream | undefined;

  afterEach(async () => {
    await real?.dispose();
    stream?.getTracks().forEach((t) => t.stop());
    await vinteoServer.reset();
  });

  it('a transport loss mid-call and its recovery: the same events in the same order', async () => {
    const info = await vinteoServer.info();
    real = new VinteoConnector({ log: () => undefined });
    await real.connect({ server: info.wsUrl, domain: info.domain });
    stream = await fakeMedia();
    await real.startCall('4300', { mediaStream: stream });
    const realEvents = recordNames(real);
    await vinteoServer.dropConnection({ user: real.user as string, mode: 'abrupt' });
    await real.wait('call:resumed', 20_000);

    const fake = new FakeConnector();
    await fake.connect({ server: info.wsUrl, domain: info.domain });
    await fake.startCall('4300');
    const fakeEvents = recordNames(fake);
    fake.simulateConnectionLost('transport-closed');
    fake.simulateReconnected();
    await waitUntil(() => fakeEvents.includes('call:resumed'), 'the fake to resume');

    expect(realEvents).to.deep.equal([
      'connection:state reconnecting', 'call:reconnecting transport', 'auto-connect:reconnecting transport-closed',
      'connection:state connected', 'connection:connected', 'auto-connect:reconnected', 'call:resumed',
    ]);
    expect(fakeEvents).to.deep.equal(realEvents);
    expect(fake.callReconnecting).to.equal(real.callReconnecting);
    expect(fake.snapshot.callReconnecting).to.equal(false);
  });
});
