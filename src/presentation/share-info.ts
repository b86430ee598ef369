/**
 * The presentation INFOs we send (docs/protocol.md §11): `application/vinteo.webrtc.sharedesktop` with an
 * `x-webrtc-share-state` header and an empty body. MCU conferences ask permission (`LETMESTARTPRESENTATION`) and
 * announce the end (`STOPPRESENTATION`); a direct P2P call or a presentation call announces the content to the peer
 * (`YOUCANRECEIVECONTENT` / `CONTENTEND`).
 */
import { CONTENT_TYPES } from '../conference/info-codec.js';
import type { OutgoingInfo } from '../conference/outgoing-info.js';
import type { RoomStatus } from '../conference/types.js';
import type { PresentationHandshake } from './types.js';

const START = { mcu: 'LETMESTARTPRESENTATION', p2p: 'YOUCANRECEIVECONTENT' } as const;
const STOP = { mcu: 'STOPPRESENTATION', p2p: 'CONTENTEND' } as const;

/** P2P when the room is a direct P2P room or the call is a presentation call; the MCU handshake otherwise. */
export function handshakeFor(status: RoomStatus): PresentationHandshake {
  return status === 'direct-p2p-room' || status === 'presentation-call' ? 'p2p' : 'mcu';
}

function shareState(state: string): OutgoingInfo {
  return { contentType: CONTENT_TYPES.shareDesktop, headers: [`x-webrtc-share-state: ${state}`] };
}

/** The INFO that starts (or re-announces, on update) a presentation. */
export function startInfo(handshake: PresentationHandshake): OutgoingInfo {
  return shareState(START[handshake]);
}

/** The INFO that ends a presentation. */
export function stopInfo(handshake: PresentationHandshake): OutgoingInfo {
  return shareState(STOP[handshake]);
}
