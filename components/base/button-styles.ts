import { css } from 'lit';

/** The buttons every element shares: accent fill, a visible focus ring, dimmed when disabled. */
export const buttonStyles = css`
  button {
    font: inherit;
    padding: 0.5em 1em;
    border-radius: calc(var(--_radius, 10px) / 2);
    border: 1px solid transparent;
    background: var(--_accent, #1f6feb);
    color: #fff;
    cursor: pointer;
  }
  button:focus-visible { outline: 3px solid var(--vinteo-focus, #ffbf47); outline-offset: 2px; }
  button[disabled] { opacity: 0.5; cursor: not-allowed; }
`;
