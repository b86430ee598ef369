import type { PresentationStopReason } from '../../src/presentation/types.js';

export interface PresentationStopDetail {
  /** `local`, `track-ended` (the browser's "Stop sharing"), `server`, `spectator`, `call-ended`, `refused` … */
  reason: PresentationStopReason;
}

/** `vinteo-presentation-stop`: sharing ended, with why. */
export class VinteoPresentationStopEvent extends Event {
  readonly detail: PresentationStopDetail;

  constructor(detail: PresentationStopDetail) {
    super('vinteo-presentation-stop', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-presentation-stop': VinteoPresentationStopEvent;
  }
}
