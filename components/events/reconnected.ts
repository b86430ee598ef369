export interface ReconnectedDetail {
  /** How long the connection was down, in ms. */
  downtimeMs: number;
  /** How many attempts it took. */
  attempts: number;
}

/** `vinteo-reconnected`: the connection (and registration, where configured) is back after a loss. */
export class VinteoReconnectedEvent extends Event {
  readonly detail: ReconnectedDetail;

  constructor(detail: ReconnectedDetail) {
    super('vinteo-reconnected', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-reconnected': VinteoReconnectedEvent;
  }
}
