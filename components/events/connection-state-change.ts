import type { ConnectionState } from '../../src/types.js';

export interface ConnectionStateChangeDetail {
  state: ConnectionState;
  previous: ConnectionState;
}

/** `vinteo-connection-state-change`: the connection moved from `previous` to `state`. */
export class VinteoConnectionStateChangeEvent extends Event {
  readonly detail: ConnectionStateChangeDetail;

  constructor(detail: ConnectionStateChangeDetail) {
    super('vinteo-connection-state-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-connection-state-change': VinteoConnectionStateChangeEvent;
  }
}
