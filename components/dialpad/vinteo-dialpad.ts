import { defineElement } from '../base/define.js';
import { VinteoDialpadElement } from './vinteo-dialpad.component.js';

export { VinteoDialpadElement };
defineElement('vinteo-dialpad', VinteoDialpadElement);

declare global {
  interface HTMLElementTagNameMap {
    'vinteo-dialpad': VinteoDialpadElement;
  }
}
