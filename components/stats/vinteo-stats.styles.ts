import { css } from 'lit';
import { buttonStyles } from '../base/button-styles.js';
import { qualityColours } from './stats-badge.js';

export const statsStyles = [
  buttonStyles,
  qualityColours,
  css`
  :host {
    display: block;
    container-type: inline-size;
    font-family: var(--vinteo-font, system-ui, sans-serif);
    color: var(--vinteo-color, #1d2330);
    --_accent: var(--vinteo-accent, #1f6feb);
    --_radius: var(--vinteo-radius, 10px);
    --_border: var(--vinteo-border, #d5d9e0);
    --_muted: var(--vinteo-muted, #5b6270);
    --_sent: var(--vinteo-chart-sent, #1f6feb);
    --_received: var(--vinteo-chart-received, #b04a00);
  }
  :host([hidden]) { display: none; }
  [part='base'] { display: flex; flex-direction: column; gap: 0.75em; }
  [part='idle'] { margin: 0; color: var(--_muted); }
  [part='summary'] { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5em 1em; }
  [part='directions'] { margin: 0; color: var(--_muted); font-size: 0.9em; }
  [part='badge'] { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.35em 0.9em; }
  [part='badge-label'] {
    display: inline-flex; align-items: center; gap: 0.45em; white-space: nowrap;
    padding: 0.25em 0.75em; border-radius: 999px; border: 2px solid var(--_quality);
    background: color-mix(in srgb, var(--_quality) 8%, #fff);
  }
  [part='badge-dot'] { width: 0.7em; height: 0.7em; border-radius: 50%; background: var(--_quality); flex: none; }
  [part='badge-text'] { font-weight: 700; color: var(--_quality); }
  [part='badge-reasons'], [part='badge-mos'] { font-size: 0.9em; }
  [part='toggle'] {
    display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.35em 1em; padding: 0.35em 0.75em 0.35em 0.35em; min-height: 44px;
    background: transparent; color: inherit; border: 1px solid var(--_border); border-radius: var(--_radius); text-align: left;
  }
  [part='toggle']:hover { background: #f5f6f8; }
  [part='toggle-label'] { color: var(--_accent); font-weight: 600; white-space: nowrap; }
  [part='toggle-label']::after { content: ''; display: inline-block; margin-left: 0.35em; border: 0.3em solid transparent; border-top-color: currentColor; vertical-align: 0.05em; }
  [part='toggle'][aria-expanded='true'] [part='toggle-label']::after { border-top-color: transparent; border-bottom-color: currentColor; vertical-align: 0.35em; }
  [part='details'] { display: flex; flex-direction: column; gap: 0.75em; }
  [part='table'] { border-collapse: collapse; width: 100%; font-size: 0.9em; font-variant-numeric: tabular-nums; }
  [part='caption'] { text-align: left; font-weight: 600; padding-bottom: 0.35em; }
  th, td { padding: 0.35em 0.6em; border-bottom: 1px solid var(--_border); text-align: right; white-space: nowrap; }
  th[scope='row'], thead th:first-child { text-align: left; }
  thead th { font-weight: 600; color: var(--_muted); font-size: 0.9em; }
  [part='empty'], [part='path'] { margin: 0; color: var(--_muted); font-size: 0.9em; }
  [part='charts'] { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5em 1.5em; }
  [part~='chart'] { margin: 0; }
  [part='chart-title'] { display: flex; justify-content: space-between; gap: 0.5em; font-size: 0.9em; font-weight: 600; margin-bottom: 0.25em; }
  [part='chart-peak'] { font-weight: 400; color: var(--_muted); font-variant-numeric: tabular-nums; }
  [part='chart-svg'] { display: block; width: 100%; height: 56px; border: 1px solid var(--_border); border-radius: calc(var(--_radius) / 2); overflow: visible; }
  [part='chart-axis'] { stroke: var(--_border); stroke-width: 1; vector-effect: non-scaling-stroke; }
  [part~='chart-line'] { fill: none; stroke-width: 2; stroke-linejoin: round; vector-effect: non-scaling-stroke; }
  [part~='sent-line'] { stroke: var(--_sent); }
  [part~='received-line'] { stroke: var(--_received); stroke-dasharray: 5 3; }
  [part='legend'] { grid-column: 1 / -1; display: flex; gap: 1.25em; margin: 0; font-size: 0.85em; color: var(--_muted); }
  [part~='legend-item'] { display: inline-flex; align-items: center; gap: 0.4em; }
  [part~='swatch'] { width: 1.4em; height: 0; border-top: 3px solid var(--_sent); }
  [part~='received-swatch'] { border-top: 3px dashed var(--_received); }
  [part='actions'] { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5em 1em; }
  [part~='copy-button'] { min-height: 44px; }
  [part='copy-status'] { font-size: 0.9em; font-weight: 600; }
  [part='copy-status']:empty { display: none; }
  [part='diagnostics-label'] { font-size: 0.9em; font-weight: 600; }
  [part='diagnostics'] { font: 0.8em/1.4 ui-monospace, monospace; width: 100%; box-sizing: border-box; border: 1px solid var(--_border); border-radius: calc(var(--_radius) / 2); padding: 0.5em; }
  textarea:focus-visible, [part='toggle']:focus-visible { outline: 3px solid var(--vinteo-focus, #ffbf47); outline-offset: 2px; }
  [part='error'] { color: var(--vinteo-danger, #c62828); margin: 0; }

  /* Narrow (a phone, a side panel): each stream becomes a small card of labelled figures. */
  @container (max-width: 600px) {
    [part='table'], [part='table'] tbody { display: block; }
    [part='table'] thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
    [part='caption'] { display: block; }
    [part='row'] { display: grid; grid-template-columns: repeat(auto-fill, minmax(6.5em, 1fr)); gap: 0.25em 0.75em; padding: 0.5em 0; border-bottom: 1px solid var(--_border); }
    [part='cell'][data-na] { display: none; }
    [part='charts'] { grid-template-columns: 1fr; }
    [part='row'] th, [part='row'] td { border: 0; padding: 0.15em 0; text-align: left; }
    [part='row-name'] { grid-column: 1 / -1; font-weight: 700; }
    [part='cell']::before { content: attr(data-label); display: block; font-size: 0.8em; color: var(--_muted); }
  }
`,
];
