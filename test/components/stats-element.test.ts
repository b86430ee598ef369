/** <vinteo-stats> with the FakeConnector (FakeStats: samples, verdicts, watchers) and <vinteo-call quality / show-quality>. */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/define.js';
import type { VinteoCallElement, VinteoStatsElement } from '../../components/index.js';
import type { VinteoQualityChangeEvent } from '../../components/events/quality-change.js';
import { createFakeStream, FakeConnector, fakeVerdict } from '../../src/testing/index.js';
import type { Quality, QualityReason } from '../../src/stats/types.js';
import { waitUntil } from '../support/media.js';
import { collect, countRenders, flushMicrotasks, hasPart, part } from './helpers.js';

const text = (el: Element, name: string) => part(el, name).textContent?.replace(/\s+/g, ' ').trim();
const all = (el: Element, selector: string) => [...(el.shadowRoot?.querySelectorAll<HTMLElement>(selector) ?? [])];
const cells = (row: Element) => [...row.querySelectorAll('th, td')].map((c) => c.textContent?.trim());

async function inCall(fake = new FakeConnector()): Promise<FakeConnector> {
  await fake.connect({
    server: 'wss://vinteo.example.com/ws',
    user: 'anna',
    password: 'hunter2-secret',
    register: true,
  });
  await fake.startCall('1000', { mediaStream: createFakeStream({ width: 160, height: 120 }) });
  return fake;
}

async function mount(fake: FakeConnector, attributes = ''): Promise<VinteoStatsElement> {
  const el = await fixture<VinteoStatsElement>(html`<vinteo-stats .connector=${fake}></vinteo-stats>`);
  for (const name of attributes.split(' ').filter(Boolean)) el.setAttribute(name, '');
  await el.updateComplete;
  return el;
}

async function sample(
  el: VinteoStatsElement,
  fake: FakeConnector,
  ...args: Parameters<FakeConnector['simulateStats']>
): Promise<void> {
  fake.simulateStats(...args);
  await el.updateComplete;
}

