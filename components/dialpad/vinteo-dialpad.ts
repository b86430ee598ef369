import { VinteoDialpadElement } from './vinteo-dialpad.component.js';

export { VinteoDialpadElement };

if (typeof customElements !== 'undefined' && !customElements.get('vinteo-dialpad')) {
  customElements.define('vinteo-dialpad', VinteoDialpadElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'vinteo-dialpad': VinteoDialpadElement;
  }
}
