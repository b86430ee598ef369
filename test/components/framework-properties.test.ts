/**
 * Frameworks decide property-vs-attribute by `key in element` (Svelte 5, React 19, Preact, lit-html's `.` needs no
 * guess). Every object, function and secret property of our elements must therefore be an accessor on the prototype,
 * and a `password` that still arrives as an attribute must leave the DOM at once.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import { VinteoConnectorElement } from '../../components/index.js';
import { createFakeStream, FakeConnector } from '../../src/testing/index.js';
import { DefaultReconnectPolicy } from '../../src/connection/reconnect-policy.js';
import { uniqueTag } from './helpers.js';

const SECRET = 'hunter2-framework-secret';

/** Object, function and secret properties of each element: the ones a framework must set as properties. */
const PROPERTIES: Record<string, string[]> = {
  'vinteo-connector': ['connector', 'password', 'iceServers', 'extraHeaders', 'config', 'reconnectPolicy'],
  'vinteo-call': ['connector', 'mediaStream', 'getUserMedia'],
  'vinteo-presentation': ['connector', 'getDisplayMedia'],
  'vinteo-dialpad': ['connector'],
  'vinteo-devices': ['connector'],
};

/** Svelte 5's and React 19's rule for a custom element: a property when `key in el`, else an attribute. */
function frameworkSet(el: Element, key: string, value: unknown): void {
  if (key in el) (el as unknown as Record<string, unknown>)[key] = value;
  else el.setAttribute(key, String(value));
}

/** Everything a page, a devtools panel or a crawler can read of the element's DOM. */
function domText(el: Element): string {
  return el.outerHTML + (el.shadowRoot?.innerHTML ?? '') + [...el.attributes].map((a) => a.value).join(' ');
}

function valueFor(key: string, fake: FakeConnector): unknown {
  switch (key) {
    case 'connector':
      return fake;
    case 'password':
      return SECRET;
    case 'iceServers':
      return [{ urls: 'turn:turn.example', username: 'u', credential: 'turn-credential' }];
    case 'extraHeaders':
      return ['X-App: 1'];
    case 'config':
      return { authorizationUser: 'auth-user', connectTimeoutMs: 4000 };
    case 'reconnectPolicy':
      return new DefaultReconnectPolicy();
    case 'mediaStream':
      return createFakeStream({ audio: false });
    default:
      return async () => createFakeStream({ audio: false });
  }
}

