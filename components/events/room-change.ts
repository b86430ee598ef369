import type { RoomState } from '../../src/conference/types.js';

export interface RoomChangeDetail {
  /** Where the call stands: `purgatory` (waiting room), `in-room`, `room-pending-auth`, `p2p-room` … */
  room: RoomState;
  previous: RoomState;
}

/** `vinteo-room-change`: the call entered the waiting room, a room, or left it. */
export class VinteoRoomChangeEvent extends Event {
  readonly detail: RoomChangeDetail;

  constructor(detail: RoomChangeDetail) {
    super('vinteo-room-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-room-change': VinteoRoomChangeEvent;
  }
}
