/**
 * One failure, one `vinteo-error` at `document`, with the real connector and the local Vinteo server: a call whose
 * media fails (the far end stops sending: media problem, ICE restart, media-timeout) and a camera permission denial.
 * The call reports the call's failures; `<vinteo-connector>` stays "Connected".
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement } from '../../components/index.js';
import { VinteoConnector } from '../../src/connector.js';
import { fakeMedia, waitUntil } from '../support/media.js';
import { type ServerInfo, vinteoServer } from '../support/server.js';

let server: ServerInfo;

async function mount() {
  const connector = new VinteoConnector({ log: () => undefined });
  const host = await fixture<VinteoConnectorElement>(html`
    <vinteo-connector .connector=${connector} server=${server.wsUrl} domain=${server.domain} display-name="Err Test">
      <vinteo-call target="4200"></vinteo-call>
    </vinteo-connector>`);
  expect(await host.connect()).to.equal(true);
  return { host, connector, call: host.querySelector('vinteo-call') as VinteoCallElement };
}

function errorsAtDocument(): { seen: Array<[string, string]>; stop: () => void } {
  const seen: Array<[string, string]> = [];
  const listener = (e: Event) => seen.push([(e.target as Element).localName, (e as CustomEvent).detail.code]);
  document.addEventListener('vinteo-error', listener);
  return { seen, stop: () => document.removeEventListener('vinteo-error', listener) };
}

const status = (el: Element) => el.shadowRoot?.querySelector('[part="status"]')?.textContent?.trim();

describe('elements: one vinteo-error per failure (local Vinteo server)', function () {
  this.timeout(60_000);
  const disposers: Array<() => Promise<void>> = [];

  before(async () => {
    server = await vinteoServer.info();
  });

  afterEach(async () => {
    document.querySelectorAll('vinteo-connector').forEach((el) => el.remove());
    await Promise.all(disposers.splice(0).map((d) => d()));
    await vinteoServer.reset();
  });

  it('the call media fails (ICE restart, then media-timeout): one vinteo-error, from the call', async () => {
    const { host, connector, call } = await mount();
    disposers.push(() => connector.dispose());
    const stream = await fakeMedia();
    disposers.push(async () => stream.getTracks().forEach((t) => t.stop()));
    const errors = errorsAtDocument();
    await connector.startCall('4200', { mediaStream: stream, mediaProblemMs: 1500, mediaTimeoutMs: 4000 });
    await waitUntil(() => call.state === 'active', 'an active call', 15_000);
    const ended = connector.wait('call:ended', 30_000);
    await vinteoServer.stopMedia({ user: connector.user as string, stopped: true });
    expect((await ended).cause).to.equal('media-timeout');
    await call.updateComplete;
    await host.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve)); // let any late duplicate arrive before counting
    errors.stop();
    expect(errors.seen).to.deep.equal([['vinteo-call', 'media-timeout']]);
    expect(status(host), "the connection's line does not show the call's failure").to.equal('Connected');
    expect(status(call)).to.match(/no sound or video came/);
  });

  it('the camera is denied: one vinteo-error with the next step under the stage', async () => {
    const { connector, call } = await mount();
    disposers.push(() => connector.dispose());
    call.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    const errors = errorsAtDocument();
    await call.call();
    await call.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    errors.stop();
    expect(errors.seen).to.deep.equal([['vinteo-call', 'media-permission']]);
    expect(call.shadowRoot?.querySelector('[part="error-text"]')?.textContent).to.match(/address bar.*Retry/);
    expect(connector.callState).to.equal('idle');
  });
});
