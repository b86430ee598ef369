export interface DtmfDetail {
  /** One tone: 0-9, *, #, A-D. */
  tone: string;
  /** `local` for a tone we sent, `remote` for one the far end sent. */
  originator: 'local' | 'remote';
}

/** `vinteo-dtmf`: a DTMF tone was sent or received. */
export class VinteoDtmfEvent extends Event {
  readonly detail: DtmfDetail;

  constructor(detail: DtmfDetail) {
    super('vinteo-dtmf', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-dtmf': VinteoDtmfEvent;
  }
}
