import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoDialpadElement } from '../../components/index.js';
import { FakeConnector } from '../../src/testing/index.js';

describe('<vinteo-dialpad>', () => {
  it('is disabled without an active call', async () => {
    const el = await fixture<VinteoDialpadElement>(html`<vinteo-dialpad .connector=${new FakeConnector()}></vinteo-dialpad>`);
    const keys = [...(el.shadowRoot?.querySelectorAll('button') ?? [])];
    expect(keys.map((k) => k.textContent)).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']);
    expect(keys.every((k) => k.disabled)).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('sends the pressed key with the chosen mode and fires vinteo-dtmf', async () => {
    const fake = new FakeConnector();
    await fake.startCall('1');
    const el = await fixture<VinteoDialpadElement>(html`<vinteo-dialpad .connector=${fake} dtmf-mode="rfc4733"></vinteo-dialpad>`);
    const event = oneEvent(el, 'vinteo-dtmf');
    (el.shadowRoot?.querySelectorAll('button')[10] as HTMLButtonElement).click();
    expect((await event).detail.tone).to.equal('0');
    expect(fake.calls.find((c) => c.method === 'sendDtmf')?.args).to.deep.equal(['0', { mode: 'rfc4733' }]);
  });

  it('takes digit keys from the keyboard and shows A–D with extended', async () => {
    const fake = new FakeConnector();
    await fake.startCall('1');
    const el = await fixture<VinteoDialpadElement>(html`<vinteo-dialpad .connector=${fake} extended></vinteo-dialpad>`);
    expect(el.shadowRoot?.querySelectorAll('button')).to.have.length(16);
    const pad = el.shadowRoot?.querySelector('[part="pad"]') as HTMLElement;
    pad.dispatchEvent(new KeyboardEvent('keydown', { key: '#', bubbles: true }));
    await oneEvent(el, 'vinteo-dtmf');
    expect(fake.calls.find((c) => c.method === 'sendDtmf')?.args[0]).to.equal('#');
  });
});