describe('<vinteo-stats>', () => {
  it('outside a call says "Statistics appear during a call" and shows no badge or table', async () => {
    const fake = new FakeConnector();
    const el = await mount(fake);
    expect(text(el, 'idle')).to.equal('Statistics appear during a call');
    expect(hasPart(el, 'badge') || hasPart(el, 'table')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('declares itself a stats consumer while it is in the page, and withdraws when removed', async () => {
    const fake = new FakeConnector();
    const el = await mount(fake);
    expect(fake.statsModel.watchers).to.equal(1);
    const box = el.parentElement!;
    box.append(el); // moved: still one consumer
    await flushMicrotasks();
    expect(fake.statsModel.watchers).to.equal(1);
    el.remove();
    await flushMicrotasks();
    expect(fake.statsModel.watchers, 'no consumer left: no polling').to.equal(0);
    expect(fake.listenerCount()).to.equal(0);
  });

  it('withdraws while the page is hidden and comes back when it is visible again', async () => {
    const fake = new FakeConnector();
    await mount(fake);
    const visibility = (value: DocumentVisibilityState) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    try {
      visibility('hidden');
      expect(fake.statsModel.watchers).to.equal(0);
      expect(
        fake.listenerCount('stats:collected') + fake.listenerCount('stats:quality-changed'),
        'a stats listener is a consumer too',
      ).to.equal(0);
      visibility('visible');
      expect(fake.statsModel.watchers).to.equal(1);
      expect(fake.listenerCount('stats:quality-changed')).to.equal(1);
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
  });

  it('in a call, before the first verdict: "Measuring quality…" and "No streams yet"', async () => {
    const fake = await inCall();
    const el = await mount(fake);
    expect(text(el, 'badge')).to.equal('Measuring quality…');
    expect(text(el, 'empty')).to.equal('No streams yet');
  });

  const cases: Array<[Quality, QualityReason[], string]> = [
    ['excellent', [], 'Excellent quality · Sound 4.3 of 5 (MOS)'],
    ['good', ['jitter'], 'Good quality · Unsteady delay (jitter) · Sound 3.9 of 5 (MOS)'],
    ['poor', ['loss', 'rtt'], 'Poor quality · Packet loss, High delay · Sound 2.9 of 5 (MOS)'],
    ['lost', ['no-media'], 'Connection lost · No sound or video · Sound 1.0 of 5 (MOS)'],
  ];
  for (const [quality, reasons, expected] of cases) {
    it(`badge for ${quality}: "${expected}", colour by data-quality`, async () => {
      const fake = await inCall();
      const el = await mount(fake);
      fake.simulateQuality(quality, reasons);
      await el.updateComplete;
      const badge = part(el, 'badge');
      expect(badge.dataset.quality).to.equal(quality);
      const shown = [
        text(el, 'badge-text'),
        hasPart(el, 'badge-reasons') ? text(el, 'badge-reasons') : '',
        text(el, 'badge-mos'),
      ]
        .filter(Boolean)
        .join(' · ');
      expect(shown).to.equal(expected);
      expect(getComputedStyle(part(el, 'badge-dot')).backgroundColor).to.not.equal('rgba(0, 0, 0, 0)');
      await expect(el).to.be.accessible();
    });
  }

  it('says the quality each way, in Russian too', async () => {
    const fake = await inCall();
    const el = await mount(fake);
    fake.simulateQuality({
      ...fakeVerdict('poor', ['loss']),
      outbound: { quality: 'good', reasons: [] },
      inbound: { quality: 'poor', reasons: ['loss'] },
    });
    await el.updateComplete;
    expect(text(el, 'directions')).to.equal('Sending: good · Receiving: poor');
    el.lang = 'ru';
    await waitUntil(() => text(el, 'badge-text') === 'Плохое качество', 'the Russian badge');
    expect(text(el, 'directions')).to.equal('Отправка: хорошо · Приём: плохо');
    expect(text(el, 'badge-reasons')).to.equal('Потери пакетов');
  });

  it('shows each stream in a table with column and row headers', async () => {
    const fake = await inCall();
    const el = await mount(fake);
    await sample(el, fake, {
      inbound: { video: { lossPercent: 2.5, bitrateBps: 850_000, framesPerSecond: 24, width: 640, height: 360 } },
    });
    const table = part<HTMLTableElement>(el, 'table');
    expect(table.caption?.textContent?.trim()).to.equal('Streams');
    expect([...table.tHead!.rows[0].cells].map((c) => c.textContent?.trim())).to.deep.equal([
      'Stream',
      'Bitrate',
      'Frames/s',
      'Resolution',
      'Loss',
      'Round trip',
      'Jitter',
      'Codec',
    ]);
    expect([...table.tHead!.rows[0].cells].every((c) => c.getAttribute('scope') === 'col')).to.equal(true);
    const rows = all(el, '[part="row"]');
    expect(rows.map((r) => r.dataset.stream)).to.deep.equal([
      'audio-outbound',
      'audio-inbound',
      'video-outbound',
      'video-inbound',
    ]);
    expect(cells(rows[0])).to.deep.equal(['Audio sent', '32 kbit/s', '—', '—', '0%', '38 ms', '4 ms', 'opus']);
    expect(cells(rows[3])).to.deep.equal([
      'Video received',
      '850 kbit/s',
      '24',
      '640×360',
      '2.5%',
      '38 ms',
      '6 ms',
      'VP8',
    ]);
    expect(rows[3].querySelector('th')?.getAttribute('scope')).to.equal('row');
    expect(text(el, 'path')).to.equal('Connection: direct, UDP, round trip 38 ms, up to 2.5 Mbit/s to send');
    await expect(el).to.be.accessible();
  });

  it('adds a presentation row when content is shared, and drops video in an audio-only call', async () => {
    const fake = await inCall();
    const el = await mount(fake);
    await sample(el, fake, { outbound: { content: {}, video: null }, inbound: { video: null } });
    expect(all(el, '[part="row"]').map((r) => r.dataset.stream)).to.deep.equal([
      'audio-outbound',
      'audio-inbound',
      'content-outbound',
    ]);
    expect(cells(all(el, '[part="row"]')[2])[0]).to.equal('Presentation sent');
  });

  it('charts bitrate and loss over the history, with a summary in words', async () => {
    const fake = await inCall();
    const el = await mount(fake);
    await sample(el, fake);
    expect(hasPart(el, 'charts'), 'one sample is not a line').to.equal(false);
    await sample(el, fake, { outbound: { video: { bitrateBps: 900_000 } } });
    await sample(el, fake, { inbound: { video: { lossPercent: 12 } } });
    const lines = all(el, '[part~="bitrate-chart"] polyline');
    expect(lines).to.have.length(2);
    expect(lines[0].getAttribute('points')!.split(' ')).to.have.length(3);
    const svg = el.shadowRoot!.querySelector('[part~="loss-chart"] svg')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.getAttribute('aria-label')).to.equal(
      'Packet loss over the last 2 s: sent 0%, received 12% now; peak 12%',
    );
    expect(text(el, 'legend')).to.equal('Sent Received');
    await sample(el, fake);
    expect(all(el, '[part~="bitrate-chart"] polyline')[0].getAttribute('points')!.split(' ')).to.have.length(4);
    await expect(el).to.be.accessible();
  });

  it('compact: the badge only, a toggle that expands and collapses by click and by keyboard', async () => {
    const fake = await inCall();
    const el = await mount(fake, 'compact');
    fake.simulateQuality('good');
    await sample(el, fake);
    const toggle = part<HTMLButtonElement>(el, 'toggle');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(hasPart(el, 'details') || hasPart(el, 'directions')).to.equal(false);
    expect(toggle.textContent?.replace(/\s+/g, ' ').trim()).to.equal('Good quality Sound 3.9 of 5 (MOS) Details');
    await expect(el).to.be.accessible();
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(el.expanded).to.equal(true);
    expect(part(el, 'details').id).to.equal(toggle.getAttribute('aria-controls'));
    expect(hasPart(el, 'table')).to.equal(true);
    await expect(el).to.be.accessible();
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(hasPart(el, 'details')).to.equal(false);
    await sendKeys({ press: 'Space' });
    await waitUntil(() => hasPart(el, 'details'), 'details after Space');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
  });

  it('compact and folded: a sample that does not change the badge renders nothing; unfolded, every sample does', async () => {
    const fake = await inCall();
    const el = await mount(fake, 'compact');
    fake.simulateQuality('good');
    await sample(el, fake);
    const renders = countRenders(el);
    for (let i = 0; i < 3; i++) await sample(el, fake);
    expect(renders.count, 'folded: the badge says the same').to.equal(0);
    fake.simulateQuality('poor', ['loss']);
    await el.updateComplete;
    expect(renders.count, 'a new verdict').to.equal(1);
    expect(text(el, 'toggle')).to.contain('Poor');
    el.expanded = true;
    await el.updateComplete;
    renders.reset();
    for (let i = 0; i < 3; i++) await sample(el, fake);
    expect(renders.count, 'unfolded: the figures change with each sample').to.equal(3);
  });

  it('fires vinteo-quality-change once per change of quality or reasons', async () => {
    const fake = await inCall();
    const el = await mount(fake);
    const seen = collect<VinteoQualityChangeEvent>(el, 'vinteo-quality-change');
    fake.simulateQuality('good');
    fake.simulateQuality('good');
    fake.simulateQuality('poor', ['loss']);
    fake.simulateQuality('poor', ['loss']);
    fake.simulateQuality('poor', ['loss', 'rtt']);
    // Missed while the page was hidden (nothing listened): told once it is visible again.
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    fake.simulateQuality('excellent');
    delete (document as { visibilityState?: unknown }).visibilityState;
    document.dispatchEvent(new Event('visibilitychange'));
    seen.stop();
    expect(seen.events.map((e) => e.detail)).to.deep.equal([
      { quality: 'good', reasons: [] },
      { quality: 'poor', reasons: ['loss'] },
      { quality: 'poor', reasons: ['loss', 'rtt'] },
      { quality: 'excellent', reasons: [] },
    ]);
    expect(seen.events.every((e) => e.bubbles && e.composed)).to.equal(true);
  });

  describe('Copy diagnostics', () => {
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!;
    let copied: string[] = [];
    const clipboard = (writeText: (text: string) => Promise<void>) =>
      Object.defineProperty(navigator, 'clipboard', { configurable: true, get: () => ({ writeText }) });
    afterEach(() => {
      delete (navigator as { clipboard?: unknown }).clipboard;
      Object.defineProperty(Navigator.prototype, 'clipboard', original);
      copied = [];
    });

    it('copies the last samples as JSON with the states and the user agent, and no secret', async () => {
      clipboard(async (value) => {
        copied.push(value);
      });
      const fake = await inCall();
      fake.simulateEnterRoom('1000', { participantName: 'Anna', bearerToken: 'eyJ.bearer-token-secret' });
      const el = await mount(fake);
      for (let i = 0; i < 12; i++) fake.simulateStats();
      fake.simulateQuality('poor', ['loss']);
      await el.updateComplete;
      part<HTMLButtonElement>(el, 'copy-button').click();
      await waitUntil(() => copied.length, 'the copy');
      const json = copied[0];
      const data = JSON.parse(json) as Record<string, unknown> & { samples: Array<Record<string, unknown>> };
      expect(data.connection).to.equal('registered');
      expect(data.call).to.equal('active');
      expect(data.userAgent).to.equal(navigator.userAgent);
      expect(data.quality).to.include({ quality: 'poor' });
      expect(data.samples).to.have.length(10);
      expect(data.samples[0]).to.have.keys('at', 'intervalMs', 'source', 'streams', 'candidatePair');
      for (const secret of ['hunter2-secret', 'bearer-token-secret', 'eyJ', 'password', 'token', 'vinteo.example.com'])
        expect(json).to.not.include(secret);
      await waitUntil(() => text(el, 'copy-status') === 'Copied', '"Copied"');
      expect(part(el, 'copy-status').getAttribute('role')).to.equal('status');
      await expect(el).to.be.accessible();
    });

    it('when the browser refuses, says so and shows the text selected for copying by hand', async () => {
      clipboard(async () => {
        throw new DOMException('Write permission denied', 'NotAllowedError');
      });
      const fake = await inCall();
      const el = await mount(fake);
      await sample(el, fake);
      expect(await el.copyDiagnostics()).to.equal(false);
      await el.updateComplete;
      expect(text(el, 'copy-status')).to.equal(
        'The browser did not allow copying. Select the text below and copy it (Ctrl+C).',
      );
      const area = part<HTMLTextAreaElement>(el, 'diagnostics');
      expect(JSON.parse(area.value).call).to.equal('active');
      expect(area.readOnly).to.equal(true);
      expect(el.shadowRoot!.querySelector(`label[for="${area.id}"]`)?.textContent).to.equal('Diagnostics (JSON)');
      await expect(el).to.be.accessible();
    });
  });

  it('goes back to its idle line when the call ends (stats:stopped)', async () => {
    const fake = await inCall();
    const el = await mount(fake);
    fake.simulateQuality('good');
    await sample(el, fake);
    await fake.hangUp();
    await el.updateComplete;
    expect(text(el, 'idle')).to.equal('Statistics appear during a call');
    expect(fake.stats).to.equal(undefined);
  });

  it('works inside <vinteo-connector> through the context', async () => {
    const fake = await inCall();
    const root = await fixture(
      html`<vinteo-connector .connector=${fake}><vinteo-stats></vinteo-stats></vinteo-connector>`,
    );
    const el = root.querySelector('vinteo-stats')!;
    await el.updateComplete;
    expect(fake.statsModel.watchers).to.equal(1);
    fake.simulateQuality('excellent');
    await el.updateComplete;
    expect(text(el, 'badge-text')).to.equal('Excellent quality');
  });
});

describe('<vinteo-call> quality', () => {
  async function mountCall(fake: FakeConnector, attributes = ''): Promise<VinteoCallElement> {
    const el = await fixture<VinteoCallElement>(
      html`<vinteo-call .connector=${fake} .mediaStream=${createFakeStream({ width: 160, height: 120 })}></vinteo-call>`,
    );
    for (const name of attributes.split(' ').filter(Boolean)) el.setAttribute(name, '');
    await el.updateComplete;
    return el;
  }

  it('reflects quality="…" during a call and removes it when the call ends', async () => {
    const fake = new FakeConnector();
    await fake.connect({ server: 'wss://vinteo.example.com/ws' });
    const el = await mountCall(fake);
    expect(el.hasAttribute('quality')).to.equal(false);
    await el.call('1000');
    expect(fake.statsModel.lastWatchOptions, 'a sample every 2 s is enough for a verdict').to.deep.equal({
      intervalMs: 2000,
    });
    fake.simulateQuality('poor', ['loss']);
    await el.updateComplete;
    expect(el.getAttribute('quality')).to.equal('poor');
    expect(hasPart(el, 'quality-badge'), 'no badge without show-quality').to.equal(false);
    fake.simulateQuality('excellent');
    await el.updateComplete;
    expect(el.getAttribute('quality')).to.equal('excellent');
    await el.hangUp();
    await el.updateComplete;
    expect(el.hasAttribute('quality')).to.equal(false);
  });

  it('show-quality: a badge in the stage corner with the quality in words', async () => {
    const fake = new FakeConnector();
    await fake.connect({ server: 'wss://vinteo.example.com/ws' });
    const el = await mountCall(fake, 'show-quality');
    expect(hasPart(el, 'quality-badge'), 'no badge outside a call').to.equal(false);
    await el.call('1000');
    await el.updateComplete;
    expect(fake.statsModel.watchers).to.be.greaterThan(0);
    fake.simulateQuality('poor', ['rtt']);
    await el.updateComplete;
    const badge = part(el, 'quality-badge');
    expect(badge.closest('[part="stage"]')).to.not.equal(null);
    expect(badge.dataset.quality).to.equal('poor');
    expect(text(el, 'quality-badge-text')).to.equal('Poor quality');
    expect(badge.title).to.equal('High delay');
    await expect(el).to.be.accessible();
    el.remove();
    await flushMicrotasks();
    expect(fake.statsModel.watchers).to.equal(0);
  });
});
