import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/define.js';
import { VinteoDialpadElement } from '../../components/index.js';
import { InvalidStateError } from '../../src/errors.js';
import { FakeConnector } from '../../src/testing/index.js';
import { collect, flushMicrotasks, part } from './helpers.js';

const keysOf = (el: VinteoDialpadElement) => [
  ...(el.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part~="key"]') ?? []),
];
const key = (el: VinteoDialpadElement, tone: string) =>
  keysOf(el).find((k) => k.textContent === tone) as HTMLButtonElement;

async function inCall(attrs: { mode?: string; extended?: boolean } = {}) {
  const fake = new FakeConnector();
  await fake.connect({ server: 'h' });
  await fake.startCall('1');
  const el = await fixture<VinteoDialpadElement>(
    html`<vinteo-dialpad .connector=${fake} dtmf-mode=${attrs.mode ?? 'info'} ?extended=${attrs.extended}></vinteo-dialpad>`,
  );
  return { el, fake };
}

describe('<vinteo-dialpad>', () => {
  it('shows 0-9 * # disabled without an active call, and is accessible', async () => {
    const el = await fixture<VinteoDialpadElement>(
      html`<vinteo-dialpad .connector=${new FakeConnector()}></vinteo-dialpad>`,
    );
    expect(keysOf(el).map((k) => k.textContent)).to.deep.equal([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '*',
      '0',
      '#',
    ]);
    expect(keysOf(el).every((k) => k.disabled)).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('enables its keys when a call becomes active and disables them when it ends', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoDialpadElement>(html`<vinteo-dialpad .connector=${fake}></vinteo-dialpad>`);
    await fake.startCall('1');
    await el.updateComplete;
    expect(keysOf(el).every((k) => !k.disabled)).to.equal(true);
    await expect(el).to.be.accessible();
    fake.simulateRemoteHangUp();
    await el.updateComplete;
    expect(keysOf(el).every((k) => k.disabled)).to.equal(true);
  });

  it('sends the pressed key with the rfc4733 mode and fires vinteo-dtmf', async () => {
    const { el, fake } = await inCall({ mode: 'rfc4733' });
    const event = oneEvent(el, 'vinteo-dtmf');
    key(el, '0').click();
    const fired = await event;
    expect(fired.detail).to.deep.equal({ tone: '0', originator: 'local' });
    expect(fired.bubbles && fired.composed).to.equal(true);
    expect(fake.calls.find((c) => c.method === 'sendDtmf')?.args).to.deep.equal(['0', { mode: 'rfc4733' }]);
  });

  it('sends with the info mode by default, in the order pressed', async () => {
    const { el, fake } = await inCall();
    await Promise.all([el.press('1'), el.press('2'), el.press('#')]);
    const sent = fake.calls.filter((c) => c.method === 'sendDtmf').map((c) => c.args);
    expect(sent).to.deep.equal([
      ['1', { mode: 'info' }],
      ['2', { mode: 'info' }],
      ['#', { mode: 'info' }],
    ]);
  });

  it('takes digit keys from the keyboard while focused, and A–D with extended', async () => {
    const { el, fake } = await inCall({ extended: true });
    expect(keysOf(el)).to.have.length(16);
    key(el, '5').focus();
    for (const k of ['#', 'd', 'x']) {
      el.shadowRoot?.activeElement?.dispatchEvent(
        new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }),
      );
    }
    await oneEvent(el, 'vinteo-dtmf');
    await el.press('');
    expect(fake.calls.filter((c) => c.method === 'sendDtmf').map((c) => c.args[0])).to.deep.equal(['#', 'D']);
  });

  it('ignores A–D from the keyboard without extended', async () => {
    const { el, fake } = await inCall();
    key(el, '1').dispatchEvent(new KeyboardEvent('keydown', { key: 'A', bubbles: true, composed: true }));
    await el.press('');
    expect(fake.calls.some((c) => c.method === 'sendDtmf')).to.equal(false);
  });

  it('fires vinteo-dtmf for tones the far end sends', async () => {
    const { el, fake } = await inCall();
    const event = oneEvent(el, 'vinteo-dtmf');
    fake.simulateRemoteDtmf('7');
    expect((await event).detail).to.deep.equal({ tone: '7', originator: 'remote' });
  });

  it('a failed send gives vinteo-error and a visible error', async () => {
    const { el, fake } = await inCall();
    fake.sendDtmf = () => Promise.reject(new InvalidStateError('No active call'));
    const error = oneEvent(el, 'vinteo-error');
    key(el, '3').click();
    expect((await error).detail).to.deep.equal({ code: 'invalid-state', message: 'No active call' });
    await el.updateComplete;
    expect(part(el, 'error').textContent).to.contain('No active call');
  });

  it('a bad dtmf-mode gives vinteo-error and a visible error, and falls back to info', async () => {
    const { events, stop } = collect<CustomEvent>(document, 'vinteo-error');
    const { el, fake } = await inCall({ mode: 'loud' });
    stop();
    expect(events.map((e) => e.detail.code)).to.deep.equal(['invalid-attribute']);
    expect(part(el, 'error').textContent).to.contain('loud');
    await el.press('9');
    expect(fake.calls.find((c) => c.method === 'sendDtmf')?.args).to.deep.equal(['9', { mode: 'info' }]);
  });

  it('labels its group in Russian with lang="ru" and lets go of the connector when removed', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoDialpadElement>(
      html`<vinteo-dialpad lang="ru" .connector=${fake}></vinteo-dialpad>`,
    );
    expect(part(el, 'pad').getAttribute('aria-label')).to.equal('Номеронабиратель');
    expect(fake.listenerCount()).to.be.greaterThan(0);
    el.remove();
    await flushMicrotasks();
    expect(fake.listenerCount()).to.equal(0);
  });

  it('is registered as vinteo-dialpad', () => {
    expect(customElements.get('vinteo-dialpad')).to.equal(VinteoDialpadElement);
  });
});
