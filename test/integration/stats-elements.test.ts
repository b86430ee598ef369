/** <vinteo-stats> and <vinteo-call show-quality> with the real connector against the local Vinteo server. */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement, VinteoStatsElement } from '../../components/index.js';
import { waitUntil } from '../support/media.js';
import { vinteoServer } from '../support/server.js';

const cellsOf = (row: Element) => [...row.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '');

describe('<vinteo-stats> against the local Vinteo server', function () {
  this.timeout(40_000);

  beforeEach(() => vinteoServer.reset());
  afterEach(async () => {
    document.querySelectorAll('vinteo-connector').forEach((el) => el.remove());
    await vinteoServer.reset();
  });

  it('a real call: rows with non-zero bitrate both ways, charts, a verdict in the badge and on <vinteo-call show-quality>', async () => {
    const server = await vinteoServer.info();
    const host = await fixture<VinteoConnectorElement>(html`
      <vinteo-connector server=${server.wsUrl} domain=${server.domain} display-name="Stats Test" auto-connect>
        <vinteo-call target="1000" show-quality></vinteo-call>
        <vinteo-stats></vinteo-stats>
      </vinteo-connector>`);
    await waitUntil(() => host.state === 'connected', 'the connector to connect');
    const call = host.querySelector('vinteo-call') as VinteoCallElement;
    const stats = host.querySelector('vinteo-stats') as VinteoStatsElement;
    const connector = stats.connector!;
    expect(typeof connector.watchStats).to.equal('function');
    const collected = connector.wait('stats:collected', 15_000);
    await call.call();
    await waitUntil(() => call.state === 'active', 'an active call', 15_000);
    await collected;
    const rows = await waitUntil(
      () => {
        const found = [...(stats.shadowRoot?.querySelectorAll('[part="row"]') ?? [])] as HTMLElement[];
        const video = found.filter(
          (r) => r.dataset.stream === 'video-outbound' || r.dataset.stream === 'video-inbound',
        );
        return video.length === 2 && video.every((r) => /^[1-9]/.test(cellsOf(r)[1])) ? found : undefined;
      },
      'video rows with a non-zero bitrate both ways',
      20_000,
    );
    const inbound = cellsOf(rows.find((r) => r.dataset.stream === 'video-inbound')!);
    expect(inbound[1]).to.match(/(kbit|Mbit)\/s$/);
    expect(inbound[7]).to.match(/VP8|VP9|H264|AV1/i);
    await waitUntil(() => stats.shadowRoot?.querySelector('[part~="bitrate-chart"] polyline'), 'the charts', 10_000);
    await waitUntil(() => call.hasAttribute('quality'), 'quality="…" on <vinteo-call>', 15_000);
    expect(['excellent', 'good', 'poor', 'lost']).to.include(call.getAttribute('quality'));
    expect(stats.shadowRoot?.querySelector('[part="badge"]')?.getAttribute('data-quality')).to.equal(
      call.getAttribute('quality'),
    );
    expect(call.shadowRoot?.querySelector('[part="quality-badge"]')).to.not.equal(null);
    await expect(stats).to.be.accessible();
  });
});
