/** The control bar of <vinteo-call>: labels that say what a button does, state, reasons, sizes, timer, full screen. */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement } from '../../components/index.js';
import { formatDuration } from '../../components/call/elapsed.js';
import { createFakeStream, FakeConnector } from '../../src/testing/index.js';
import { countRenders, hasPart, part } from './helpers.js';

async function mount(lang = 'en', connector: FakeConnector | undefined = new FakeConnector()) {
  const el = await fixture<VinteoCallElement>(
    html`<vinteo-call lang=${lang} .connector=${connector} target="1000" show-quality></vinteo-call>`,
  );
  el.mediaStream = createFakeStream({ audio: true, width: 160, height: 120 });
  return { el, fake: connector };
}

const label = (el: Element, name: string) => part(el, name).querySelector('[part="label"]')?.textContent;

describe('<vinteo-call> control bar', () => {
  it('the microphone and camera toggles say what they do, show their state and carry an icon', async () => {
    const { el, fake } = await mount();
    await el.call();
    await el.updateComplete;
    const mic = part(el, 'mic-button');
    expect([label(el, 'mic-button'), mic.getAttribute('aria-pressed'), mic.title]).to.deep.equal([
      'Mute',
      'true',
      'Your microphone is on',
    ]);
    expect(mic.querySelector('svg[part="icon"]')?.getAttribute('aria-hidden')).to.equal('true');
    el.toggleMic();
    el.toggleCamera();
    await el.updateComplete;
    expect([label(el, 'mic-button'), part(el, 'mic-button').getAttribute('aria-pressed')]).to.deep.equal([
      'Unmute',
      'false',
    ]);
    expect([label(el, 'camera-button'), part(el, 'camera-button').getAttribute('aria-pressed')]).to.deep.equal([
      'Start camera',
      'false',
    ]);
    expect(fake?.micEnabled).to.equal(false);
  });

  it('Russian labels', async () => {
    const { el } = await mount('ru');
    await el.call();
    await el.updateComplete;
    expect(label(el, 'mic-button')).to.equal('Выключить микрофон');
    expect(label(el, 'camera-button')).to.equal('Выключить камеру');
    expect(label(el, 'hangup-button')).to.equal('Завершить');
  });

  it('disabled controls say why: no connection, a spectator, an audio-only licence', async () => {
    const bare = await fixture<VinteoCallElement>(html`<vinteo-call target="1"></vinteo-call>`);
    expect(part<HTMLButtonElement>(bare, 'call-button').disabled).to.equal(true);
    expect(part(bare, 'call-button').title).to.equal('Not connected to the server yet');
    expect(part(bare, 'mic-button').title).to.equal('Not connected to the server yet');
    const { el, fake } = await mount();
    await el.call();
    fake?.simulateRole({ type: 'spectator', canSendMedia: false });
    await el.updateComplete;
    expect(part(el, 'mic-button').title).to.equal('Spectators cannot send sound or video');
    fake?.simulateRole({ type: 'participant' });
    fake?.simulateLicense('AUDIO');
    await el.updateComplete;
    expect(part<HTMLButtonElement>(el, 'camera-button').disabled).to.equal(true);
    expect(part(el, 'camera-button').title).to.equal('The licence for this call is audio only');
  });

  it('every button is a touch target of at least 44 × 44 px, at phone width too', async () => {
    const { el, fake } = await mount();
    el.style.width = '360px';
    fake?.simulateIncomingCall({ user: 'bob' });
    await el.updateComplete;
    const buttons = [...(el.shadowRoot?.querySelectorAll('button') ?? [])].filter((b) => b.offsetParent !== null);
    expect(buttons.length).to.be.greaterThan(3);
    for (const b of buttons) {
      const { width, height } = b.getBoundingClientRect();
      expect([b.getAttribute('part'), width >= 44 && height >= 44]).to.deep.equal([b.getAttribute('part'), true]);
    }
  });

  it('no empty self-view before a call; our camera once in a call, hidden while it is off', async () => {
    const { el } = await mount();
    expect(part(el, 'local-video').hidden, 'before a call').to.equal(true);
    await el.call();
    await el.updateComplete;
    expect(part(el, 'local-video').hidden).to.equal(false);
    el.toggleCamera();
    await el.updateComplete;
    expect(part(el, 'local-video').hidden, 'camera off').to.equal(true);
  });

  it('a call timer and full screen for the remote video during a call; a quality slot', async () => {
    const { el, fake } = await mount();
    expect(hasPart(el, 'timer')).to.equal(false);
    await el.call();
    fake?.simulateRemoteTracks(createFakeStream({ width: 160, height: 120 }).getTracks());
    await el.updateComplete;
    expect(part(el, 'timer').textContent).to.equal('0:00');
    expect(part(el, 'timer').getAttribute('role')).to.equal('timer');
    expect(hasPart(el, 'fullscreen-button')).to.equal(document.fullscreenEnabled);
    expect(el.shadowRoot?.querySelector('slot[name="quality"] [part="quality-badge"]')).to.not.equal(null);
    await expect(el).to.be.accessible();
    await el.hangUp();
    await el.updateComplete;
    expect(hasPart(el, 'timer'), 'gone after the call').to.equal(false);
  });

  it('the timer ticks by itself: its text advances while the element does not re-render for it', async () => {
    const { el, fake } = await mount();
    await el.call();
    fake?.simulateRemoteTracks(createFakeStream({ width: 160, height: 120 }).getTracks());
    await el.updateComplete;
    const renders = countRenders(el);
    await waitUntil(() => part(el, 'timer').textContent === '0:01', 'the timer at 0:01', { timeout: 3000 });
    expect(renders.count, 'no re-render of <vinteo-call> for the clock').to.equal(0);
    el.remove();
    document.body.append(el);
    await el.updateComplete;
    expect(part(el, 'timer').textContent, 'back in the page: current at once').to.match(/^0:0[12]$/);
  });

  it('the hang-up button is the last, prominent control', async () => {
    const { el } = await mount();
    await el.call();
    await el.updateComplete;
    const buttons = [...part(el, 'controls').querySelectorAll('button')];
    expect(buttons.at(-1)?.getAttribute('part')).to.contain('hangup-button');
  });

  it('formats durations', () => {
    expect([formatDuration(0), formatDuration(61_500), formatDuration(3_725_000)]).to.deep.equal([
      '0:00',
      '1:01',
      '1:02:05',
    ]);
  });
});
