import { defineElement } from '../base/define.js';
import { VinteoCallElement } from './vinteo-call.component.js';

export { VinteoCallElement };
defineElement('vinteo-call', VinteoCallElement);

declare global {
  interface HTMLElementTagNameMap {
    'vinteo-call': VinteoCallElement;
  }
}
