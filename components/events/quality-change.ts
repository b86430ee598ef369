import type { Quality, QualityReason } from '../../src/stats/types.js';

export interface QualityChangeDetail {
  /** The overall call quality: `excellent`, `good`, `poor` or `lost`. */
  quality: Quality;
  /** Why it is not excellent (`loss`, `rtt`, `jitter`, `bandwidth`, `cpu`, `freeze`, `no-media`); empty when all is well. */
  reasons: QualityReason[];
}

/** `vinteo-quality-change`: the call's quality or its reasons changed (once per change, shown by `<vinteo-stats>`). */
export class VinteoQualityChangeEvent extends Event {
  readonly detail: QualityChangeDetail;

  constructor(detail: QualityChangeDetail) {
    super('vinteo-quality-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-quality-change': VinteoQualityChangeEvent;
  }
}
