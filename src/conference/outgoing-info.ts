/**
 * The INFOs the client sends (docs/protocol.md §8): explicit Content-Type, empty body, data in headers. A refusal
 * rejects the caller's promise with a typed error and never ends the call (our CallSession never tears a dialog
 * down for a failed INFO).
 */
import type { CallSession } from '../call/call-session.js';
import { VinteoError } from '../errors.js';
import { CONTENT_TYPES } from './info-codec.js';
import type { Channels } from './types.js';

export interface OutgoingInfo {
  contentType: string;
  headers: string[];
}

export function channelsInfo(channels: Channels): OutgoingInfo {
  const { inputChannels, outputChannels } = channels ?? ({} as Channels);
  if (typeof inputChannels !== 'string' || typeof outputChannels !== 'string') {
    throw new VinteoError('invalid-argument', 'channels need string inputChannels and outputChannels');
  }
  return {
    contentType: CONTENT_TYPES.channels,
    headers: [`x-webrtc-input-channels: ${inputChannels}`, `x-webrtc-output-channels: ${outputChannels}`],
  };
}

export function mediaStateInfo(state: { camera: boolean; mic: boolean }): OutgoingInfo {
  return {
    contentType: CONTENT_TYPES.mediaState,
    headers: [
      'x-webrtc-media-state: currentstate',
      `x-vinteo-maincam-state: ${state.camera ? 1 : 0}`,
      `x-vinteo-mic-state: ${state.mic ? 1 : 0}`,
    ],
  };
}

export function refusalInfo(device: 'camera' | 'mic'): OutgoingInfo {
  if (device !== 'camera' && device !== 'mic')
    throw new VinteoError('invalid-argument', 'device must be "camera" or "mic"');
  return { contentType: CONTENT_TYPES.refusal, headers: [`x-vinteo-media-type: ${device === 'mic' ? 0 : 1}`] };
}

export const CAMERA_PERMISSION_INFO: OutgoingInfo = {
  contentType: CONTENT_TYPES.mainCam,
  headers: ['x-webrtc-request-enable-media-device: LETMESTARTMAINCAM'],
};

/** The direct-P2P room: the caller's user first (`p2p{caller}to{callee}`); our name in it is the far end's number. */
export function directP2pRoomInfo(direction: 'outgoing' | 'incoming', ownUser: string, number: string): OutgoingInfo {
  const room = direction === 'outgoing' ? `p2p${ownUser}to${number}` : `p2p${number}to${ownUser}`;
  return {
    contentType: CONTENT_TYPES.roomName,
    headers: [`x-webrtc-enter-room: ${room}`, `x-webrtc-participant-name: ${number}`, 'x-webrtc-is-direct-p2p: true'],
  };
}

export async function send(session: CallSession, info: OutgoingInfo): Promise<void> {
  await session.sendInfo(info.contentType, '', info.headers);
}

/** Asks to turn the camera on; a 603 Decline becomes `permission-denied`. */
export async function askCameraPermission(session: CallSession): Promise<void> {
  try {
    await send(session, CAMERA_PERMISSION_INFO);
  } catch (error) {
    if (error instanceof VinteoError && error.statusCode === 603) {
      throw new VinteoError('permission-denied', 'The moderator did not allow the camera', {
        cause: error,
        statusCode: 603,
      });
    }
    throw error;
  }
}
