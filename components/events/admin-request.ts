import type { AdminRequest } from '../../src/conference/types.js';

export type AdminRequestDetail = AdminRequest;

/**
 * `vinteo-admin-request`: the moderator wants our camera or microphone on or off. Forced requests are applied at
 * once and reported back; the others ask the user. Cancel the event (`preventDefault()`) to handle it yourself with
 * the connector's `sendMediaState()` / `sendRefusal()`.
 */
export class VinteoAdminRequestEvent extends Event {
  readonly detail: AdminRequestDetail;

  constructor(detail: AdminRequestDetail) {
    super('vinteo-admin-request', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-admin-request': VinteoAdminRequestEvent;
  }
}
