export interface CallReconnectingDetail {
  /** `transport`: the signalling connection is down; `media`: no sound or video arrives. */
  reason: 'transport' | 'media';
}

/** `vinteo-call-reconnecting`: the call is kept while the connection or its media recovers. */
export class VinteoCallReconnectingEvent extends Event {
  readonly detail: CallReconnectingDetail;

  constructor(detail: CallReconnectingDetail) {
    super('vinteo-call-reconnecting', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-call-reconnecting': VinteoCallReconnectingEvent;
  }
}
