/** <vinteo-connector> through a lost connection, with the FakeConnector playing the network. */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoConnectorElement } from '../../components/index.js';
import { AuthenticationError, NetworkError } from '../../src/errors.js';
import { FakeConnector } from '../../src/testing/index.js';
import { collect, hasPart, part } from './helpers.js';

async function mount(lang = 'en', extra: { register?: boolean } = {}) {
  const fake = new FakeConnector();
  const el = await fixture<VinteoConnectorElement>(
    html`<vinteo-connector lang=${lang} .connector=${fake} server="h" user="alice" ?register=${extra.register}></vinteo-connector>`,
  );
  expect(await el.connect()).to.equal(true);
  await el.updateComplete;
  return { el, fake };
}

const status = (el: Element) => part(el, 'status').textContent?.trim();

describe('<vinteo-connector> reconnection', () => {
  it('reflects state="reconnecting", says which attempt, and is back to registered afterwards', async () => {
    const { el, fake } = await mount('en', { register: true });
    const states = collect<CustomEvent>(el, 'vinteo-connection-state-change');
    const scheduled = collect<CustomEvent>(el, 'vinteo-reconnecting');
    const back = collect<CustomEvent>(el, 'vinteo-reconnected');
    const errors = collect<CustomEvent>(el, 'vinteo-error');
    fake.simulateConnectionLost();
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('reconnecting');
    expect(status(el)).to.equal('Connection lost. Reconnecting… (attempt 1)');
    expect(part(el, 'status').hasAttribute('data-error'), 'not shown as an error').to.equal(false);
    expect(el.hasAttribute('has-error')).to.equal(false);
    await expect(el).to.be.accessible();
    fake.simulateReconnectAttemptFailed(new NetworkError('refused'), 500);
    await el.updateComplete;
    expect(status(el)).to.equal('Connection lost. Reconnecting… (attempt 2)');
    fake.simulateReconnected();
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('registered');
    expect(status(el)).to.equal('Connection restored');
    expect(states.events.map((e) => [e.detail.previous, e.detail.state])).to.deep.equal([
      ['registered', 'reconnecting'],
      ['reconnecting', 'registered'],
    ]);
    expect(scheduled.events.map((e) => e.detail)).to.deep.equal([
      { attempt: 1, delayMs: 0, reason: 'transport-closed' },
      { attempt: 2, delayMs: 500, reason: 'transport-closed' },
    ]);
    expect(back.events).to.have.length(1);
    expect(back.events[0].detail.attempts).to.equal(2);
    expect(back.events[0].detail.downtimeMs).to.be.a('number');
    expect([...scheduled.events, ...back.events, ...states.events].every((e) => e.bubbles && e.composed)).to.equal(
      true,
    );
    expect(errors.events, 'a loss that heals is no error').to.have.length(0);
    await el.disconnect();
    await el.updateComplete;
    expect(status(el)).to.equal('Disconnected');
  });

  it('Russian: the attempt, then the restored connection', async () => {
    const { el, fake } = await mount('ru');
    fake.simulateConnectionLost('keepalive-failed');
    await el.updateComplete;
    expect(status(el)).to.equal('Соединение потеряно. Переподключение… (попытка 1)');
    fake.simulateReconnected();
    await el.updateComplete;
    expect(status(el)).to.equal('Соединение восстановлено');
  });

  it('gave up: one vinteo-error with a next step, and a "Connect again" button that connects', async () => {
    const { el, fake } = await mount();
    fake.simulateConnectionLost();
    fake.simulateReconnectAttemptFailed();
    const errors = collect<CustomEvent>(el, 'vinteo-error');
    fake.simulateGaveUp(new NetworkError('Could not reach the server'));
    await el.updateComplete;
    errors.stop();
    expect(errors.events.map((e) => e.detail.code)).to.deep.equal(['network']);
    expect(errors.events[0].detail.message).to.equal(
      'Could not reconnect to the server. Check your network, then press “Connect again”.',
    );
    expect(el.getAttribute('state')).to.equal('disconnected');
    expect(el.hasAttribute('has-error')).to.equal(true);
    expect(status(el)).to.contain('Could not reconnect').and.contain('Connect again');
    const again = part<HTMLButtonElement>(el, 'reconnect-button');
    expect(again.textContent?.trim()).to.equal('Connect again');
    await expect(el).to.be.accessible();
    const connected = fake.wait('connection:connected', 2000);
    again.click();
    await connected;
    await el.updateComplete;
    expect(fake.calls.filter((c) => c.method === 'connect')).to.have.length(2);
    expect(el.hasAttribute('has-error')).to.equal(false);
    expect(hasPart(el, 'reconnect-button')).to.equal(false);
    expect(status(el)).to.equal('Connected');
  });

  it('gave up because the credentials were refused: says so, and what to do (en + ru)', async () => {
    for (const [lang, text] of [
      ['en', 'Could not reconnect: the server refused the user or password. Check them, then press “Connect again”.'],
      [
        'ru',
        'Не удалось переподключиться: сервер не принял пользователя или пароль. Проверьте их и нажмите «Подключиться снова».',
      ],
    ] as const) {
      const { el, fake } = await mount(lang, { register: true });
      const errors = collect<CustomEvent>(el, 'vinteo-error');
      fake.simulateConnectionLost('register-failed');
      fake.simulateGaveUp(new AuthenticationError('Registration refused (403)'));
      await el.updateComplete;
      expect(errors.events.map((e) => [e.detail.code, e.detail.message])).to.deep.equal([
        ['authentication-failed', text],
      ]);
      expect(hasPart(el, 'reconnect-button')).to.equal(true);
    }
  });

  it('gave up in Russian', async () => {
    const { el, fake } = await mount('ru');
    fake.simulateConnectionLost();
    fake.simulateGaveUp();
    await el.updateComplete;
    expect(status(el)).to.contain(
      'Не удалось переподключиться к серверу. Проверьте сеть и нажмите «Подключиться снова».',
    );
    expect(part(el, 'reconnect-button').textContent?.trim()).to.equal('Подключиться снова');
  });

  it('errors while reconnecting are not shown; a plain drop (no-reconnect) still is, with the button', async () => {
    const fake = new FakeConnector();
    const el = await fixture<VinteoConnectorElement>(
      html`<vinteo-connector .connector=${fake} server="h" no-reconnect></vinteo-connector>`,
    );
    await el.connect();
    expect(fake.lastConfig?.reconnect).to.equal(false);
    const errors = collect<CustomEvent>(el, 'vinteo-error');
    fake.simulateConnectionLost();
    await el.updateComplete;
    expect(errors.events.map((e) => e.detail.code)).to.deep.equal(['network']);
    expect(status(el)).to.contain('The connection to the server was lost. Check your network');
    expect(hasPart(el, 'reconnect-button')).to.equal(true);

    const other = new FakeConnector();
    el.removeAttribute('no-reconnect');
    el.connector = other;
    await el.connect();
    other.simulateConnectionLost();
    other.emit('error', { error: new NetworkError('attempt refused') });
    await el.updateComplete;
    expect(errors.events).to.have.length(1);
    expect(status(el)).to.equal('Connection lost. Reconnecting… (attempt 1)');
  });

  it('passes reconnection settings: keep-alive attributes and the reconnectPolicy property', async () => {
    const fake = new FakeConnector();
    const policy = { nextRetryDelayMs: () => 1000 };
    const el = await fixture<VinteoConnectorElement>(html`<vinteo-connector .connector=${fake} server="h"
      keep-alive-interval="5000" keep-alive-timeout="3000" .reconnectPolicy=${policy}></vinteo-connector>`);
    await el.connect();
    expect(fake.lastConfig).to.include({
      keepAliveIntervalMs: 5000,
      keepAliveTimeoutMs: 3000,
      reconnectPolicy: policy,
    });
    expect(fake.lastConfig).not.to.have.property('reconnect');
    el.setAttribute('keep-alive-interval', '0');
    await el.updateComplete;
    await el.connect();
    expect(fake.lastConfig?.keepAliveIntervalMs).to.equal(0);
  });

  it('invalid keep-alive attributes give invalid-attribute and are left to the connector default', async () => {
    const fake = new FakeConnector();
    const { events, stop } = collect<CustomEvent>(document, 'vinteo-error');
    const el = await fixture<VinteoConnectorElement>(html`<vinteo-connector .connector=${fake} server="h"
      keep-alive-interval="-5" keep-alive-timeout="soon"></vinteo-connector>`);
    stop();
    expect(events.map((e) => e.detail.code)).to.deep.equal(['invalid-attribute', 'invalid-attribute']);
    expect(events[0].detail.message).to.equal('Invalid keep-alive-interval="-5", using "15000"');
    expect(events[1].detail.message).to.equal('Invalid keep-alive-timeout="soon", using "10000"');
    expect(el.hasAttribute('has-error')).to.equal(true);
    await el.connect();
    expect(fake.lastConfig).not.to.have.property('keepAliveIntervalMs');
    expect(fake.lastConfig).not.to.have.property('keepAliveTimeoutMs');
    const zero = collect<CustomEvent>(el, 'vinteo-error');
    el.setAttribute('keep-alive-timeout', '0');
    await el.updateComplete;
    expect(zero.events.map((e) => e.detail.code)).to.deep.equal(['invalid-attribute']);
  });
});
