/** What `<vinteo-call>` selects from the session snapshot (DESIGN.md §7 "elements select"). */
import type { SessionSnapshot } from '../../src/types.js';
import type { StatusInput } from './call-status.js';

/** What the element shows of the session: its reflected attributes, the status line and the media it plays. */
export interface CallView extends Omit<StatusInput, 'caller'> {
  muted: boolean;
  cameraOff: boolean;
  media: SessionSnapshot['media'];
}

export const IDLE_VIEW: CallView = callView({
  connection: 'disconnected',
  call: 'idle',
  callReconnecting: false,
  conference: { room: { status: 'idle', hasToken: false, isDirectPeerToPeer: false }, role: { type: 'participant' } },
  presentation: 'idle',
  media: { micEnabled: true, cameraEnabled: true, remoteTrackIds: [] },
} as unknown as SessionSnapshot);

export function callView(s: SessionSnapshot): CallView {
  const { room, role, license } = s.conference;
  return {
    state: s.call,
    reconnecting: s.callReconnecting,
    roomStatus: room.status,
    room: room.room,
    participantRole: role.type,
    canSendMedia: role.type === 'spectator' ? role.canSendMedia : true,
    license,
    presenting: s.presentation === 'active' || s.presentation === 'updating',
    muted: !s.media.micEnabled,
    cameraOff: !s.media.cameraEnabled,
    media: s.media,
  };
}
