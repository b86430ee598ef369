/**
 * Errors of <vinteo-call> inside <vinteo-connector>: the call's on the call, the connection's on the connector, one
 * `vinteo-error` per failure at `document`; each code has a message with a next step (en + ru) and Retry where useful.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement } from '../../components/index.js';
import { translate, type StringKey } from '../../components/i18n.js';
import { VinteoError, RecvSessionError } from '../../src/errors.js';
import type { CallOptions } from '../../src/types.js';
import { createFakeStream, FakeConnector } from '../../src/testing/index.js';
import { collect, hasPart, part } from './helpers.js';

async function mount(fake: FakeConnector = new FakeConnector(), lang = 'en') {
  const host = await fixture<VinteoConnectorElement>(html`<vinteo-connector lang=${lang} .connector=${fake} server="h">
    <vinteo-call target="1000"></vinteo-call></vinteo-connector>`);
  const call = host.querySelector('vinteo-call') as VinteoCallElement;
  call.mediaStream = createFakeStream({ audio: true });
  await host.connect();
  return { host, call, fake };
}

const statusOf = (el: Element) => part(el, 'status').textContent?.trim();

describe('<vinteo-call> errors: once, in the right place, with a next step', () => {
  it('a media failure of the call (as the real connector reports it: error, then the end) is one vinteo-error, on the call', async () => {
    const { host, call, fake } = await mount();
    await call.call();
    const errors = collect<CustomEvent>(document, 'vinteo-error');
    fake.emit('error', { error: new VinteoError('media-timeout', 'no media for 15 s') });
    fake.simulateCallLost('media-timeout');
    await host.updateComplete;
    await call.updateComplete;
    errors.stop();
    expect(errors.events.map((e) => [(e.target as Element).localName, e.detail.code])).to.deep.equal([
      ['vinteo-call', 'media-timeout'],
    ]);
    expect(statusOf(host), 'the connection is fine: its line says so').to.equal('Connected');
    expect(host.hasAttribute('has-error')).to.equal(false);
  });

  it("a spectator session's failure (only an error event) is the call's, once", async () => {
    const { host, call, fake } = await mount();
    await call.call();
    const errors = collect<CustomEvent>(document, 'vinteo-error');
    fake.emit('error', { error: new RecvSessionError('offer refused 10 times') });
    await call.updateComplete;
    errors.stop();
    expect(errors.events.map((e) => (e.target as Element).localName)).to.deep.equal(['vinteo-call']);
    expect(part(call, 'error').getAttribute('data-code')).to.equal('recv-session-failed');
    expect(statusOf(host)).to.equal('Connected');
  });

  it('a camera permission denial: one vinteo-error, the next step near the stage (en + ru), Retry calls again', async () => {
    for (const lang of ['en', 'ru']) {
      const { call, fake } = await mount(new FakeConnector(), lang);
      call.mediaStream = undefined;
      let denied = true;
      call.getUserMedia = async () => {
        if (denied) throw new DOMException('Permission denied', 'NotAllowedError');
        return createFakeStream({ audio: true });
      };
      const errors = collect<CustomEvent>(document, 'vinteo-error');
      await call.call();
      await call.updateComplete;
      errors.stop();
      expect(errors.events.map((e) => e.detail.code)).to.deep.equal(['media-permission']);
      const panel = part(call, 'error');
      expect(part(call, 'error-text').textContent).to.equal(translate(call, 'err.media-permission'));
      expect(part(call, 'error-text').textContent).to.match(lang === 'en' ? /address bar.*Retry/ : /адресной строке/);
      expect(panel.previousElementSibling?.getAttribute('part'), 'right under the stage').to.equal('stage-frame');
      await expect(call).to.be.accessible();
      denied = false;
      part<HTMLButtonElement>(call, 'retry-button').click();
      await fake.wait('call:state', 1000);
      await call.updateComplete;
      expect(fake.callState).to.equal('active');
      expect(hasPart(call, 'error'), 'the error is gone once retried').to.equal(false);
      await call.hangUp();
      call.parentElement?.remove();
    }
  });

  it('a refused call that both fails and rejects startCall() is one vinteo-error', async () => {
    class Refusing extends FakeConnector {
      override async startCall(target: string, options?: CallOptions) {
        const info = await super.startCall(target, options);
        let error: VinteoError | undefined;
        this.once('call:failed', (p) => (error = p.error));
        this.simulateCallFailure('rejected', 603, 'Decline');
        throw error ?? new VinteoError('rejected', 'refused');
        return info;
      }
    }
    const fake = new Refusing();
    fake.autoAnswerOutgoing = false;
    const { call } = await mount(fake);
    const errors = collect<CustomEvent>(document, 'vinteo-error');
    await call.call();
    await call.updateComplete;
    errors.stop();
    expect(errors.events.map((e) => e.detail.code)).to.deep.equal(['rejected']);
    expect(hasPart(call, 'retry-button'), 'calling again does not help a refusal').to.equal(false);
  });

  it('every code in docs/errors.md has a user-facing message in English and Russian', async () => {
    const doc = await (await fetch('/docs/errors.md')).text();
    const codes = [...doc.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(codes.length).to.be.greaterThan(20);
    const en = document.createElement('span');
    const ru = document.createElement('span');
    ru.lang = 'ru';
    document.body.append(en, ru);
    for (const code of [...codes, 'invalid-attribute']) {
      const key = `err.${code}` as StringKey;
      expect([code, translate(en, key)?.length > 10, translate(ru, key)?.length > 10]).to.deep.equal([
        code,
        true,
        true,
      ]);
      expect(translate(ru, key), code).not.to.equal(translate(en, key));
    }
    en.remove();
    ru.remove();
  });
});
