/**
 * The reconnection side of `<vinteo-call>`: what the user is told while the call is kept through a lost connection
 * or missing media, when it is whole again, and when it is lost (redialled with `auto-redial`). Fires
 * `vinteo-call-reconnecting` and `vinteo-call-resumed`.
 */
import { VinteoErrorEvent, type ElementErrorCode } from '../events/error.js';
import type { CallEndCause, ConnectorEventName, ConnectorEvents } from '../../src/types.js';
import { VinteoCallReconnectingEvent } from '../events/call-reconnecting.js';
import { VinteoCallResumedEvent } from '../events/call-resumed.js';
import { translate, type StringKey } from '../i18n.js';
import type { StatusNote } from './call-status.js';

type Handlers = { [K in ConnectorEventName]?: (payload: ConnectorEvents[K]) => void };

/** Ends that mean "the call was lost" (the connector may redial them). */
const LOST = new Set<CallEndCause>(['media-timeout', 'dialog-lost']);

export interface RecoveryUiPorts {
  /** Puts `text` in the element's polite status line while `scope` lasts (see call-status.ts); `problem`: a lost call. */
  announce(text: string, scope: StatusNote['scope'], problem?: boolean): void;
  /** The element's own captured media is no longer needed. */
  releaseMedia(): void;
  /** `auto-redial` is on: the connector calls a lost call again. */
  autoRedial(): boolean;
}

export class RecoveryUi {
  #host: HTMLElement;
  #ports: RecoveryUiPorts;
  /** What keeps the call in the current episode. */
  #episode = new Set<'transport' | 'media'>();
  /** The cause of a lost call being redialled. */
  #redialling?: CallEndCause;

  constructor(host: HTMLElement, ports: RecoveryUiPorts) {
    this.#host = host;
    this.#ports = ports;
  }

  /** Connector events this part listens to (merged into the element's controller). */
  handlers(): Handlers {
    return {
      'call:reconnecting': ({ reason }) => this.#onReconnecting(reason),
      'call:media-problem': () => this.#mediaProblem(),
      'call:media-recovered': () => this.#say('call.mediaRecovered', 'phase'),
      'call:resumed': ({ downtimeMs }) => this.#onResumed(downtimeMs),
      'call-reconnect:attempt-scheduled': ({ attempt }) =>
        this.#say('call.redial', 'idle', { attempt: String(attempt) }),
      'call-reconnect:attempt-succeeded': () => {
        this.#redialling = undefined;
      },
      'call-reconnect:limit-reached': () => this.#redialFailed(),
      'call-reconnect:cancelled': () => this.#stopRedial(),
    };
  }

  /**
   * The call ended with `cause`. A lost call is redialled with `auto-redial` (`'redial'`: keep the media for it),
   * otherwise its reason and the next step are shown as an error (`'shown'`). Other ends: `undefined`.
   */
  ended(cause: CallEndCause): 'redial' | 'shown' | undefined {
    this.#episode.clear();
    if (!LOST.has(cause)) return undefined;
    if (this.#ports.autoRedial()) {
      this.#redialling = cause;
      return 'redial';
    }
    this.#report(cause as ElementErrorCode, this.#text(`lost.${cause}` as StringKey));
    return 'shown';
  }

  #onReconnecting(reason: 'transport' | 'media'): void {
    if (reason === 'transport') this.#say('call.kept', 'reconnecting');
    else this.#mediaProblem();
    this.#episode.add(reason);
    this.#host.dispatchEvent(new VinteoCallReconnectingEvent({ reason }));
  }

  /** Reported once per episode (the connector sends `call:media-problem` and then `call:reconnecting` {media}). */
  #mediaProblem(): void {
    if (this.#episode.has('media')) return;
    this.#episode.add('media');
    this.#say('call.mediaProblem', 'reconnecting');
  }

  #onResumed(downtimeMs: number): void {
    if (this.#episode.has('transport')) this.#say('call.resumed', 'phase');
    this.#episode.clear();
    this.#host.dispatchEvent(new VinteoCallResumedEvent({ downtimeMs }));
  }

  #redialFailed(): void {
    const code: ElementErrorCode = this.#redialling ? (this.#redialling as ElementErrorCode) : 'network';
    this.#stopRedial();
    this.#report(code, this.#text('call.redialFailed'));
  }

  #stopRedial(): void {
    this.#redialling = undefined;
    this.#ports.releaseMedia();
  }

  /** Is a redial pending or running (the element offers to stop it)? */
  get redialling(): boolean {
    return this.#redialling !== undefined;
  }

  /** The user does not want the call again: no more "Calling again…", the media is released. Was one pending? */
  cancelRedial(): boolean {
    if (!this.#redialling) return false;
    this.#stopRedial();
    this.#say('ended', 'idle');
    return true;
  }

  /** The reason and the next step go in the status line (one place, no second error line) and in `vinteo-error`. */
  #report(code: ElementErrorCode, message: string): void {
    this.#ports.announce(message, 'idle', true);
    this.#host.dispatchEvent(new VinteoErrorEvent({ code, message }));
  }

  #say(key: StringKey, scope: StatusNote['scope'], values: Record<string, string> = {}): void {
    this.#ports.announce(this.#text(key, values), scope);
  }

  #text(key: StringKey, values: Record<string, string> = {}): string {
    return translate(this.#host, key, values);
  }
}
