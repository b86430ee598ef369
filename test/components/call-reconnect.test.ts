/** <vinteo-call> while its call is kept through a lost connection or missing media, and when it is lost. */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement } from '../../components/index.js';
import { createFakeStream, FakeConnector } from '../../src/testing/index.js';
import { collect, hasPart, part } from './helpers.js';

async function inCall(options: { lang?: string; autoRedial?: boolean; ownMedia?: boolean } = {}) {
  const fake = new FakeConnector();
  await fake.connect({ server: 'h' });
  const el =
    await fixture<VinteoCallElement>(html`<vinteo-call lang=${options.lang ?? 'en'} .connector=${fake} target="1000"
    ?auto-redial=${options.autoRedial}></vinteo-call>`);
  const captured = createFakeStream({ audio: false });
  if (options.ownMedia) el.getUserMedia = async () => captured;
  else el.mediaStream = createFakeStream({ audio: false });
  await el.call();
  await el.updateComplete;
  expect(el.state).to.equal('active');
  return { el, fake, captured };
}

const status = (el: Element) => part(el, 'status').textContent?.trim();
const enabled = (el: Element, name: string) => !part<HTMLButtonElement>(el, name).disabled;

describe('<vinteo-call> reconnection', () => {
  it('connection lost: reflects reconnecting, says the call is kept (and dims the frozen picture), controls stay usable; restored afterwards', async () => {
    const { el, fake } = await inCall();
    const kept = collect<CustomEvent>(el, 'vinteo-call-reconnecting');
    const resumed = collect<CustomEvent>(el, 'vinteo-call-resumed');
    fake.simulateConnectionLost();
    await el.updateComplete;
    expect(el.hasAttribute('reconnecting')).to.equal(true);
    expect(el.getAttribute('state')).to.equal('active');
    expect(status(el)).to.equal('Keeping your call while the connection is restored…');
    expect(part(el, 'status').getAttribute('aria-live')).to.equal('polite');
    expect(['hangup-button', 'mic-button', 'camera-button'].every((b) => enabled(el, b))).to.equal(true);
    expect(getComputedStyle(part(el, 'remote-video')).filter).to.contain('grayscale');
    await expect(el).to.be.accessible();
    expect(kept.events.map((e) => e.detail)).to.deep.equal([{ reason: 'transport' }]);
    fake.simulateReconnected();
    await el.updateComplete;
    expect(el.hasAttribute('reconnecting')).to.equal(false);
    expect(status(el)).to.equal('Call restored');
    expect(resumed.events).to.have.length(1);
    expect(resumed.events[0].detail.downtimeMs).to.be.a('number');
    expect([...kept.events, ...resumed.events].every((e) => e.bubbles && e.composed)).to.equal(true);
  });

  it('Russian: the kept call and its restoration', async () => {
    const { el, fake } = await inCall({ lang: 'ru' });
    fake.simulateConnectionLost();
    await el.updateComplete;
    expect(status(el)).to.equal('Сохраняем ваш звонок, пока восстанавливается связь…');
    fake.simulateReconnected();
    await el.updateComplete;
    expect(status(el)).to.equal('Звонок восстановлен');
  });

  it('while kept, the mic toggle and hang-up still work; hanging up ends the outage', async () => {
    const { el, fake } = await inCall();
    fake.simulateConnectionLost();
    await el.updateComplete;
    part<HTMLButtonElement>(el, 'mic-button').click();
    await el.updateComplete;
    expect(fake.calls.some((c) => c.method === 'setMicEnabled' && c.args[0] === false)).to.equal(true);
    expect(el.hasAttribute('muted')).to.equal(true);
    const ended = fake.wait('call:ended', 2000);
    part<HTMLButtonElement>(el, 'hangup-button').click();
    await ended;
    await el.updateComplete;
    expect(el.hasAttribute('reconnecting')).to.equal(false);
    expect(el.state).to.equal('idle');
  });

  it('media problem: a notice in the live region, then its recovery (one vinteo-call-reconnecting, reason media)', async () => {
    const { el, fake } = await inCall();
    const kept = collect<CustomEvent>(el, 'vinteo-call-reconnecting');
    const resumed = collect<CustomEvent>(el, 'vinteo-call-resumed');
    fake.simulateMediaProblem('no-packets');
    await el.updateComplete;
    expect(el.hasAttribute('reconnecting')).to.equal(true);
    expect(status(el)).to.equal('No sound or video from the other side… waiting for it to come back');
    await expect(el).to.be.accessible();
    fake.simulateMediaRecovered();
    await el.updateComplete;
    expect(el.hasAttribute('reconnecting')).to.equal(false);
    expect(status(el)).to.equal('Sound and video are back');
    expect(kept.events.map((e) => e.detail.reason)).to.deep.equal(['media']);
    expect(resumed.events).to.have.length(1);
  });

  it('media problem in Russian', async () => {
    const { el, fake } = await inCall({ lang: 'ru' });
    fake.simulateMediaProblem();
    await el.updateComplete;
    expect(status(el)).to.equal('Нет звука и видео от собеседника… ждём, пока они вернутся');
    fake.simulateMediaRecovered();
    await el.updateComplete;
    expect(status(el)).to.equal('Звук и видео вернулись');
  });

  for (const [cause, en, ru] of [
    [
      'media-timeout',
      'The call was lost: no sound or video came from the other side. Press “Call” to call again.',
      'Звонок прервался: от собеседника не приходили ни звук, ни видео. Нажмите «Позвонить», чтобы позвонить снова.',
    ],
    [
      'dialog-lost',
      'The call was lost when the connection dropped. Press “Call” to call again.',
      'Звонок прервался из-за потери соединения. Нажмите «Позвонить», чтобы позвонить снова.',
    ],
  ] as const) {
    it(`ended with ${cause}: the reason and the next step (en + ru), vinteo-error and vinteo-call-ended`, async () => {
      for (const [lang, text] of [
        ['en', en],
        ['ru', ru],
      ] as const) {
        const { el, fake } = await inCall({ lang });
        const errors = collect<CustomEvent>(el, 'vinteo-error');
        const ended = collect<CustomEvent>(el, 'vinteo-call-ended');
        fake.simulateMediaProblem();
        fake.simulateCallLost(cause);
        await el.updateComplete;
        expect(ended.events.map((e) => e.detail.cause)).to.deep.equal([cause]);
        expect(ended.events[0].detail.originator).to.equal('system');
        expect(errors.events.map((e) => [e.detail.code, e.detail.message])).to.deep.equal([[cause, text]]);
        expect(status(el), 'the end and its reason, once').to.equal(text);
        expect(part(el, 'status').hasAttribute('data-problem')).to.equal(true);
        expect(hasPart(el, 'error'), 'no second message for the same end').to.equal(false);
        expect(el.hasAttribute('reconnecting')).to.equal(false);
        expect(enabled(el, 'call-button'), 'the next step is one click away').to.equal(true);
        await expect(el).to.be.accessible();
        fake.simulateIncomingCall('bob');
        await el.updateComplete;
        expect(part(el, 'status').hasAttribute('data-problem'), 'the problem tone goes with the message').to.equal(
          false,
        );
      }
    });
  }

  it('auto-redial: passes autoRedial, keeps its own media for the redial, shows the attempts, then gives a next step', async () => {
    const { el, fake, captured } = await inCall({ autoRedial: true, ownMedia: true });
    const [start] = fake.calls.filter((c) => c.method === 'startCall');
    expect(start.args[1]).to.include({ autoRedial: true, mediaStream: captured });
    const errors = collect<CustomEvent>(el, 'vinteo-error');
    fake.simulateCallLost('dialog-lost');
    fake.emit('call-reconnect:attempt-scheduled', { attempt: 1, delayMs: 800, target: '1000' });
    await el.updateComplete;
    expect(errors.events, 'no error while redialling').to.have.length(0);
    expect(
      captured.getTracks().every((t) => t.readyState === 'live'),
      'own media kept for the redial',
    ).to.equal(true);
    expect(status(el)).to.equal('Calling again… (attempt 1)');
    expect(el.redialling).to.equal(true);
    expect(part(el, 'hangup-button').textContent?.trim(), 'the call button would start a second call').to.equal(
      'Stop calling again',
    );
    fake.emit('call-reconnect:limit-reached', { attempts: 5 });
    await el.updateComplete;
    expect(errors.events.map((e) => e.detail.code)).to.deep.equal(['dialog-lost']);
    expect(status(el)).to.equal('Could not call again. Press “Call” to try again yourself.');
    expect(enabled(el, 'call-button')).to.equal(true);
    expect(
      captured.getTracks().every((t) => t.readyState === 'ended'),
      'own media released',
    ).to.equal(true);
  });

  it('auto-redial: "Stop calling again" cancels the redial and releases the media (en + ru label)', async () => {
    const { el, fake, captured } = await inCall({ autoRedial: true, ownMedia: true, lang: 'ru' });
    fake.simulateCallLost('media-timeout');
    fake.emit('call-reconnect:attempt-scheduled', { attempt: 1, delayMs: 800, target: '1000' });
    await el.updateComplete;
    const errors = collect<CustomEvent>(el, 'vinteo-error');
    const stop = part<HTMLButtonElement>(el, 'hangup-button');
    expect(stop.textContent?.trim()).to.equal('Отменить повторный вызов');
    stop.click();
    await el.updateComplete;
    expect(
      fake.calls.some((c) => c.method === 'hangUp'),
      'the connector is told (it cancels its redial)',
    ).to.equal(true);
    expect(errors.events, 'no "no call to hang up" error').to.have.length(0);
    expect(el.redialling).to.equal(false);
    expect(captured.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    expect(hasPart(el, 'call-button')).to.equal(true);
    expect(status(el)).to.equal('Звонок завершён');
  });

  it('without auto-redial, startCall gets no autoRedial option', async () => {
    const { fake } = await inCall();
    const [start] = fake.calls.filter((c) => c.method === 'startCall');
    expect(start.args[1]).not.to.have.property('autoRedial');
  });

  it('reconnection given up: the call ends saying the connection was lost', async () => {
    const { el, fake } = await inCall();
    fake.simulateConnectionLost();
    fake.simulateGaveUp();
    await el.updateComplete;
    expect(status(el)).to.equal('The call ended: the connection to the server was lost.');
    expect(el.hasAttribute('reconnecting')).to.equal(false);
  });

  it('reconnecting follows the snapshot: cleared when the connector is let go; no listener left after removal', async () => {
    const { el, fake } = await inCall();
    fake.simulateCallReconnecting('transport');
    await el.updateComplete;
    expect(el.reconnecting).to.equal(true);
    el.connector = undefined;
    await el.updateComplete;
    expect(el.hasAttribute('reconnecting')).to.equal(false);
    el.connector = fake;
    await el.updateComplete;
    expect(el.reconnecting, 'read from the snapshot when bound again').to.equal(true);
    el.remove();
    for (let i = 0; i < 3; i++) await Promise.resolve();
    expect(fake.listenerCount()).to.equal(0);
  });

  it('inside <vinteo-connector>: both show the outage once each and stay accessible', async () => {
    const fake = new FakeConnector();
    const wrapper = await fixture<VinteoConnectorElement>(html`<vinteo-connector .connector=${fake} server="h">
      <vinteo-call target="1000"></vinteo-call></vinteo-connector>`);
    const el = wrapper.querySelector('vinteo-call') as VinteoCallElement;
    el.mediaStream = createFakeStream({ audio: false });
    await wrapper.connect();
    await el.call();
    fake.simulateConnectionLost();
    await wrapper.updateComplete;
    await el.updateComplete;
    expect(wrapper.getAttribute('state')).to.equal('reconnecting');
    expect(el.hasAttribute('reconnecting')).to.equal(true);
    expect(status(wrapper)).to.equal('Connection lost. Reconnecting… (attempt 1)');
    expect(status(el)).to.equal('Keeping your call while the connection is restored…');
    await expect(wrapper).to.be.accessible();
    el.remove();
    await Promise.resolve();
  });
});
