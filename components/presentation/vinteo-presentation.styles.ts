import { css } from 'lit';

export const presentationStyles = css`
  :host {
    display: block;
    font-family: var(--vinteo-font, system-ui, sans-serif);
    --_accent: var(--vinteo-accent, #1f6feb);
    --_danger: var(--vinteo-danger, #c62828);
    --_radius: var(--vinteo-radius, 10px);
  }
  [part='toolbar'] { display: flex; align-items: center; gap: 0.75em; flex-wrap: wrap; }
  [part='status'] { margin: 0; font-size: 0.9em; }
  button {
    font: inherit;
    padding: 0.5em 1em;
    border-radius: calc(var(--_radius) / 2);
    border: 1px solid transparent;
    background: var(--_accent);
    color: #fff;
    cursor: pointer;
  }
  button[part~='stop-button'] { background: var(--_danger); }
  button:focus-visible { outline: 3px solid var(--vinteo-focus, #ffbf47); outline-offset: 2px; }
  button[disabled] { opacity: 0.5; cursor: not-allowed; }
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
`;
