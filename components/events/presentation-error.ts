import type { PresentationStopReason } from '../../src/presentation/types.js';
import type { ElementErrorCode } from './error.js';

export interface PresentationErrorDetail {
  /** A connector error code (`presentation-refused`, `invalid-state` …) or `media-permission` for the screen picker. */
  code: ElementErrorCode;
  message: string;
  reason?: PresentationStopReason;
}

/** `vinteo-presentation-error`: sharing could not start or failed. */
export class VinteoPresentationErrorEvent extends Event {
  readonly detail: PresentationErrorDetail;

  constructor(detail: PresentationErrorDetail) {
    super('vinteo-presentation-error', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-presentation-error': VinteoPresentationErrorEvent;
  }
}
