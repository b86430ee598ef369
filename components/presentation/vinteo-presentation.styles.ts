import { css } from 'lit';
import { buttonStyles } from '../base/button-styles.js';

export const presentationStyles = [
  buttonStyles,
  css`
  :host {
    display: block;
    font-family: var(--vinteo-font, system-ui, sans-serif);
    --_accent: var(--vinteo-accent, #1f6feb);
    --_danger: var(--vinteo-danger, #c62828);
    --_radius: var(--vinteo-radius, 10px);
  }
  [part='toolbar'] { display: flex; align-items: center; gap: 0.75em; flex-wrap: wrap; }
  [part='status'] { margin: 0; font-size: 0.9em; }
  button[part~='stop-button'] { background: var(--_danger); }
  video {
    display: block;
    width: 100%;
    margin-top: 0.75em;
    border-radius: var(--_radius);
    background: var(--vinteo-stage-background, #10141c);
    object-fit: contain;
  }
  [part='preview'] { max-width: 320px; }
  [part='error'] { color: var(--_danger); margin: 0.5em 0 0; }
`,
];
