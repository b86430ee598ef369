export interface PresentationStartDetail {
  /** The track being shared. */
  track: MediaStreamTrack;
}

/** `vinteo-presentation-start`: our screen (or the given track) is being shared. */
export class VinteoPresentationStartEvent extends Event {
  readonly detail: PresentationStartDetail;

  constructor(detail: PresentationStartDetail) {
    super('vinteo-presentation-start', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-presentation-start': VinteoPresentationStartEvent;
  }
}
