import { css } from 'lit';

export const connectorStyles = css`
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
  [part='status'][data-error] {
    color: var(--vinteo-danger, #b3261e);
  }
  :host([hide-status]) [part='status'] {
    display: none;
  }
`;
