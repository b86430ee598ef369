/**
 * The DOM events of the elements. All bubble and cross shadow roots (`composed`), carry a typed `detail`,
 * and are lower-case kebab names (they work in Vue templates and with addEventListener alike).
 */
import type { CallEndCause, CallOriginator, CallState, CallerInfo, ConnectionState, VinteoErrorCode } from '../../src/index.js';

export class VinteoEvent<T> extends CustomEvent<T> {
  constructor(type: string, detail: T) {
    super(type, { detail, bubbles: true, composed: true });
  }
}

export interface ConnectionStateChangeDetail { state: ConnectionState; previous: ConnectionState }
export interface CallStateChangeDetail { state: CallState; previous: CallState }
export interface IncomingCallDetail { caller: Omit<CallerInfo, 'headers'> }
export interface CallEndedDetail { originator: CallOriginator; cause: CallEndCause; statusCode?: number }
export interface ErrorDetail { code: VinteoErrorCode | 'media-permission' | 'invalid-attribute'; message: string }
export interface DtmfDetail { tone: string; originator: 'local' | 'remote' }

export const connectionStateChange = (d: ConnectionStateChangeDetail) => new VinteoEvent('vinteo-connection-state-change', d);
export const callStateChange = (d: CallStateChangeDetail) => new VinteoEvent('vinteo-call-state-change', d);
export const incomingCall = (d: IncomingCallDetail) => new VinteoEvent('vinteo-incoming-call', d);
export const callEnded = (d: CallEndedDetail) => new VinteoEvent('vinteo-call-ended', d);
export const vinteoError = (d: ErrorDetail) => new VinteoEvent('vinteo-error', d);
export const dtmf = (d: DtmfDetail) => new VinteoEvent('vinteo-dtmf', d);
export const audioBlocked = () => new VinteoEvent('vinteo-audio-blocked', {});

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-connection-state-change': VinteoEvent<ConnectionStateChangeDetail>;
    'vinteo-call-state-change': VinteoEvent<CallStateChangeDetail>;
    'vinteo-incoming-call': VinteoEvent<IncomingCallDetail>;
    'vinteo-call-ended': VinteoEvent<CallEndedDetail>;
    'vinteo-error': VinteoEvent<ErrorDetail>;
    'vinteo-dtmf': VinteoEvent<DtmfDetail>;
    'vinteo-audio-blocked': VinteoEvent<Record<string, never>>;
  }
}
