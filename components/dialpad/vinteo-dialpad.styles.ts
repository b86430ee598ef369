import { css } from 'lit';

export const dialpadStyles = css`
  :host {
    display: inline-block;
    font-family: var(--vinteo-font, system-ui, sans-serif);
    color: var(--vinteo-color, #1d2330);
  }
  [part='pad'] {
    display: grid;
    grid-template-columns: repeat(3, 3em);
    gap: 0.4em;
  }
  [part='pad'][data-extended] { grid-template-columns: repeat(4, 3em); }
  button {
    font: inherit;
    font-size: 1.1em;
    height: 2.6em;
    border: 0;
    cursor: pointer;
    color: #fff;
    border-radius: var(--vinteo-radius, 10px);
    background: var(--vinteo-accent, #1f6feb);
  }
  button[disabled] { opacity: 0.45; cursor: not-allowed; }
  button:focus-visible { outline: 3px solid var(--vinteo-focus, #ffbf47); outline-offset: 2px; }
  [part='error'] { color: var(--vinteo-danger, #c62828); margin: 0.5em 0 0; font-size: 0.9em; }
`;
