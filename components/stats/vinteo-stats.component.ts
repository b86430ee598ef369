import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { QualityVerdict } from '../../src/stats/types.js';
import type { CallState, SessionSnapshot, VinteoConnectorApi } from '../../src/types.js';
import { ConnectedElement } from '../base/connected-element.js';
import type { ConnectorHandlers } from '../controllers/connector-controller.js';
import { StatsWatch } from '../controllers/stats-watch.js';
import { VinteoQualityChangeEvent } from '../events/quality-change.js';
import { copyText, diagnosticsText } from './diagnostics.js';
import { formatterOf, renderBadge } from './stats-badge.js';
import type { Formatter } from './stats-format.js';
import { renderCharts, renderCopy, renderPath, renderTable, type CopyState } from './stats-render.js';
import { statsStyles } from './vinteo-stats.styles.js';

/** How long "Copied" stays. */
const COPIED_MS = 4000;

function sameVerdict(a: QualityVerdict | undefined, b: QualityVerdict): boolean {
  return (
    !!a &&
    a.quality === b.quality &&
    a.reasons.length === b.reasons.length &&
    a.reasons.every((r, i) => r === b.reasons[i])
  );
}

/**
 * Live statistics of the call: a quality badge (text and colour, the reasons in words, the sound's MOS), the sent and
 * received streams in a table (bitrate, frames per second, resolution, loss, round trip, jitter, codec), small charts
 * of bitrate and loss over the last samples, and "Copy diagnostics" (JSON of the last samples for a support request:
 * plain figures, states and the user agent; never raw reports, passwords, tokens or addresses). It asks the
 * connector for stats (`watchStats()`) only while it is in the page and the page is visible: removed, it costs nothing.
 * Works inside `<vinteo-connector>` or with its `connector` property set.
 *
 * @tagname vinteo-stats
 * @summary Call quality and live statistics, with diagnostics to copy.
 * @event {VinteoQualityChangeEvent} vinteo-quality-change - `{quality, reasons}` once per change of the call's quality or its reasons.
 * @csspart base - The whole element (a labelled region).
 * @csspart idle - "Statistics appear during a call", shown instead of everything else outside a call.
 * @csspart summary - The badge and the per-direction line.
 * @csspart toggle - In `compact` mode, the button around the badge that shows or hides the details (`aria-expanded`).
 * @csspart toggle-label - The "Details" text of the toggle.
 * @csspart badge - The quality badge (`data-quality` = `excellent`, `good`, `poor`, `lost` or `measuring`); inside: `badge-label` (the coloured pill with `badge-dot` and `badge-text`), `badge-reasons`, `badge-mos`.
 * @csspart badge-label - The coloured pill of the badge (its dot and text).
 * @csspart badge-dot - The coloured dot of the badge.
 * @csspart badge-text - The quality in words.
 * @csspart badge-reasons - Why the quality is not excellent (loss, jitter …).
 * @csspart badge-mos - The estimated MOS.
 * @csspart directions - "Sending: good · Receiving: poor" (only when the two differ).
 * @csspart details - Everything below the badge (hidden in `compact` mode until expanded).
 * @csspart table - The stream table; `caption`, `row` (`data-stream` = `audio-outbound` …), `row-name`, `cell`.
 * @csspart caption - The caption of the stream table.
 * @csspart row - One stream of the table (`data-stream` = `audio-outbound` …).
 * @csspart row-name - The stream name heading a row.
 * @csspart cell - One value of the table (`data-label` = its column).
 * @csspart empty - "No streams yet", instead of the table before the first sample.
 * @csspart charts - The charts and their legend; each `chart` (also `bitrate-chart`, `loss-chart`) with `chart-title`, `chart-peak`, `chart-svg`, `chart-axis`, `chart-line` (`sent-line`, `received-line`).
 * @csspart chart - One chart (a `<figure>`).
 * @csspart bitrate-chart - The bitrate chart.
 * @csspart loss-chart - The packet-loss chart.
 * @csspart chart-title - The title of a chart, with its peak.
 * @csspart chart-peak - The peak value in a chart's title.
 * @csspart chart-svg - The drawing of a chart.
 * @csspart chart-axis - The base line of a chart.
 * @csspart chart-line - Each line of a chart.
 * @csspart sent-line - The line of what we send.
 * @csspart received-line - The line of what we receive.
 * @csspart legend - The legend of the charts: `legend-item`, `swatch` (`sent-swatch`, `received-swatch`).
 * @csspart legend-item - One entry of the legend.
 * @csspart sent-legend - The legend entry of what we send.
 * @csspart received-legend - The legend entry of what we receive.
 * @csspart swatch - The colour sample of a legend entry.
 * @csspart sent-swatch - The colour sample of what we send.
 * @csspart received-swatch - The colour sample of what we receive.
 * @csspart path - The connection line (direct / through NAT / relayed, round trip, bandwidth to send).
 * @csspart actions - The row with the copy button and its confirmation.
 * @csspart button - Every button; also `copy-button`.
 * @csspart copy-button - Copies the diagnostics.
 * @csspart copy-status - The polite live region saying "Copied" (or that the browser refused).
 * @csspart error - The error line.
 * @csspart diagnostics - The text area with the diagnostics to copy by hand when the browser refuses; `diagnostics-label`.
 * @csspart diagnostics-label - The label of the diagnostics text area.
 * @cssproperty --vinteo-font - Font family.
 * @cssproperty --vinteo-color - Text colour.
 * @cssproperty --vinteo-accent - Button colour.
 * @cssproperty --vinteo-radius - Corner radius.
 * @cssproperty --vinteo-border - Border colour of the table and the charts.
 * @cssproperty --vinteo-muted - Colour of secondary text (the idle line, the chart peaks).
 * @cssproperty --vinteo-quality-excellent - Badge colour of excellent quality.
 * @cssproperty --vinteo-quality-good - Badge colour of good quality.
 * @cssproperty --vinteo-quality-poor - Badge colour of poor quality.
 * @cssproperty --vinteo-quality-lost - Badge colour of a lost connection.
 * @cssproperty --vinteo-quality-measuring - Badge colour before the first verdict.
 * @cssproperty --vinteo-chart-sent - Line colour of what we send.
 * @cssproperty --vinteo-chart-received - Line colour of what we receive.
 * @cssproperty --vinteo-danger - Colour of the error line.
 * @cssproperty --vinteo-focus - Focus ring colour.
 */
