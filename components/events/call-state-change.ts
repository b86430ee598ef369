import type { CallState } from '../../src/types.js';

export interface CallStateChangeDetail {
  state: CallState;
  previous: CallState;
}

/** `vinteo-call-state-change`: the call moved from `previous` to `state`. */
export class VinteoCallStateChangeEvent extends Event {
  readonly detail: CallStateChangeDetail;

  constructor(detail: CallStateChangeDetail) {
    super('vinteo-call-state-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-call-state-change': VinteoCallStateChangeEvent;
  }
}
