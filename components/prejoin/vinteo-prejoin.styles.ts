import { css } from 'lit';
import { buttonStyles } from '../base/button-styles.js';

export const prejoinStyles = [
  buttonStyles,
  css`
  :host {
    display: block;
    font-family: var(--vinteo-font, system-ui, sans-serif);
    color: var(--vinteo-color, #1d2330);
    --_accent: var(--vinteo-accent, #1f6feb);
    --_radius: var(--vinteo-radius, 10px);
  }
  :host([joined]), :host([hidden]) { display: none; }
  [part='base'] {
    display: grid; gap: 0.75em; padding: 1em; border-radius: var(--_radius);
    background: var(--vinteo-prejoin-background, #f6f7f9);
  }
  [part='title'] { margin: 0; font-size: 1.2em; }
  [part='hint'] { margin: 0; color: #5b6270; }
  [part='name-field'] { display: grid; gap: 0.3em; max-width: 28em; }
  [part='name-input'] {
    font: inherit; min-height: 44px; padding: 0 0.75em; border: 1px solid #c9ced8; border-radius: calc(var(--_radius) / 2);
    background: #fff;
  }
  [part='name-input']:focus-visible { outline: 3px solid var(--vinteo-focus, #ffbf47); outline-offset: 1px; }
  [part='actions'] { display: flex; flex-wrap: wrap; gap: 0.5em; }
  button { min-height: 44px; min-width: 44px; }
  button[part~='join-button'] { background: var(--vinteo-call-color, #17753f); font-weight: 600; padding: 0.5em 1.5em; }
  button[part~='audio-button'] { background: transparent; color: inherit; border-color: #c9ced8; }
  [part='error'] { margin: 0; color: var(--vinteo-danger, #c62828); }
`,
];