describe('framework property rule (`key in el`)', () => {
  for (const [tag, keys] of Object.entries(PROPERTIES)) {
    it(`<${tag}>: every object/secret property is an accessor on the prototype`, () => {
      const el = document.createElement(tag);
      const proto = customElements.get(tag)?.prototype as object;
      for (const key of keys) {
        expect(key in el, `${key} in <${tag}>`).to.equal(true);
        expect(Object.prototype.hasOwnProperty.call(el, key), `${key} is not an own field`).to.equal(false);
        let owner: object | null = proto;
        while (owner && !Object.getOwnPropertyDescriptor(owner, key)) owner = Object.getPrototypeOf(owner);
        const descriptor = owner && Object.getOwnPropertyDescriptor(owner, key);
        expect(typeof descriptor?.set, `${key} has a setter`).to.equal('function');
      }
    });

    it(`<${tag}>: set the framework way, nothing lands in an attribute or the DOM`, async () => {
      const fake = new FakeConnector();
      const el = await fixture(html`<div></div>`).then((host) => {
        const created = document.createElement(tag);
        host.append(created);
        return created as HTMLElement & { updateComplete: Promise<boolean> };
      });
      for (const key of keys) frameworkSet(el, key, valueFor(key, fake));
      await el.updateComplete;
      for (const key of keys) {
        expect(el.hasAttribute(key), `no ${key} attribute`).to.equal(false);
        expect(el.hasAttribute(key.toLowerCase()), `no ${key.toLowerCase()} attribute`).to.equal(false);
      }
      expect(domText(el)).not.to.contain(SECRET);
      expect((el as unknown as { connector: unknown }).connector).to.equal(fake);
    });
  }

  it('<vinteo-connector>: framework-set credentials reach connect(), redacted in the log, never in the DOM', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoConnectorElement>(
      html`<vinteo-connector server="h" user="alice" register></vinteo-connector>`,
    );
    for (const key of PROPERTIES['vinteo-connector']) frameworkSet(el, key, valueFor(key, fake));
    expect(await el.connect()).to.equal(true);
    await el.updateComplete;
    const config = fake.lastConfig;
    expect(config?.password).to.equal('[redacted]');
    expect(config?.iceServers?.[0]).to.include({ urls: 'turn:turn.example' });
    expect(config?.extraHeaders).to.deep.equal(['X-App: 1']);
    expect(config).to.include({ authorizationUser: 'auth-user', connectTimeoutMs: 4000 });
    expect(config?.reconnectPolicy).to.be.instanceOf(DefaultReconnectPolicy);
    expect(domText(el)).not.to.contain(SECRET);
    expect(JSON.stringify(fake.calls)).not.to.contain(SECRET);
  });

  describe('a password that arrives as an attribute', () => {
    let warnings: unknown[][];
    let original: typeof console.warn;
    beforeEach(() => {
      warnings = [];
      original = console.warn;
      console.warn = (...args: unknown[]) => {
        warnings.push(args);
      };
    });
    afterEach(() => {
      console.warn = original;
    });

    it('static HTML: taken into the property, removed at once, one warning without the value', async () => {
      const fake = new FakeConnector();
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      host.innerHTML = `<vinteo-connector server="h" user="alice" register password="${SECRET}"></vinteo-connector>`;
      const el = host.querySelector('vinteo-connector') as VinteoConnectorElement;
      expect(el.hasAttribute('password')).to.equal(false);
      expect(el.password).to.equal(SECRET);
      el.setAttribute('password', `${SECRET}-again`);
      expect(el.hasAttribute('password')).to.equal(false);
      expect(el.password).to.equal(`${SECRET}-again`);
      el.connector = fake;
      await el.updateComplete;
      expect(await el.connect()).to.equal(true);
      expect(fake.lastConfig?.password).to.equal('[redacted]');
      expect(domText(el)).not.to.contain(SECRET);
      expect(warnings).to.have.length(1);
      expect(JSON.stringify(warnings)).not.to.contain(SECRET);
      expect(String(warnings[0][0])).to.contain('password');
    });

    it('a framework that renders before the element is defined: the attribute is taken on upgrade', async () => {
      const tag = uniqueTag('vinteo-connector-late');
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      const el = document.createElement(tag) as VinteoConnectorElement;
      const fake = new FakeConnector();
      frameworkSet(el, 'password', SECRET); // not defined yet: `password in el` is false, so an attribute
      frameworkSet(el, 'iceServers', [{ urls: 'stun:s.example' }]); // likewise, as "[object Object]"
      (el as unknown as Record<string, unknown>).connector = fake; // an own property set before upgrade
      el.setAttribute('server', 'h');
      host.append(el);
      expect(el.getAttribute('password')).to.equal(SECRET);
      customElements.define(tag, class extends VinteoConnectorElement {});
      expect(el.hasAttribute('password')).to.equal(false);
      expect(el.password).to.equal(SECRET);
      expect(el.connector).to.equal(fake);
      expect(Object.prototype.hasOwnProperty.call(el, 'connector')).to.equal(false);
      await el.updateComplete;
      expect(await el.connect()).to.equal(true);
      expect(fake.lastConfig?.password).to.equal('[redacted]');
      expect(domText(el)).not.to.contain(SECRET);
      expect(warnings).to.have.length(1);
      expect(JSON.stringify(warnings)).not.to.contain(SECRET);
    });

    it('a property set before the element is defined goes through the accessor (no own field left)', async () => {
      const tag = uniqueTag('vinteo-connector-own');
      const el = document.createElement(tag) as VinteoConnectorElement;
      Object.assign(el, { password: SECRET, extraHeaders: ['X-A: 1'] });
      customElements.define(tag, class extends VinteoConnectorElement {});
      customElements.upgrade(el);
      for (const key of ['password', 'extraHeaders'])
        expect(Object.prototype.hasOwnProperty.call(el, key), key).to.equal(false);
      expect(el.password).to.equal(SECRET);
      expect(el.extraHeaders).to.deep.equal(['X-A: 1']);
      expect(warnings).to.have.length(0);
    });
  });
});
