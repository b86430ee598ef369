import { VinteoCallElement } from './vinteo-call.component.js';

export { VinteoCallElement };

if (typeof customElements !== 'undefined' && !customElements.get('vinteo-call')) {
  customElements.define('vinteo-call', VinteoCallElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'vinteo-call': VinteoCallElement;
  }
}
