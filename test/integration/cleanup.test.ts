/** Repeated call/hang-up and mount/unmount cycles leave nothing behind: listeners, peer connections, tracks. */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement } from '../../components/index.js';
import { VinteoConnector } from '../../src/connector.js';
import { fakeMedia, waitUntil } from '../support/media.js';
import { vinteoServer } from '../support/server.js';

describe('cleanup over repeated cycles', function () {
  this.timeout(60_000);
  let server: { wsUrl: string; domain: string };

  before(async () => {
    server = await vinteoServer.info();
  });

  afterEach(() => vinteoServer.reset());

  it('five calls on one connector: every peer connection closed, every track stopped, listeners back to baseline', async () => {
    const connector = new VinteoConnector({ log: () => undefined });
    await connector.connect({ server: server.wsUrl, domain: server.domain });
    const baseline = connector.listenerCount();
    const pcs: RTCPeerConnection[] = [];
    const tracks: MediaStreamTrack[] = [];
    for (let i = 0; i < 5; i++) {
      const stream = await fakeMedia();
      tracks.push(...stream.getTracks());
      await connector.startCall('1000', { mediaStream: stream });
      pcs.push(connector.peerConnection as RTCPeerConnection);
      await connector.hangUp();
      stream.getTracks().forEach((t) => t.stop());
    }
    expect(pcs.every((pc) => pc.connectionState === 'closed')).to.equal(true);
    expect(new Set(pcs).size).to.equal(5);
    expect(tracks.every((t) => t.readyState === 'ended')).to.equal(true);
    expect(connector.listenerCount()).to.equal(baseline);
    expect(connector.remoteTracks).to.have.length(0);
    await connector.dispose();
    expect(connector.listenerCount()).to.equal(0);
    await waitUntil(
      async () => (await vinteoServer.dialogs()).every((d) => d.state === 'terminated'),
      'server dialogs to end',
    );
  });

  it('mounting and unmounting the elements five times disposes the connectors they created', async () => {
    const wrappers: VinteoConnectorElement[] = [];
    for (let i = 0; i < 5; i++) {
      const host = await fixture<VinteoConnectorElement>(html`
        <vinteo-connector server=${server.wsUrl} domain=${server.domain} auto-connect><vinteo-call target="1000"></vinteo-call></vinteo-connector>`);
      await waitUntil(() => host.state === 'connected', 'connected');
      const call = host.querySelector('vinteo-call') as VinteoCallElement;
      await call.call();
      await waitUntil(() => call.state === 'active', 'active call');
      const pc = call.connector?.peerConnection as RTCPeerConnection;
      const connector = host.connector;
      host.remove();
      await waitUntil(
        () => connector.connectionState === 'disconnected' && pc.connectionState === 'closed',
        'element removal to end the call and the connection',
      );
      wrappers.push(host);
    }
    expect(wrappers).to.have.length(5);
    await waitUntil(
      async () => (await vinteoServer.dialogs()).every((d) => d.state === 'terminated'),
      'server dialogs to end',
    );
    expect((await vinteoServer.requests({ method: 'BYE' })).length).to.equal(5);
  });
});
