import { defineElement } from '../base/define.js';
import { VinteoPrejoinElement } from './vinteo-prejoin.component.js';

export { VinteoPrejoinElement };
defineElement('vinteo-prejoin', VinteoPrejoinElement);

declare global {
  interface HTMLElementTagNameMap {
    'vinteo-prejoin': VinteoPrejoinElement;
  }
}
