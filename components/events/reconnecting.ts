import type { ReconnectReason } from '../../src/connection/reconnect-policy.js';

export interface ReconnectingDetail {
  /** 1 for the first attempt after the loss, 2 for the next … */
  attempt: number;
  /** When this attempt starts, in ms from now (0: at once). */
  delayMs: number;
  /** Why the connection is being re-established (`transport-closed`, `keepalive-failed` …). */
  reason: ReconnectReason;
}

/** `vinteo-reconnecting`: the connection was lost and reconnection attempt `attempt` is scheduled. */
export class VinteoReconnectingEvent extends Event {
  readonly detail: ReconnectingDetail;

  constructor(detail: ReconnectingDetail) {
    super('vinteo-reconnecting', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-reconnecting': VinteoReconnectingEvent;
  }
}
