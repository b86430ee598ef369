import { defineElement } from '../base/define.js';
import { VinteoPresentationElement } from './vinteo-presentation.component.js';

export { VinteoPresentationElement };
defineElement('vinteo-presentation', VinteoPresentationElement);

declare global {
  interface HTMLElementTagNameMap {
    'vinteo-presentation': VinteoPresentationElement;
  }
}
