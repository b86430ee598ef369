export interface CallResumedDetail {
  /** How long the call was kept without a working connection or media, in ms. */
  downtimeMs: number;
}

/** `vinteo-call-resumed`: the kept call is whole again. */
export class VinteoCallResumedEvent extends Event {
  readonly detail: CallResumedDetail;

  constructor(detail: CallResumedDetail) {
    super('vinteo-call-resumed', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-call-resumed': VinteoCallResumedEvent;
  }
}
