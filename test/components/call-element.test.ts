import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LitElement } from 'lit';
import '../../components/define.js';
import { VinteoCallElement, VinteoConnectorElement } from '../../components/index.js';
import { FakeConnector } from '../../src/testing/index.js';
import { waitUntil } from '../support/media.js';

function part(el: Element, name: string): HTMLElement {
  const found = el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

function fakeStream(): MediaStream {
  const canvas = document.createElement('canvas');
  return canvas.captureStream(1);
}

async function mountCall(fake = new FakeConnector(), attrs = 'target') {
  const el = await fixture<VinteoCallElement>(html`<vinteo-call .connector=${fake} target=${attrs === 'target' ? '1000' : ''}></vinteo-call>`);
  el.mediaStream = fakeStream();
  return { el, fake };
}

describe('<vinteo-call>', () => {
  it('calls the target with its media stream when the call button is clicked', async () => {
    const { el, fake } = await mountCall();
    const change = oneEvent(el, 'vinteo-call-state-change');
    part(el, 'call-button').click();
    expect((await change).detail.state).to.equal('calling');
    await el.updateComplete;
    const call = fake.calls.find((c) => c.method === 'startCall');
    expect(call?.args[0]).to.equal('1000');
    expect((call?.args[1] as { mediaStream: MediaStream }).mediaStream).to.equal(el.mediaStream);
    expect(el.getAttribute('state')).to.equal('active');
    expect(part(el, 'hangup-button')).to.exist;
  });

  it('without a target shows an error and fires vinteo-error instead of calling', async () => {
    const { el, fake } = await mountCall(new FakeConnector(), 'none');
    const error = oneEvent(el, 'vinteo-error');
    await el.call();
    expect((await error).detail.code).to.equal('invalid-argument');
    expect(fake.calls.some((c) => c.method === 'startCall')).to.equal(false);
    await el.updateComplete;
    expect(part(el, 'error').textContent).to.contain('No number');
  });

  it('shows the incoming call and answers or declines it', async () => {
    const { el, fake } = await mountCall();
    const incoming = oneEvent(el, 'vinteo-incoming-call');
    fake.simulateIncomingCall({ user: 'bob', displayName: 'Bob B' });
    expect((await incoming).detail.caller.displayName).to.equal('Bob B');
    await el.updateComplete;
    expect(part(el, 'incoming').textContent).to.contain('Bob B');
    part(el, 'decline-button').click();
    await el.updateComplete;
    expect(fake.calls.some((c) => c.method === 'decline')).to.equal(true);
    fake.simulateIncomingCall({ user: 'carol' });
    await el.updateComplete;
    part(el, 'answer-button').click();
    await oneEvent(el, 'vinteo-call-state-change');
    expect(fake.callState).to.equal('active');
  });

  it('auto-answer answers at once', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoCallElement>(html`<vinteo-call .connector=${fake} auto-answer></vinteo-call>`);
    el.mediaStream = fakeStream();
    fake.simulateIncomingCall();
    await waitUntil(() => fake.callState === 'active', 'the fake call to be answered', 2000);
    expect(fake.calls.some((c) => c.method === 'answer')).to.equal(true);
  });

  it('mic and camera toggles set aria-pressed and the reflected attributes', async () => {
    const { el, fake } = await mountCall();
    await el.call();
    part(el, 'mic-button').click();
    await el.updateComplete;
    expect(part(el, 'mic-button').getAttribute('aria-pressed')).to.equal('false');
    expect(el.hasAttribute('muted')).to.equal(true);
    expect(fake.micEnabled).to.equal(false);
    part(el, 'camera-button').click();
    await el.updateComplete;
    expect(el.hasAttribute('camera-off')).to.equal(true);
  });

  it('fires vinteo-call-ended when the far end hangs up', async () => {
    const { el, fake } = await mountCall();
    await el.call();
    const ended = oneEvent(el, 'vinteo-call-ended');
    fake.simulateRemoteHangUp();
    expect((await ended).detail.originator).to.equal('remote');
    await el.updateComplete;
    expect(el.state).to.equal('idle');
  });

  it('finds a provider that is defined and upgraded after it', async () => {
    const fake = new FakeConnector();
    const tag = `late-connector-${Math.random().toString(36).slice(2)}`;
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.innerHTML = `<${tag} server="h"><vinteo-call target="7"></vinteo-call></${tag}>`;
    const call = wrapper.querySelector('vinteo-call') as VinteoCallElement;
    await call.updateComplete;
    expect(call.connector).to.equal(undefined);
    customElements.define(tag, class extends VinteoConnectorElement {});
    const provider = wrapper.querySelector(tag) as VinteoConnectorElement;
    provider.connector = fake;
    await provider.updateComplete;
    await call.updateComplete;
    expect(call.connector).to.equal(fake);
    expect((part(call, 'call-button') as HTMLButtonElement).disabled).to.equal(false);
  });

  it('moving the element during a call does not hang up; removing it releases its listeners', async () => {
    const { el, fake } = await mountCall();
    await el.call();
    const before = fake.listenerCount();
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el);
    await Promise.resolve();
    await el.updateComplete;
    expect(fake.callState).to.equal('active');
    expect(fake.calls.some((c) => c.method === 'hangUp')).to.equal(false);
    expect(fake.listenerCount()).to.equal(before);
    el.remove();
    await Promise.resolve();
    await Promise.resolve();
    expect(fake.listenerCount()).to.equal(0);
    other.remove();
  });

  it('is accessible and speaks Russian with lang="ru"', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoCallElement>(html`<vinteo-call lang="ru" .connector=${fake} target="1"></vinteo-call>`);
    await expect(el).to.be.accessible();
    expect(part(el, 'call-button').textContent).to.equal('Позвонить');
    expect(part(el, 'status').getAttribute('aria-live')).to.equal('polite');
  });

  it('reports a media permission failure as vinteo-error', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoCallElement>(html`<vinteo-call .connector=${fake} target="1"></vinteo-call>`);
    el.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    const error = oneEvent(el, 'vinteo-error');
    await el.call();
    expect((await error).detail.code).to.equal('media-permission');
    expect(fake.calls.some((c) => c.method === 'startCall')).to.equal(false);
  });

  it('detects blocked autoplay, shows "Enable sound" and plays after the click', async () => {
    const original = HTMLMediaElement.prototype.play;
    let blocked = true;
    HTMLMediaElement.prototype.play = function play() {
      return blocked ? Promise.reject(new DOMException('needs a gesture', 'NotAllowedError')) : Promise.resolve();
    };
    try {
      const { el, fake } = await mountCall();
      await el.call();
      const event = oneEvent(el, 'vinteo-audio-blocked');
      fake.simulateRemoteTracks(fakeStream().getTracks());
      await event;
      await el.updateComplete;
      expect(el.hasAttribute('audio-blocked')).to.equal(true);
      blocked = false;
      part(el, 'unlock-button').click();
      await waitUntil(() => !el.hasAttribute('audio-blocked'), 'sound to be unblocked', 2000);
    } finally {
      HTMLMediaElement.prototype.play = original;
    }
  });

  it('is a LitElement registered as vinteo-call', () => {
    expect(customElements.get('vinteo-call')).to.equal(VinteoCallElement);
    expect(new VinteoCallElement()).to.be.instanceOf(LitElement);
  });
});
