/** The templates of `<vinteo-stats>`: the stream table, the charts, the connection line and "Copy diagnostics". */
import { html, nothing, type TemplateResult } from 'lit';
import type { StatsSnapshot } from '../../src/stats/types.js';
import { chartViews, renderChart, renderLegend } from './stats-chart.js';
import { COLUMNS, pathText, streamRows, type Formatter } from './stats-format.js';

/** A real table: column headers for the figures, a row header per stream (each cell also names its column for the narrow layout). */
export function renderTable(f: Formatter, snapshot: StatsSnapshot | undefined): TemplateResult {
  const rows = snapshot ? streamRows(f, snapshot) : [];
  if (!rows.length) return html`<p part="empty">${f.t('stats.noStreams')}</p>`;
  const headers = COLUMNS.map((key) => f.t(key));
  return html`<table part="table">
    <caption part="caption">${f.t('stats.streams')}</caption>
    <thead><tr><th scope="col">${f.t('stats.col.stream')}</th>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
    <tbody>${rows.map(
      (row) => html`<tr part="row" data-stream=${row.key}>
      <th scope="row" part="row-name">${row.name}</th>
      ${row.cells.map((cell, i) => html`<td part="cell" data-label=${headers[i]} ?data-na=${!row.applies[i]}>${cell}</td>`)}
    </tr>`,
    )}</tbody>
  </table>`;
}

/** Bitrate and loss over the history (nothing before the second sample: one point is not a line). */
export function renderCharts(f: Formatter, history: readonly StatsSnapshot[]): TemplateResult | typeof nothing {
  if (history.length < 2) return nothing;
  return html`<div part="charts">
    ${chartViews(f, history).map((view) => renderChart(f, view, history))}
    ${renderLegend(f)}
  </div>`;
}

export function renderPath(f: Formatter, snapshot: StatsSnapshot | undefined): TemplateResult | typeof nothing {
  const path = pathText(f, snapshot?.candidatePair);
  return path ? html`<p part="path">${f.t('stats.path', { path })}</p>` : nothing;
}

export type CopyState = 'idle' | 'copied' | 'blocked';

/** The button, its confirmation (a polite live region, always present) and, when the browser refused, the text to copy by hand. */
export function renderCopy(f: Formatter, state: CopyState, text: string, onCopy: () => void): TemplateResult {
  return html`<div part="actions">
    <button part="button copy-button" type="button" @click=${onCopy}>${f.t('stats.copy')}</button>
    <span part="copy-status" role="status" aria-live="polite">${state === 'copied' ? f.t('stats.copied') : state === 'blocked' ? f.t('stats.copyBlocked') : ''}</span>
  </div>
  ${
    state === 'blocked'
      ? html`<label part="diagnostics-label" for="diagnostics">${f.t('stats.diagnostics')}</label>
    <textarea part="diagnostics" id="diagnostics" readonly rows="8" .value=${text}></textarea>`
      : nothing
  }`;
}
