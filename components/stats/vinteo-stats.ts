import { defineElement } from '../base/define.js';
import { VinteoStatsElement } from './vinteo-stats.component.js';

export { VinteoStatsElement };
defineElement('vinteo-stats', VinteoStatsElement);

declare global {
  interface HTMLElementTagNameMap {
    'vinteo-stats': VinteoStatsElement;
  }
}
