import type { CallEndCause, CallOriginator } from '../../src/types.js';

export interface CallEndedDetail {
  originator: CallOriginator;
  cause: CallEndCause;
  /** SIP status code when a response ended the call (486, 404 …). */
  statusCode?: number;
}

/** `vinteo-call-ended`: the call ended or failed. */
export class VinteoCallEndedEvent extends Event {
  readonly detail: CallEndedDetail;

  constructor(detail: CallEndedDetail) {
    super('vinteo-call-ended', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-call-ended': VinteoCallEndedEvent;
  }
}
