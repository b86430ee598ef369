import { css } from 'lit';
import { buttonStyles } from '../base/button-styles.js';

export const connectorStyles = [
  buttonStyles,
  css`
  :host {
    display: block;
    font-family: var(--vinteo-font, system-ui, sans-serif);
    color: var(--vinteo-color, #1d2330);
  }
  [part='status'] {
    font-size: 0.85em;
    color: var(--vinteo-muted-color, #5b6270);
    margin: 0 0 0.5em;
  }
  :host([state='reconnecting']) [part='status'] {
    color: var(--vinteo-warning, #8a4b00);
    font-weight: 600;
  }
  [part='status'][data-error] {
    color: var(--vinteo-danger, #b3261e);
  }
  :host {
    --_accent: var(--vinteo-accent, #1f6feb);
  }
  [part~='reconnect-button'] {
    margin: 0 0 0.75em;
  }
  :host([hide-status]) [part='status'],
  :host([hide-status]) [part~='reconnect-button'] {
    display: none;
  }
`,
];
