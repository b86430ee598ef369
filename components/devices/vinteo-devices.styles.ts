import { css } from 'lit';
import { buttonStyles } from '../base/button-styles.js';

export const devicesStyles = [
  buttonStyles,
  css`
  :host {
    display: block;
    font-family: var(--vinteo-font, system-ui, sans-serif);
    color: var(--vinteo-color, inherit);
    --_accent: var(--vinteo-accent, #1f6feb);
    --_danger: var(--vinteo-danger, #c62828);
    --_radius: var(--vinteo-radius, 10px);
    --_border: var(--vinteo-border, #8a93a3);
  }
  :host([hidden]) { display: none; }
  [part='base'] { display: flex; flex-wrap: wrap; gap: 1em 1.5em; align-items: flex-start; }
  [part='stage'] {
    flex: 1 1 280px;
    max-width: 480px;
    aspect-ratio: 16 / 9;
    border-radius: var(--_radius);
    background: var(--vinteo-stage-background, #10141c);
    overflow: hidden;
    display: grid;
    place-items: center;
  }
  video { width: 100%; height: 100%; object-fit: cover; transform: scaleX(-1); }
  [part='placeholder'] { margin: 0; padding: 1em; color: #dfe3ea; text-align: center; }
  [part='fields'] { flex: 1 1 260px; display: flex; flex-direction: column; gap: 0.75em; min-width: 0; }
  [part~='field'], [part='meter-field'] { display: flex; flex-direction: column; gap: 0.25em; }
  [part='label'] { font-weight: 600; font-size: 0.9em; }
  select {
    font: inherit;
    min-height: 44px;
    padding: 0.4em 0.6em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--vinteo-field-background, #fff);
    color: inherit;
    max-width: 100%;
  }
  select:focus-visible { outline: 3px solid var(--vinteo-focus, #ffbf47); outline-offset: 2px; }
  select[disabled] { opacity: 0.6; }
  [part='reason'], [part='hint'] { margin: 0; font-size: 0.85em; opacity: 0.85; }
  [part='meter-field'] { display: grid; grid-template-columns: 1fr auto; align-items: center; gap: 0.25em 0.75em; }
  [part='meter-field'] [part='label'] { grid-column: 1 / -1; }
  [part='meter'] {
    height: 12px;
    border: 1px solid var(--_border);
    border-radius: 6px;
    overflow: hidden;
    background: var(--vinteo-field-background, #fff);
  }
  [part='meter-bar'] {
    height: 100%;
    background: var(--vinteo-meter-color, var(--_accent));
    transform-origin: left center;
  }
  [part='meter-value'] { font-size: 0.85em; font-variant-numeric: tabular-nums; min-width: 3.5ch; text-align: right; }
  button { min-height: 44px; align-self: flex-start; }
  [part='error'] {
    padding: 0.6em 0.8em;
    border-left: 4px solid var(--_danger);
    border-radius: calc(var(--_radius) / 2);
    background: color-mix(in srgb, var(--_danger) 8%, transparent);
  }
  [part='error']:empty { display: none; }
  [part='error'] p { margin: 0; }
  [part='error-message'] { font-weight: 600; color: var(--_danger); }
  [part='error-help'] { margin-top: 0.25em !important; font-size: 0.9em; }
  [part='notice'] { flex: 1 1 100%; margin: 0; font-size: 0.9em; }
  [part='notice']:empty { display: none; }
`,
];
