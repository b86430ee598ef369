import type { VinteoErrorCode } from '../../src/errors.js';

/** The connector's codes, plus two of the elements: camera/mic refused, and a malformed attribute. */
export type ElementErrorCode = VinteoErrorCode | 'media-permission' | 'invalid-attribute';

export interface ErrorDetail {
  code: ElementErrorCode;
  /** Human-readable; never contains a password or token. */
  message: string;
}

/**
 * The connection's codes: `<vinteo-connector>` reports these; every other code belongs to the call (or the element
 * that made the request), so one failure reaches `document` as one `vinteo-error`.
 */
export const CONNECTION_ERROR_CODES: ReadonlySet<ElementErrorCode> = new Set<ElementErrorCode>([
  'invalid-config',
  'network',
  'connect-timeout',
  'authentication-failed',
]);

/** `vinteo-error`: something failed (connect, call, media, DTMF, a bad attribute). */
export class VinteoErrorEvent extends Event {
  readonly detail: ErrorDetail;

  constructor(detail: ErrorDetail) {
    super('vinteo-error', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-error': VinteoErrorEvent;
  }
}
