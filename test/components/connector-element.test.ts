import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoConnectorElement } from '../../components/index.js';
import { AuthenticationError } from '../../src/errors.js';
import { FakeConnector } from '../../src/testing/index.js';

describe('<vinteo-connector>', () => {
  it('passes attributes and properties to connect(); the password never reaches the DOM', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoConnectorElement>(html`<vinteo-connector .connector=${fake} server="vc.example.com" domain="d.example" user="alice" display-name="Alice A" register></vinteo-connector>`);
    el.password = 'top-secret-pw';
    el.iceServers = [];
    await el.connect();
    const [config] = fake.calls.find((c) => c.method === 'connect')?.args as Array<Record<string, unknown>>;
    expect(config).to.include({ server: 'vc.example.com', domain: 'd.example', user: 'alice', displayName: 'Alice A', register: true, password: '[redacted]' });
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('registered');
    expect(el.outerHTML + (el.shadowRoot?.innerHTML ?? '')).not.to.contain('top-secret-pw');
    expect(el.hasAttribute('password')).to.equal(false);
  });

  it('fires vinteo-connection-state-change and reflects state', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoConnectorElement>(html`<vinteo-connector .connector=${fake} server="h"></vinteo-connector>`);
    const states: string[] = [];
    el.addEventListener('vinteo-connection-state-change', (e) => states.push(e.detail.state));
    await el.connect();
    expect(states).to.deep.equal(['connecting', 'connected']);
    expect(el.state).to.equal('connected');
  });

  it('a failed connect gives vinteo-error with the code and a visible message, and rejects', async () => {
    const fake = new FakeConnector();
    fake.failNextConnect = new AuthenticationError('Registration refused: wrong user or password (403)');
    const el = await fixture<VinteoConnectorElement>(html`<vinteo-connector .connector=${fake} server="h" user="a" register></vinteo-connector>`);
    const event = oneEvent(el, 'vinteo-error');
    const result = await el.connect().then(() => 'resolved', (e) => e.code);
    expect(result).to.equal('authentication-failed');
    expect((await event).detail.code).to.equal('authentication-failed');
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('[part="status"]')?.hasAttribute('data-error')).to.equal(true);
  });

  it('auto-connect without a server reports invalid-config instead of throwing', async () => {
    const errors: string[] = [];
    const listener = (e: Event) => errors.push((e as CustomEvent).detail.code);
    document.addEventListener('vinteo-error', listener);
    const el = await fixture<VinteoConnectorElement>(html`<vinteo-connector auto-connect></vinteo-connector>`);
    await el.updateComplete;
    await new Promise((resolve) => queueMicrotask(() => resolve(undefined)));
    document.removeEventListener('vinteo-error', listener);
    expect(errors).to.deep.equal(['invalid-config']);
    expect(el.state).to.equal('disconnected');
  });

  it('auto-connects when server and auto-connect are set', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoConnectorElement>(html`<vinteo-connector .connector=${fake} server="h" auto-connect></vinteo-connector>`);
    await el.updateComplete;
    if (el.state !== 'connected') await oneEvent(el, 'vinteo-connection-state-change');
    expect(fake.calls.filter((c) => c.method === 'connect')).to.have.length(1);
  });

  it('never disposes a connector it was given, and is accessible', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoConnectorElement>(html`<vinteo-connector .connector=${fake} server="h"></vinteo-connector>`);
    await expect(el).to.be.accessible();
    el.remove();
    await Promise.resolve();
    await Promise.resolve();
    expect(fake.calls.some((c) => c.method === 'dispose')).to.equal(false);
    expect(fake.listenerCount()).to.equal(0);
  });

  it('shows Russian status text with lang="ru"', async () => {
    const el = await fixture<VinteoConnectorElement>(html`<vinteo-connector lang="ru" .connector=${new FakeConnector()} server="h"></vinteo-connector>`);
    expect(el.shadowRoot?.querySelector('[part="status"]')?.textContent).to.equal('Нет соединения');
  });
});
