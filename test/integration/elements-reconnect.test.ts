/**
 * What a page author sees through a network fault, with the real connector, the elements and the local server:
 * `<vinteo-connector>` reconnects by itself and says so, `<vinteo-call>` keeps the call (reconnecting, then whole
 * again with video still playing), and with `auto-redial` a lost call is called again by itself.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement } from '../../components/index.js';
import { waitUntil } from '../support/media.js';
import { type ServerInfo, vinteoServer } from '../support/server.js';

let server: ServerInfo;

async function mount(redial = false) {
  const host = await fixture<VinteoConnectorElement>(html`
    <vinteo-connector server=${server.wsUrl} domain=${server.domain} display-name="Reconnect Test" auto-connect>
      <vinteo-call target="4400" ?auto-redial=${redial}></vinteo-call>
    </vinteo-connector>`);
  await waitUntil(() => host.state === 'connected', 'the connector to connect');
  const call = host.querySelector('vinteo-call') as VinteoCallElement;
  await call.call();
  await waitUntil(() => call.state === 'active', 'an active call', 15_000);
  return { host, call };
}

function remoteVideo(call: VinteoCallElement): HTMLVideoElement {
  return call.shadowRoot?.querySelector('[part="remote-video"]') as HTMLVideoElement;
}

function status(host: Element): string {
  return host.shadowRoot?.querySelector('[part="status"]')?.textContent?.trim() ?? '';
}

async function playing(video: HTMLVideoElement, what: string): Promise<void> {
  const from = video.currentTime;
  await waitUntil(() => video.videoWidth > 0 && !video.paused && video.currentTime > from + 0.5, what, 15_000);
}

describe('elements through a network fault (local Vinteo server)', function () {
  this.timeout(60_000);

  before(async () => {
    server = await vinteoServer.info();
  });

  afterEach(async () => {
    document.querySelectorAll('vinteo-connector').forEach((el) => el.remove());
    await vinteoServer.reset();
  });

  it('a WebSocket drop mid-call: "Reconnecting…", the call kept with video playing, then whole again', async () => {
    const { host, call } = await mount();
    await playing(remoteVideo(call), 'remote video before the drop');
    const states: string[] = [];
    host.addEventListener('vinteo-connection-state-change', (e) => states.push(e.detail.state));
    const kept = new Promise<Event>((resolve) =>
      call.addEventListener('vinteo-call-reconnecting', resolve, { once: true }),
    );
    const resumed = new Promise<Event>((resolve) =>
      call.addEventListener('vinteo-call-resumed', resolve, { once: true }),
    );
    await vinteoServer.refuseConnections({ ms: 3000 });
    await vinteoServer.dropConnection({ user: call.connector?.user as string, mode: 'abrupt' });
    await kept;
    await waitUntil(
      () => host.getAttribute('state') === 'reconnecting' && call.hasAttribute('reconnecting'),
      'reconnecting on both elements',
    );
    expect(status(host)).to.match(/Reconnecting/);
    await playing(remoteVideo(call), 'remote video while signalling is down');
    expect(call.state).to.equal('active');
    await resumed;
    await waitUntil(
      () => !call.hasAttribute('reconnecting') && host.getAttribute('state') === 'connected',
      'both elements whole again',
    );
    expect(states).to.deep.equal(['reconnecting', 'connected']);
    expect(host.hasAttribute('has-error')).to.equal(false);
    await playing(remoteVideo(call), 'remote video after the refresh');
  });

  it('with auto-redial, a call the server forgot (481 to the refresh) is called again by itself', async () => {
    const { call } = await mount(true);
    const first = call.connector?.call?.id;
    await vinteoServer.setReinviteReply({ status: 481, count: 1 });
    await vinteoServer.dropConnection({ user: call.connector?.user as string, mode: 'abrupt' });
    await waitUntil(
      () => call.connector?.call !== undefined && call.connector.call.id !== first && call.state === 'active',
      'a new active call',
      30_000,
    );
    await playing(remoteVideo(call), 'remote video in the redialled call');
    const live = (await vinteoServer.dialogs()).filter((d) => d.state === 'confirmed');
    expect(live).to.have.length(1);
    expect((call.connector?.localStream?.getTracks() ?? []).every((t) => t.readyState === 'live')).to.equal(true);
  });
});
