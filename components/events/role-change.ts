import type { Role } from '../../src/conference/types.js';

export interface RoleChangeDetail {
  /** `participant`, or `spectator` (with `canSendMedia` and, for a receive-only session, `audioId`). */
  role: Role;
  previous: Role;
}

/** `vinteo-role-change`: the moderator moved us between participants and spectators. */
export class VinteoRoleChangeEvent extends Event {
  readonly detail: RoleChangeDetail;

  constructor(detail: RoleChangeDetail) {
    super('vinteo-role-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-role-change': VinteoRoleChangeEvent;
  }
}
