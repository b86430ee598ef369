import { defineElement } from '../base/define.js';
import { VinteoConnectorElement } from './vinteo-connector.component.js';

export { VinteoConnectorElement };
defineElement('vinteo-connector', VinteoConnectorElement);

declare global {
  interface HTMLElementTagNameMap {
    'vinteo-connector': VinteoConnectorElement;
  }
}
