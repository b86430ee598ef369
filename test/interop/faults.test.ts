/**
 * The interop rig's own fault controls (stack.js): Kamailio restarted, stopped and started, baresip killed and
 * restarted. Checked with the plain connector (reconnection off), so this file proves the rig, not the reconnection.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import type { VinteoError } from '../../src/errors.js';
import { fakeMedia, rtpTotals, waitUntil } from '../support/media.js';
import { account, baresip, faults, interop, type StackInfo } from './stack-client.js';

describe('interop rig: faults in Kamailio and baresip', function () {
  this.timeout(90_000);
  let stack: StackInfo;
  const connectors: VinteoConnector[] = [];
  const streams: MediaStream[] = [];

  before(async () => {
    stack = await interop('start');
  });
  beforeEach(() => baresip.reset());
  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
    streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
    await faults.heal();
  });

  async function plainConnect(user: string): Promise<VinteoConnector> {
    const c = new VinteoConnector({ log: () => undefined });
    connectors.push(c);
    await c.connect({ ...account(stack, user), reconnect: false });
    return c;
  }

  /** A call to baresip with audio arriving here (baresip is registered and callable). */
  async function callBaresip(c: VinteoConnector): Promise<void> {
    const stream = await fakeMedia({ audio: true, video: false });
    streams.push(stream);
    await c.startCall('baresip', { mediaStream: stream, requestKeyFrames: false });
    await waitUntil(
      async () => (await rtpTotals(c.peerConnection as RTCPeerConnection)).inbound.audio.packets > 20,
      'audio from baresip',
      20_000,
    );
    await c.hangUp();
  }

  it('restartKamailio: Kamailio forgets registrations, connect succeeds again, baresip is registered again at once', async () => {
    const before = await plainConnect('alice');
    expect(await interop<string[]>('contacts', { user: 'alice' })).to.have.length(1);
    const lost = before.wait('connection:disconnected', 10_000);
    const restart = await faults.restartKamailio({ downMs: 1000 });
    await lost;
    expect(restart.freeAt).to.be.at.least(restart.stoppedAt);
    expect(restart.listeningAt - restart.stoppedAt, 'down for at least downMs').to.be.at.least(1000);
    expect(restart.readyAt).to.be.at.least(restart.listeningAt);
    expect(
      await interop<string[]>('contacts', { user: 'alice' }),
      'in-memory usrloc is empty after a restart',
    ).to.deep.equal([]);
    expect(await interop<string[]>('contacts', { user: 'baresip' })).to.have.length(1);
    const after = await plainConnect('alice');
    expect(after.connectionState).to.equal('registered');
    expect(await interop<string[]>('contacts', { user: 'alice' })).to.have.length(1);
    await callBaresip(after);
  });

  it('stopKamailio: connect fails while it is down; startKamailio: connect succeeds', async () => {
    const down = await faults.stopKamailio();
    expect((await faults.running()).kamailio).to.equal(false);
    expect(down.freeAt).to.be.at.least(down.stoppedAt);
    const c = new VinteoConnector({ log: () => undefined });
    connectors.push(c);
    const error = await c.connect({ ...account(stack, 'bob'), reconnect: false, connectTimeoutMs: 3000 }).then(
      () => undefined,
      (e: VinteoError) => e,
    );
    expect(error, 'connect with Kamailio down').to.be.instanceOf(Error);
    const up = await faults.startKamailio();
    expect(up.baresip?.registeredAt).to.be.a('number');
    const ok = await plainConnect('bob');
    expect(ok.connectionState).to.equal('registered');
    expect(await interop<string[]>('contacts', { user: 'bob' })).to.have.length(1);
  });

  it('killBaresip (SIGKILL) leaves no baresip; restartBaresip makes it callable again', async () => {
    const c = await plainConnect('alice');
    await faults.killBaresip();
    expect((await faults.running()).baresip).to.equal(false);
    await faults.restartBaresip();
    expect((await faults.running()).baresip).to.equal(true);
    expect(
      await interop<string[]>('contacts', { user: 'baresip' }),
      'only the new baresip is in the registrar',
    ).to.have.length(1);
    await callBaresip(c);
  });

  it('registerBaresip after a restart without it: baresip is callable again without waiting for its regint', async () => {
    await faults.restartKamailio({ downMs: 200, registerBaresip: false });
    expect(await interop<string[]>('contacts', { user: 'baresip' })).to.deep.equal([]);
    await faults.registerBaresip();
    expect(await interop<string[]>('contacts', { user: 'baresip' })).to.have.length(1);
    await callBaresip(await plainConnect('alice'));
  });
});
