import type { CallerInfo } from '../../src/types.js';

export interface IncomingCallDetail {
  /** Who is calling. The INVITE headers stay on `connector.incomingCaller`. */
  caller: Omit<CallerInfo, 'headers'>;
}

/** `vinteo-incoming-call`: a call is ringing. */
export class VinteoIncomingCallEvent extends Event {
  readonly detail: IncomingCallDetail;

  constructor(detail: IncomingCallDetail) {
    super('vinteo-incoming-call', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-incoming-call': VinteoIncomingCallEvent;
  }
}
