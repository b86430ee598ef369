/** <vinteo-prejoin>: preview, level and devices (a <vinteo-devices>), the name, Join — with the FakeConnector. */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement, VinteoPrejoinElement } from '../../components/index.js';
import { FakeConnector } from '../../src/testing/index.js';
import { collect, part } from './helpers.js';

async function mount(lang = 'en') {
  const fake = new FakeConnector();
  const host = await fixture<VinteoConnectorElement>(html`<vinteo-connector lang=${lang} .connector=${fake} server="h">
    <vinteo-prejoin display-name="Guest"></vinteo-prejoin>
    <vinteo-call target="1000"></vinteo-call>
  </vinteo-connector>`);
  const prejoin = host.querySelector('vinteo-prejoin') as VinteoPrejoinElement;
  const call = host.querySelector('vinteo-call') as VinteoCallElement;
  await prejoin.updateComplete;
  return { fake, host, prejoin, call };
}

function type(prejoin: Element, value: string): void {
  const input = part<HTMLInputElement>(prejoin, 'name-input');
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe('<vinteo-prejoin>', () => {
  it('shows the devices step (preview, level, selects) with the connector, the name and Join', async () => {
    const { prejoin, fake } = await mount();
    const devices = part(prejoin, 'devices');
    expect(devices.localName).to.equal('vinteo-devices');
    await (devices as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect((devices as unknown as { connector: unknown }).connector, 'the same connector (context)').to.equal(fake);
    part<HTMLButtonElement>(devices, 'allow-button').click();
    await waitUntil(() => devices.shadowRoot?.querySelector('[part~="meter"]'), 'the microphone level', {
      timeout: 3000,
    });
    expect(devices.shadowRoot?.querySelector('[part~="preview"]')).to.not.equal(null);
    expect(devices.shadowRoot?.querySelector('[part~="camera-select"]')).to.not.equal(null);
    expect(part<HTMLInputElement>(prejoin, 'name-input').value).to.equal('Guest');
    expect(part(prejoin, 'join-button').textContent).to.equal('Join');
    await expect(prejoin).to.be.accessible();
    fake.mediaDevices.stopAll();
  });

  it('Join: the typed name on the connector, connected, the call placed; hidden in the call, back after it', async () => {
    const { fake, host, prejoin, call } = await mount();
    const joins = collect<CustomEvent>(prejoin, 'vinteo-join');
    type(prejoin, '  Anna Petrova ');
    call.getUserMedia = async () => new MediaStream();
    await prejoin.join();
    expect(joins.events.map((e) => e.detail)).to.deep.equal([{ displayName: 'Anna Petrova', video: true }]);
    expect(host.displayName).to.equal('Anna Petrova');
    expect(fake.lastConfig?.displayName).to.equal('Anna Petrova');
    expect(fake.callState).to.equal('active');
    await prejoin.updateComplete;
    expect(prejoin.joined).to.equal(true);
    expect(getComputedStyle(prejoin).display).to.equal('none');
    await call.hangUp();
    await prejoin.updateComplete;
    expect(prejoin.joined, 'back after the call').to.equal(false);
  });

  it('"Join without camera" calls with sound only; a renamed user reconnects under the new name', async () => {
    const { fake, host, prejoin, call } = await mount();
    await host.connect();
    const asked: MediaStreamConstraints[] = [];
    call.getUserMedia = async (c) => (asked.push(c), new MediaStream());
    type(prejoin, 'Ivan');
    part<HTMLButtonElement>(prejoin, 'audio-button').click();
    await fake.wait('call:state', 2000);
    expect(asked[0]).to.deep.include({ video: false });
    expect(call.media).to.equal('audio');
    expect(fake.calls.filter((c) => c.method === 'connect')).to.have.length(2);
    expect(fake.lastConfig?.displayName).to.equal('Ivan');
  });

  it('no name: says so (en + ru) and does not call; a cancelled vinteo-join leaves joining to the page', async () => {
    const { fake, prejoin } = await mount('ru');
    type(prejoin, '   ');
    await prejoin.join();
    await prejoin.updateComplete;
    expect(part(prejoin, 'error').textContent).to.equal('Введите имя, чтобы войти.');
    expect(fake.calls.some((c) => c.method === 'startCall')).to.equal(false);
    type(prejoin, 'Anna');
    prejoin.addEventListener('vinteo-join', (e) => e.preventDefault(), { once: true });
    await prejoin.join();
    expect(fake.calls.some((c) => c.method === 'startCall' || c.method === 'connect')).to.equal(false);
  });
});
