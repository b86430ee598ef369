import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LitElement } from 'lit';
import '../../components/define.js';
import { VinteoCallElement, VinteoConnectorElement } from '../../components/index.js';
import { createFakeStream, FakeConnector } from '../../src/testing/index.js';
import { waitUntil } from '../support/media.js';
import { collect, flushMicrotasks, hasPart, part, uniqueTag } from './helpers.js';

async function mountCall(fake = new FakeConnector(), target = '1000') {
  const el = await fixture<VinteoCallElement>(html`<vinteo-call .connector=${fake} target=${target}></vinteo-call>`);
  el.mediaStream = createFakeStream({ audio: false });
  return { el, fake };
}

const clickAndWait = async (el: VinteoCallElement, name: string) => {
  part<HTMLButtonElement>(el, name).click();
  await el.updateComplete;
};

describe('<vinteo-call>', () => {
  describe('rendering per state', () => {
    it('idle: a call button, the placeholder and "Ready"', async () => {
      const { el } = await mountCall();
      expect(el.getAttribute('state')).to.equal('idle');
      expect(part<HTMLButtonElement>(el, 'call-button').disabled).to.equal(false);
      expect(hasPart(el, 'hangup-button')).to.equal(false);
      expect(hasPart(el, 'placeholder')).to.equal(true);
      expect(part<HTMLVideoElement>(el, 'remote-video').hidden).to.equal(true);
      expect(part(el, 'status').textContent).to.equal('Ready');
    });

    it('calling, then active: a hang-up button and the state in the live region', async () => {
      const { el, fake } = await mountCall(new FakeConnector({ autoAnswerOutgoing: false }));
      await el.call();
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('calling');
      expect(hasPart(el, 'call-button')).to.equal(false);
      expect(hasPart(el, 'hangup-button')).to.equal(true);
      expect(part(el, 'status').textContent).to.equal('Calling…');
      fake.simulateRemoteAnswer();
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('active');
      expect(part(el, 'status').textContent).to.equal('In call');
    });

    it('ringing: the incoming panel with the caller, answer and decline', async () => {
      const { el, fake } = await mountCall();
      fake.simulateIncomingCall({ user: 'bob', displayName: 'Bob B' });
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('ringing');
      expect(part(el, 'incoming').textContent).to.contain('Incoming call from Bob B');
      expect(hasPart(el, 'answer-button') && hasPart(el, 'decline-button')).to.equal(true);
      expect(part(el, 'status').textContent).to.contain('Bob B');
      await expect(el).to.be.accessible();
    });

    it('without a connector: the call button is disabled and call() reports not-connected', async () => {
      const el = await fixture<VinteoCallElement>(html`<vinteo-call target="1"></vinteo-call>`);
      expect(part<HTMLButtonElement>(el, 'call-button').disabled).to.equal(true);
      const error = oneEvent(el, 'vinteo-error');
      await el.call();
      expect((await error).detail.code).to.equal('not-connected');
    });
  });

  it('calls the target with its media stream when the call button is clicked', async () => {
    const { el, fake } = await mountCall();
    const change = oneEvent(el, 'vinteo-call-state-change');
    part(el, 'call-button').click();
    const { detail } = await change;
    expect(detail).to.deep.equal({ state: 'calling', previous: 'idle' });
    await el.updateComplete;
    const call = fake.calls.find((c) => c.method === 'startCall');
    expect(call?.args[0]).to.equal('1000');
    expect((call?.args[1] as { mediaStream: MediaStream }).mediaStream).to.equal(el.mediaStream);
    expect(el.getAttribute('state')).to.equal('active');
  });

  it('call(target) overrides the attribute', async () => {
    const { el, fake } = await mountCall();
    await el.call(' 2000 ');
    expect(fake.calls.find((c) => c.method === 'startCall')?.args[0]).to.equal('2000');
  });

  it('without a target shows an error and fires vinteo-error instead of calling', async () => {
    const { el, fake } = await mountCall(new FakeConnector(), '');
    const error = oneEvent(el, 'vinteo-error');
    await el.call();
    expect((await error).detail.code).to.equal('invalid-argument');
    expect(fake.calls.some((c) => c.method === 'startCall')).to.equal(false);
    await el.updateComplete;
    expect(part(el, 'error').textContent).to.contain('No number');
  });

  it('fires vinteo-incoming-call and declines from the panel', async () => {
    const { el, fake } = await mountCall();
    const incoming = oneEvent(el, 'vinteo-incoming-call');
    fake.simulateIncomingCall({ user: 'bob', displayName: 'Bob B', headers: { 'X-Secret-Header': 'x' } });
    const { detail } = await incoming;
    expect(detail.caller).to.include({ user: 'bob', displayName: 'Bob B' });
    expect(detail.caller).not.to.have.property('headers');
    await el.updateComplete;
    await clickAndWait(el, 'decline-button');
    await waitUntil(() => el.state === 'idle', 'the call to be declined', 2000);
    expect(fake.calls.find((c) => c.method === 'decline')?.args).to.deep.equal([487]);
    await el.updateComplete;
    expect(hasPart(el, 'incoming')).to.equal(false);
  });

  it('answers from the panel with its media stream', async () => {
    const { el, fake } = await mountCall();
    fake.simulateIncomingCall('carol');
    await el.updateComplete;
    const active = oneEvent(el, 'vinteo-call-state-change');
    part(el, 'answer-button').click();
    expect((await active).detail.state).to.equal('answering');
    const answer = fake.calls.find((c) => c.method === 'answer');
    expect((answer?.args[0] as { mediaStream: MediaStream }).mediaStream).to.equal(el.mediaStream);
    expect(fake.callState).to.equal('active');
  });

  it('auto-answer answers at once', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoCallElement>(html`<vinteo-call .connector=${fake} auto-answer></vinteo-call>`);
    el.mediaStream = createFakeStream({ audio: false });
    fake.simulateIncomingCall();
    await waitUntil(() => fake.callState === 'active', 'the fake call to be answered', 2000);
    expect(fake.calls.some((c) => c.method === 'answer')).to.equal(true);
  });

  it('mic and camera toggles set aria-pressed, labels and the reflected attributes, and toggle back', async () => {
    const { el, fake } = await mountCall();
    await el.call();
    expect(part(el, 'mic-button').getAttribute('aria-pressed')).to.equal('true');
    await clickAndWait(el, 'mic-button');
    expect(part(el, 'mic-button').getAttribute('aria-pressed')).to.equal('false');
    expect(part(el, 'mic-button').textContent, 'says what it does').to.equal('Unmute');
    expect(el.hasAttribute('muted')).to.equal(true);
    expect(fake.micEnabled).to.equal(false);
    await clickAndWait(el, 'camera-button');
    expect(part(el, 'camera-button').getAttribute('aria-pressed')).to.equal('false');
    expect(el.hasAttribute('camera-off')).to.equal(true);
    expect(fake.cameraEnabled).to.equal(false);
    await clickAndWait(el, 'mic-button');
    await clickAndWait(el, 'camera-button');
    expect(el.hasAttribute('muted') || el.hasAttribute('camera-off')).to.equal(false);
    expect(part(el, 'mic-button').getAttribute('aria-pressed')).to.equal('true');
  });

  it('reflects mic state changed through the connector by someone else', async () => {
    const { el, fake } = await mountCall();
    fake.setMicEnabled(false);
    await el.updateComplete;
    expect(el.hasAttribute('muted')).to.equal(true);
  });

  it('fires vinteo-call-ended when the far end hangs up', async () => {
    const { el, fake } = await mountCall();
    await el.call();
    const ended = oneEvent(el, 'vinteo-call-ended');
    fake.simulateRemoteHangUp();
    expect((await ended).detail).to.deep.equal({ originator: 'remote', cause: 'hangup' });
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(part(el, 'status').textContent).to.equal('Call ended');
  });

  it('a refused call gives vinteo-call-ended with the status code, vinteo-error and a visible error', async () => {
    const { el, fake } = await mountCall(new FakeConnector({ autoAnswerOutgoing: false }));
    await el.call();
    const ended = oneEvent(el, 'vinteo-call-ended');
    const error = oneEvent(el, 'vinteo-error');
    fake.simulateCallFailure('busy', 486);
    expect((await ended).detail).to.deep.equal({ originator: 'remote', cause: 'busy', statusCode: 486 });
    expect((await error).detail.code).to.equal('busy');
    await el.updateComplete;
    expect(hasPart(el, 'error')).to.equal(true);
  });

  it('hang-up ends the call locally', async () => {
    const { el, fake } = await mountCall();
    await el.call();
    await el.updateComplete;
    const ended = oneEvent(el, 'vinteo-call-ended');
    part(el, 'hangup-button').click();
    expect((await ended).detail.originator).to.equal('local');
    expect(fake.calls.some((c) => c.method === 'hangUp')).to.equal(true);
  });

  it('captures media itself with media="audio" and stops those tracks when the call ends', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoCallElement>(
      html`<vinteo-call .connector=${fake} target="1" media="audio"></vinteo-call>`,
    );
    const asked: MediaStreamConstraints[] = [];
    const own = createFakeStream({ video: false });
    el.getUserMedia = async (constraints) => (asked.push(constraints), own);
    await el.call();
    expect(asked).to.deep.equal([{ audio: true, video: false }]);
    expect(fake.localStream).to.equal(own);
    fake.simulateRemoteHangUp();
    expect(own.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
  });

  it('never stops an app-supplied media stream', async () => {
    const { el, fake } = await mountCall();
    await el.call();
    fake.simulateRemoteHangUp();
    expect(el.mediaStream?.getTracks().every((t) => t.readyState === 'live')).to.equal(true);
    el.mediaStream?.getTracks().forEach((t) => t.stop());
  });

  it('a bad media attribute gives vinteo-error and a visible error, and falls back to video', async () => {
    const { events, stop } = collect<CustomEvent>(document, 'vinteo-error');
    const fake = new FakeConnector();
    const el = await fixture<VinteoCallElement>(
      html`<vinteo-call .connector=${fake} target="1" media="hologram"></vinteo-call>`,
    );
    stop();
    expect(events.map((e) => e.detail.code)).to.deep.equal(['invalid-attribute']);
    expect(part(el, 'error').textContent).to.contain('hologram');
    const asked: MediaStreamConstraints[] = [];
    el.getUserMedia = async (constraints) => (asked.push(constraints), createFakeStream());
    await el.call();
    expect(asked[0]).to.deep.equal({ audio: true, video: true });
  });

  it('plays the remote tracks in the remote video and hides the placeholder', async () => {
    const { el, fake } = await mountCall();
    await el.call();
    const remote = createFakeStream();
    fake.simulateRemoteTracks(remote.getTracks());
    await el.updateComplete;
    const video = part<HTMLVideoElement>(el, 'remote-video');
    expect(video.hidden).to.equal(false);
    expect(hasPart(el, 'placeholder')).to.equal(false);
    const ids = (video.srcObject as MediaStream)
      .getTracks()
      .map((t) => t.id)
      .sort();
    expect(ids).to.deep.equal(
      remote
        .getTracks()
        .map((t) => t.id)
        .sort(),
    );
    expect(part<HTMLVideoElement>(el, 'local-video').srcObject).to.equal(el.mediaStream);
    expect(part<HTMLVideoElement>(el, 'local-video').muted).to.equal(true);
  });

  it('finds a provider that is defined and upgraded after it', async () => {
    const fake = new FakeConnector();
    const tag = uniqueTag('late-connector');
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.innerHTML = `<${tag} server="h"><vinteo-call target="7"></vinteo-call></${tag}>`;
    const call = wrapper.querySelector('vinteo-call') as VinteoCallElement;
    await call.updateComplete;
    expect(call.connector).to.equal(undefined);
    const provider = wrapper.querySelector(tag) as VinteoConnectorElement;
    provider.connector = fake;
    customElements.define(tag, class extends VinteoConnectorElement {});
    await (wrapper.querySelector(tag) as VinteoConnectorElement).updateComplete;
    await call.updateComplete;
    expect(call.connector).to.equal(fake);
    expect(part<HTMLButtonElement>(call, 'call-button').disabled).to.equal(false);
    fake.simulateIncomingCall('late');
    await call.updateComplete;
    expect(part(call, 'incoming').textContent).to.contain('late');
  });

  it('moving the element during a call does not hang up; removing it releases its listeners', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoCallElement>(html`<vinteo-call .connector=${fake} target="1"></vinteo-call>`);
    const own = createFakeStream({ audio: false });
    el.getUserMedia = async () => own;
    await el.call();
    const before = fake.listenerCount();
    expect(before).to.be.greaterThan(0);
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el);
    await flushMicrotasks();
    await el.updateComplete;
    expect(fake.callState).to.equal('active');
    expect(fake.calls.some((c) => c.method === 'hangUp')).to.equal(false);
    expect(fake.listenerCount()).to.equal(before);
    expect(own.getTracks().every((t) => t.readyState === 'live')).to.equal(true);
    fake.simulateRemoteHangUp();
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    el.remove();
    await flushMicrotasks();
    expect(fake.listenerCount()).to.equal(0);
    other.remove();
  });

  it('removed for good during a call on media it captured: hangs up and releases the camera', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoCallElement>(html`<vinteo-call .connector=${fake} target="1"></vinteo-call>`);
    const own = createFakeStream({ audio: false });
    el.getUserMedia = async () => own;
    await el.call();
    el.remove();
    await flushMicrotasks();
    expect(fake.calls.some((c) => c.method === 'hangUp')).to.equal(true);
    expect(own.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    expect(fake.listenerCount()).to.equal(0);
  });

  it('is accessible during a call and speaks Russian with lang="ru"', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoCallElement>(
      html`<vinteo-call lang="ru" .connector=${fake} target="1"></vinteo-call>`,
    );
    await expect(el).to.be.accessible();
    expect(part(el, 'call-button').textContent).to.equal('Позвонить');
    expect(part(el, 'status').textContent).to.equal('Готово');
    expect(part(el, 'status').getAttribute('aria-live')).to.equal('polite');
    el.mediaStream = createFakeStream({ audio: false });
    await el.call();
    await el.updateComplete;
    expect(part(el, 'hangup-button').textContent).to.equal('Завершить');
    expect(part(el, 'mic-button').textContent).to.equal('Выключить микрофон');
    await expect(el).to.be.accessible();
  });

  it('switches language when the lang of an ancestor or of the document changes', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="en"><vinteo-call .connector=${new FakeConnector()}></vinteo-call></div>`,
    );
    const el = wrapper.querySelector('vinteo-call') as VinteoCallElement;
    await el.updateComplete;
    expect(part(el, 'call-button').textContent).to.equal('Call');
    wrapper.setAttribute('lang', 'ru');
    await waitUntil(() => part(el, 'call-button').textContent === 'Позвонить', 'Russian after lang="ru"', 2000);
    wrapper.removeAttribute('lang');
    const before = document.documentElement.lang;
    try {
      document.documentElement.lang = 'ru';
      await waitUntil(() => part(el, 'status').textContent === 'Готово', 'Russian from the document language', 2000);
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('reports a media permission failure as vinteo-error', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoCallElement>(html`<vinteo-call .connector=${fake} target="1"></vinteo-call>`);
    el.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    const error = oneEvent(el, 'vinteo-error');
    await el.call();
    expect((await error).detail).to.deep.equal({ code: 'media-permission', message: 'Permission denied' });
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
      fake.simulateRemoteTracks(createFakeStream().getTracks());
      await event;
      await el.updateComplete;
      expect(el.hasAttribute('audio-blocked')).to.equal(true);
      expect(part(el, 'status').textContent).to.contain('blocked');
      blocked = false;
      part(el, 'unlock-button').click();
      await waitUntil(() => !el.hasAttribute('audio-blocked'), 'sound to be unblocked', 2000);
      await el.updateComplete;
      expect(hasPart(el, 'unlock-button')).to.equal(false);
    } finally {
      HTMLMediaElement.prototype.play = original;
    }
  });

  it('slots extra controls and a placeholder', async () => {
    const el = await fixture<VinteoCallElement>(html`<vinteo-call .connector=${new FakeConnector()}>
      <button slot="controls">Extra</button><span slot="placeholder">Waiting</span></vinteo-call>`);
    const controls = el.shadowRoot?.querySelector<HTMLSlotElement>('slot[name="controls"]');
    const placeholder = el.shadowRoot?.querySelector<HTMLSlotElement>('slot[name="placeholder"]');
    expect(controls?.assignedElements().map((e) => e.textContent)).to.deep.equal(['Extra']);
    expect(placeholder?.assignedElements().map((e) => e.textContent)).to.deep.equal(['Waiting']);
  });

  it('is a LitElement registered as vinteo-call', () => {
    expect(customElements.get('vinteo-call')).to.equal(VinteoCallElement);
    expect(new VinteoCallElement()).to.be.instanceOf(LitElement);
  });
});
