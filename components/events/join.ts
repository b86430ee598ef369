/** `vinteo-join`: the user pressed "Join" in `<vinteo-prejoin>`; cancel it to join yourself. */
export interface JoinDetail {
  /** The name as the user typed it (trimmed). */
  displayName: string;
  /** `false` for "Join without camera". */
  video: boolean;
}

export class VinteoJoinEvent extends Event {
  readonly detail: JoinDetail;

  constructor(detail: JoinDetail) {
    super('vinteo-join', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-join': VinteoJoinEvent;
  }
}
