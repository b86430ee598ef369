import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/define.js';
import { VinteoConnectorElement } from '../../components/index.js';
import { VinteoConnector } from '../../src/connector.js';
import { AuthenticationError, NetworkError } from '../../src/errors.js';
import { FakeConnector } from '../../src/testing/index.js';
import { waitUntil } from '../support/media.js';
import { collect, flushMicrotasks, part } from './helpers.js';

const SECRET = 'top-secret-pw-4711';

describe('<vinteo-connector>', () => {
  it('passes attributes and properties to connect(), config wins; the password never reaches the DOM', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoConnectorElement>(html`<vinteo-connector .connector=${fake} server="vc.example.com"
      domain="d.example" user="alice" display-name="Alice A" app-name="MyApp" register></vinteo-connector>`);
    el.password = SECRET;
    el.iceServers = [{ urls: 'stun:stun.example' }];
    el.extraHeaders = ['X-A: 1'];
    el.config = { domain: 'override.example', connectTimeoutMs: 5000 };
    expect(await el.connect()).to.equal(true);
    const config = fake.lastConfig;
    expect(config).to.include({
      server: 'vc.example.com',
      domain: 'override.example',
      user: 'alice',
      displayName: 'Alice A',
      appName: 'MyApp',
      register: true,
      connectTimeoutMs: 5000,
      password: '[redacted]',
    });
    expect(config?.iceServers).to.deep.equal([{ urls: 'stun:stun.example' }]);
    expect(config?.extraHeaders).to.deep.equal(['X-A: 1']);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('registered');
    expect(el.outerHTML + (el.shadowRoot?.innerHTML ?? '')).not.to.contain(SECRET);
    expect(el.hasAttribute('password')).to.equal(false);
    expect(JSON.stringify(fake.calls)).not.to.contain(SECRET);
  });

  it('renders each connection state in the status line and reflects it', async () => {
    const fake = new FakeConnector({ autoCompleteConnect: false });
    const el = await fixture<VinteoConnectorElement>(
      html`<vinteo-connector .connector=${fake} server="h"></vinteo-connector>`,
    );
    expect(part(el, 'status').textContent).to.equal('Disconnected');
    const connecting = el.connect();
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('connecting');
    expect(part(el, 'status').textContent).to.equal('Connecting…');
    fake.simulateConnected();
    expect(await connecting).to.equal(true);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('connected');
    expect(part(el, 'status').textContent).to.equal('Connected');
  });

  it('fires vinteo-connection-state-change with state and previous', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoConnectorElement>(
      html`<vinteo-connector .connector=${fake} server="h"></vinteo-connector>`,
    );
    const { events, stop } = collect<CustomEvent>(el, 'vinteo-connection-state-change');
    await el.connect();
    await el.disconnect();
    stop();
    expect(events.map((e) => [e.detail.previous, e.detail.state])).to.deep.equal([
      ['disconnected', 'connecting'],
      ['connecting', 'connected'],
      ['connected', 'disconnecting'],
      ['disconnecting', 'disconnected'],
    ]);
    expect(events.every((e) => e.bubbles && e.composed)).to.equal(true);
    expect(el.state).to.equal('disconnected');
  });

  it('a failed connect resolves false, fires one vinteo-error and shows the error', async () => {
    const fake = new FakeConnector();
    fake.failNextConnect = new AuthenticationError('Registration refused: wrong user or password (403)');
    const el = await fixture<VinteoConnectorElement>(
      html`<vinteo-connector .connector=${fake} server="h" user="a" register></vinteo-connector>`,
    );
    const { events, stop } = collect<CustomEvent>(el, 'vinteo-error');
    expect(await el.connect()).to.equal(false);
    stop();
    expect(events.map((e) => e.detail.code)).to.deep.equal(['authentication-failed']);
    await el.updateComplete;
    expect(el.hasAttribute('has-error')).to.equal(true);
    expect(part(el, 'status').textContent).to.contain('wrong user or password');
    expect(el.state).to.equal('disconnected');
  });

  it('auto-connect without a server gives invalid-config and a visible error, without throwing', async () => {
    const el = document.createElement('vinteo-connector');
    el.connector = new FakeConnector();
    el.toggleAttribute('auto-connect', true);
    const error = oneEvent(el, 'vinteo-error');
    document.body.append(el);
    try {
      expect((await error).detail.code).to.equal('invalid-config');
      await el.updateComplete;
      expect(el.hasAttribute('has-error')).to.equal(true);
      expect(part(el, 'status').textContent).to.contain('server');
      expect(el.state).to.equal('disconnected');
    } finally {
      el.remove();
    }
  });

  it('connects once server is set later with auto-connect, clearing the error', async () => {
    const fake = new FakeConnector();
    const el = document.createElement('vinteo-connector');
    el.connector = fake;
    el.toggleAttribute('auto-connect', true);
    const error = oneEvent(el, 'vinteo-error');
    document.body.append(el);
    try {
      await error;
      const connected = oneEvent(el, 'vinteo-connection-state-change');
      el.setAttribute('server', 'later.example');
      expect((await connected).detail.state).to.equal('connecting');
      await el.updateComplete;
      expect(fake.calls.filter((c) => c.method === 'connect')).to.have.length(1);
      expect(el.state).to.equal('connected');
      expect(el.hasAttribute('has-error')).to.equal(false);
    } finally {
      el.remove();
    }
  });

  it('auto-connects once when the attributes are set after it is in the page but before its first render', async () => {
    const fake = new FakeConnector();
    const el = document.createElement('vinteo-connector');
    el.connector = fake;
    document.body.append(el);
    el.setAttribute('server', 'h');
    el.toggleAttribute('auto-connect', true);
    try {
      await waitUntil(() => el.state === 'connected', 'auto-connect', 2000);
      await flushMicrotasks();
      expect(fake.calls.filter((c) => c.method === 'connect')).to.have.length(1);
    } finally {
      el.remove();
    }
  });

  it('auto-connects exactly once when server and auto-connect are set', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoConnectorElement>(
      html`<vinteo-connector .connector=${fake} server="h" auto-connect></vinteo-connector>`,
    );
    if (el.state !== 'connected') await oneEvent(el, 'vinteo-connection-state-change');
    await el.updateComplete;
    await flushMicrotasks();
    expect(fake.calls.filter((c) => c.method === 'connect')).to.have.length(1);
    expect(el.state).to.equal('connected');
  });

  it('a dropped connection gives vinteo-error with the network code', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoConnectorElement>(
      html`<vinteo-connector .connector=${fake} server="h"></vinteo-connector>`,
    );
    await el.connect();
    const error = oneEvent(el, 'vinteo-error');
    fake.simulateConnectionFailure(new NetworkError('The connection to the server was lost'));
    expect((await error).detail.code).to.equal('network');
    await el.updateComplete;
    expect(el.state).to.equal('disconnected');
    expect(el.hasAttribute('has-error')).to.equal(true);
  });

  it('never disposes a connector it was given and lets go of its listeners when removed', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoConnectorElement>(
      html`<vinteo-connector .connector=${fake} server="h"></vinteo-connector>`,
    );
    expect(fake.listenerCount()).to.be.greaterThan(0);
    el.remove();
    await flushMicrotasks();
    expect(fake.calls.some((c) => c.method === 'dispose')).to.equal(false);
    expect(fake.listenerCount()).to.equal(0);
  });

  it('creates its own VinteoConnector, keeps it when moved and disposes it when removed', async () => {
    const el = await fixture<VinteoConnectorElement>(html`<vinteo-connector server="h"></vinteo-connector>`);
    const owned = el.connector as VinteoConnector;
    expect(owned).to.be.instanceOf(VinteoConnector);
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el);
    await flushMicrotasks();
    expect(el.connector).to.equal(owned);
    expect(owned.listenerCount()).to.be.greaterThan(0);
    el.remove();
    other.remove();
    await flushMicrotasks();
    const code = await owned.connect({ server: 'ws://127.0.0.1:9/' }).then(
      () => 'connected',
      (e) => e.code,
    );
    expect(code).to.equal('invalid-state');
  });

  it('disposes the connector it created when it is given another one', async () => {
    const el = await fixture<VinteoConnectorElement>(html`<vinteo-connector server="h"></vinteo-connector>`);
    const owned = el.connector as VinteoConnector;
    const fake = new FakeConnector();
    el.connector = fake;
    expect(el.connector).to.equal(fake);
    const code = await owned.connect({ server: 'ws://127.0.0.1:9/' }).then(
      () => 'connected',
      (e) => e.code,
    );
    expect(code).to.equal('invalid-state');
  });

  it('is accessible, with a polite status line', async () => {
    const el = await fixture<VinteoConnectorElement>(
      html`<vinteo-connector .connector=${new FakeConnector()} server="h"></vinteo-connector>`,
    );
    await expect(el).to.be.accessible();
    expect(part(el, 'status').getAttribute('aria-live')).to.equal('polite');
  });

  it('shows Russian status text with lang="ru" on itself or an ancestor', async () => {
    const el = await fixture<VinteoConnectorElement>(
      html`<vinteo-connector lang="ru" .connector=${new FakeConnector()} server="h"></vinteo-connector>`,
    );
    expect(part(el, 'status').textContent).to.equal('Нет соединения');
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="ru-RU"><vinteo-connector .connector=${new FakeConnector()}></vinteo-connector></div>`,
    );
    const inner = wrapper.querySelector('vinteo-connector') as VinteoConnectorElement;
    await inner.updateComplete;
    expect(part(inner, 'status').textContent).to.equal('Нет соединения');
  });

  it('is registered as vinteo-connector', () => {
    expect(customElements.get('vinteo-connector')).to.equal(VinteoConnectorElement);
  });
});