export class VinteoStatsElement extends ConnectedElement {
  static override styles = statsStyles;

  #watch = new StatsWatch(this, () => this.connector, {
    handlers: {
      'stats:quality-changed': ({ quality }) => this.#announce(quality),
      // Folded (compact) only the badge shows: a sample is rendered only when it changes what the badge says.
      'stats:collected': () => !this.compact || this.expanded || this.#badgeChanged(),
      'stats:stopped': () => undefined,
    },
    onResume: (connector) => connector.quality && this.#announce(connector.quality),
  });
  /** The verdict last announced with `vinteo-quality-change`. */
  #announced?: QualityVerdict;
  /** What the folded badge last said (quality, reasons, MOS as shown). */
  #badge?: string;
  #copiedTimer?: ReturnType<typeof setTimeout>;
  #diagnostics = '';

  @state() private callState: CallState = 'idle';
  @state() private copyState: CopyState = 'idle';

  /** Show the badge only; clicking it (or Enter / Space on it) shows the details. */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** In `compact` mode: the details are shown (the badge toggles it). */
  @property({ type: Boolean, reflect: true }) expanded = false;

  /** The stats events are the StatsWatch's (listened to only while stats are consumed). */
  protected override connectorEvents(): ConnectorHandlers {
    return {};
  }

  protected override selectSnapshot(snapshot: SessionSnapshot): CallState {
    return snapshot.call;
  }
  protected override onSnapshotView(call: unknown): void {
    this.callState = (call as CallState | undefined) ?? 'idle';
    if (this.callState === 'idle') this.#announced = undefined;
  }

  protected override onConnectorChange(connector: VinteoConnectorApi | undefined): void {
    this.#announced = connector?.quality;
    this.#watch.sync();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#copiedTimer);
    this.copyState = 'idle';
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('copyState' as keyof VinteoStatsElement) && this.copyState === 'blocked')
      this.renderRoot.querySelector('textarea')?.select();
  }

  #announce(verdict: QualityVerdict): void {
    if (sameVerdict(this.#announced, verdict)) return;
    this.#announced = verdict;
    this.dispatchEvent(new VinteoQualityChangeEvent({ quality: verdict.quality, reasons: [...verdict.reasons] }));
  }

  #badgeChanged(): boolean {
    const verdict = this.connector?.quality;
    const badge = verdict && `${verdict.quality} ${verdict.reasons.join()} ${verdict.mos?.toFixed(1) ?? ''}`;
    if (badge === this.#badge) return false;
    this.#badge = badge;
    return true;
  }

  #toggle(): void {
    this.expanded = !this.expanded;
  }

  /** Copies the diagnostics (see the class comment for what they hold); shows "Copied", or the text to copy by hand. */
  async copyDiagnostics(): Promise<boolean> {
    const connector = this.connector;
    if (!connector) return false;
    this.#diagnostics = diagnosticsText(connector);
    const ok = await copyText(this.#diagnostics);
    clearTimeout(this.#copiedTimer);
    this.copyState = ok ? 'copied' : 'blocked';
    if (ok)
      this.#copiedTimer = setTimeout(() => {
        this.copyState = 'idle';
      }, COPIED_MS);
    return ok;
  }

  #live(connector: VinteoConnectorApi | undefined): connector is VinteoConnectorApi {
    return !!connector && (this.callState === 'active' || this.callState === 'ending' || !!connector.stats);
  }

  #renderSummary(f: Formatter, verdict: QualityVerdict | undefined) {
    const badge = renderBadge(f, verdict);
    const level = (q: string) => f.t(`stats.level.${q}` as 'stats.level.good');
    // Each way only when they differ (else the badge says it all).
    const directions =
      verdict && !this.compact && verdict.outbound.quality !== verdict.inbound.quality
        ? html`<p part="directions">${f.t('stats.directions', { outbound: level(verdict.outbound.quality), inbound: level(verdict.inbound.quality) })}</p>`
        : nothing;
    if (!this.compact) return html`<div part="summary">${badge}${directions}</div>`;
    return html`<div part="summary"><button part="toggle" type="button" aria-expanded=${String(this.expanded)} aria-controls="details" @click=${() => this.#toggle()}>
      ${badge}<span part="toggle-label">${f.t('stats.details')}</span></button></div>`;
  }

  #renderDetails(f: Formatter, connector: VinteoConnectorApi) {
    const history = connector.statsHistory;
    return html`<div part="details" id="details">
      ${renderTable(f, connector.stats)}
      ${renderCharts(f, history)}
      ${renderPath(f, connector.stats)}
      ${renderCopy(f, this.copyState, this.#diagnostics, () => void this.copyDiagnostics())}
    </div>`;
  }

  override render() {
    const f = formatterOf(this);
    const connector = this.connector;
    const live = this.#live(connector);
    const open = !this.compact || this.expanded;
    return html`<section part="base" aria-label=${f.t('stats')}>
      ${live ? this.#renderSummary(f, connector.quality) : html`<p part="idle">${f.t('stats.idle')}</p>`}
      ${live && open ? this.#renderDetails(f, connector) : nothing}
      ${this.renderError()}
    </section>`;
  }
}
