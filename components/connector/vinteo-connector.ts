import { VinteoConnectorElement } from './vinteo-connector.component.js';

export { VinteoConnectorElement };

if (typeof customElements !== 'undefined' && !customElements.get('vinteo-connector')) {
  customElements.define('vinteo-connector', VinteoConnectorElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'vinteo-connector': VinteoConnectorElement;
  }
}
