/** `vinteo-audio-blocked`: the browser refused to play the far end's sound until a user gesture. */
export class VinteoAudioBlockedEvent extends Event {
  readonly detail: Record<string, never> = {};

  constructor() {
    super('vinteo-audio-blocked', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-audio-blocked': VinteoAudioBlockedEvent;
  }
}
