import { defineElement } from '../base/define.js';
import { VinteoDevicesElement } from './vinteo-devices.component.js';

export { VinteoDevicesElement };
defineElement('vinteo-devices', VinteoDevicesElement);

declare global {
  interface HTMLElementTagNameMap {
    'vinteo-devices': VinteoDevicesElement;
  }
}
