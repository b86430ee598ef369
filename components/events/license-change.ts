import type { License } from '../../src/conference/types.js';

export interface LicenseChangeDetail {
  /** `AUDIO`, `VIDEO` or `AUDIOPLUSPRESENTATION`. */
  license: License;
}

/** `vinteo-license-change`: the server told us which licence this call uses. */
export class VinteoLicenseChangeEvent extends Event {
  readonly detail: LicenseChangeDetail;

  constructor(detail: LicenseChangeDetail) {
    super('vinteo-license-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-license-change': VinteoLicenseChangeEvent;
  }
}
