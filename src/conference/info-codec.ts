/**
 * Decodes the in-dialog INFOs a Vinteo server sends (docs/protocol.md §6, §6.4) into typed commands. Dispatch is by
 * Content-Type; the payload is in headers. Nothing here throws: an unknown type, a missing required header or a
 * garbage value yields warnings (and, where the rest is usable, still a command). Names and rooms keep their case.
 */
import { parseDtmfRelay } from '../call/dtmf.js';
import type { InfoMessage } from '../types.js';
import type {
  Channels,
  License,
  MainCamCommand,
  MicCommand,
  ShareCodec,
  SpectatorMode,
  TracksDirection,
} from './types.js';
import { HeaderReader, MAX_TOKEN_LENGTH, mimeType, preview } from './wire-values.js';

export const CONTENT_TYPES = {
  roomName: 'application/vinteo.webrtc.roomname',
  notify: 'application/vinteo.webrtc.notify',
  shareDesktop: 'application/vinteo.webrtc.sharedesktop',
  mainCam: 'application/vinteo.webrtc.maincam',
  mic: 'application/vinteo.webrtc.mic',
  useLicense: 'application/vinteo.webrtc.uselic',
  partState: 'application/vinteo.webrtc.partstate',
  restart: 'application/vinteo.webrtc.restart',
  channels: 'application/vinteo.webrtc.channels',
  mediaState: 'application/vinteo.webrtc.mediastate',
  refusal: 'application/vinteo.webrtc.refusal',
  dtmfRelay: 'application/dtmf-relay',
} as const;

/** Content types the call layer already handles (DTMF is re-read here; key-frame requests are not ours). */
const NOT_OURS = new Set(['application/media_control+xml']);

const LICENSES = ['AUDIO', 'VIDEO', 'AUDIOPLUSPRESENTATION'] as const satisfies readonly License[];
const MAIN_CAM = [
  'ADMINSTARTMAINCAM',
  'ADMINSTOPMAINCAM',
  'PAUSEMAINCAM',
  'RESUMEMAINCAM',
  'MAXMAINCAMRESOLUTION',
] as const satisfies readonly MainCamCommand[];
const MIC = ['ADMINSTARTMIC', 'ADMINSTOPMIC'] as const satisfies readonly MicCommand[];
const RECEIVED_SHARE = ['YOUCANRECEIVECONTENT', 'CONTENTEND', 'YOUMUSTSTOPSENDCONTENT'] as const;
const CODECS = ['H264', 'VP8', 'VP9', 'AV1'] as const satisfies readonly ShareCodec[];
const PART_STATES = ['SPECTATOR', 'PARTICIPANT'] as const;
const DIRECTIONS = ['SENDRECV', 'SENDONLY', 'RECVONLY'] as const satisfies readonly TracksDirection[];
const SPECTATOR_MODES: readonly SpectatorMode[] = ['manual', 'by-camera', 'forced'];

export type InfoCommand =
  | {
      type: 'enter-room';
      room: string;
      participantName: string;
      bearerToken?: string;
      isDirectPeerToPeer?: boolean;
      channels?: Channels;
    }
  | { type: 'notify'; json: string | undefined }
  | { type: 'share-state'; state: (typeof RECEIVED_SHARE)[number]; codec?: ShareCodec }
  | { type: 'main-cam'; command: MainCamCommand; sync?: boolean; resolution?: { width: number; height: number } }
  | { type: 'mic'; command: MicCommand; sync?: boolean }
  | { type: 'license'; license: License }
  | { type: 'spectator'; audioId?: string; canSendMedia: boolean; mode?: SpectatorMode }
  | { type: 'participant' }
  | { type: 'restart'; tracksDirection?: TracksDirection; audioTrackCount?: number; videoTrackCount?: number }
  | { type: 'dtmf'; tone: string; duration: number };

export interface DecodedInfo {
  command?: InfoCommand;
  /** Why (part of) the message was ignored; empty when it was fully understood. */
  warnings: string[];
}

type Decoder = (read: HeaderReader, message: InfoMessage, warn: (m: string) => void) => InfoCommand | undefined;

const DECODERS: Record<string, Decoder> = {
  [CONTENT_TYPES.roomName]: enterRoom,
  [CONTENT_TYPES.notify]: (read) => ({ type: 'notify', json: read.text('x-vinteo-notify', Number.POSITIVE_INFINITY) }),
  [CONTENT_TYPES.shareDesktop]: shareState,
  [CONTENT_TYPES.mainCam]: mainCam,
  [CONTENT_TYPES.mic]: mic,
  [CONTENT_TYPES.useLicense]: license,
  [CONTENT_TYPES.partState]: partState,
  [CONTENT_TYPES.restart]: restart,
  [CONTENT_TYPES.dtmfRelay]: dtmf,
};

/** Decodes one received INFO. */
export function decodeInfo(message: InfoMessage): DecodedInfo {
  const warnings: string[] = [];
  const warn = (text: string) => {
    warnings.push(text);
  };
  const type = mimeType(message?.contentType);
  const decoder = DECODERS[type];
  if (!decoder) {
    if (!NOT_OURS.has(type)) warn(`Ignored an INFO of unknown type "${preview(message?.contentType ?? '')}"`);
    return { warnings };
  }
  const command = decoder(new HeaderReader(message.headers, warn), message, warn);
  return command ? { command, warnings } : { warnings };
}

function enterRoom(read: HeaderReader, _m: InfoMessage, warn: (m: string) => void): InfoCommand | undefined {
  const room = read.text('x-webrtc-enter-room');
  const participantName = read.text('x-webrtc-participant-name');
  if (!room || !participantName)
    return missing(warn, 'enter-room', 'x-webrtc-enter-room and x-webrtc-participant-name');
  const command: InfoCommand = { type: 'enter-room', room, participantName };
  const bearerToken = read.text('x-bearer-token', MAX_TOKEN_LENGTH);
  const direct = read.flag('x-webrtc-is-direct-p2p');
  const input = read.text('x-webrtc-input-channels');
  const output = read.text('x-webrtc-output-channels');
  if (bearerToken) command.bearerToken = bearerToken;
  if (direct !== undefined) command.isDirectPeerToPeer = direct;
  if (input !== undefined && output !== undefined) command.channels = { inputChannels: input, outputChannels: output };
  return command;
}

function shareState(read: HeaderReader, _m: InfoMessage, warn: (m: string) => void): InfoCommand | undefined {
  const state = read.oneOf('x-webrtc-share-state', RECEIVED_SHARE);
  if (!state) return missing(warn, 'share-state', 'x-webrtc-share-state');
  const codec = state === 'YOUCANRECEIVECONTENT' ? read.oneOf('x-webrtc-share-codec', CODECS) : undefined;
  return codec ? { type: 'share-state', state, codec } : { type: 'share-state', state };
}

function mainCam(read: HeaderReader, _m: InfoMessage, warn: (m: string) => void): InfoCommand | undefined {
  const command = read.oneOf('x-webrtc-maincam', MAIN_CAM);
  if (!command) return missing(warn, 'main camera', 'x-webrtc-maincam');
  const result: InfoCommand = { type: 'main-cam', command };
  const sync = read.flag('x-webrtc-sync');
  if (sync !== undefined) result.sync = sync;
  if (command === 'MAXMAINCAMRESOLUTION') {
    const resolution = read.resolution('x-webrtc-maincam-resolution');
    if (resolution) result.resolution = resolution;
  }
  return result;
}

function mic(read: HeaderReader, _m: InfoMessage, warn: (m: string) => void): InfoCommand | undefined {
  const command = read.oneOf('x-webrtc-mic', MIC);
  if (!command) return missing(warn, 'mic', 'x-webrtc-mic');
  const sync = read.flag('x-webrtc-sync');
  return sync === undefined ? { type: 'mic', command } : { type: 'mic', command, sync };
}

function license(read: HeaderReader, _m: InfoMessage, warn: (m: string) => void): InfoCommand | undefined {
  const value = read.oneOf('x-webrtc-use-license', LICENSES);
  return value ? { type: 'license', license: value } : missing(warn, 'licence', 'x-webrtc-use-license');
}

function partState(read: HeaderReader, _m: InfoMessage, warn: (m: string) => void): InfoCommand | undefined {
  const state = read.oneOf('x-webrtc-partstate', PART_STATES);
  if (!state) return missing(warn, 'participant state', 'x-webrtc-partstate');
  if (state === 'PARTICIPANT') return { type: 'participant' };
  const modeIndex = read.integer('x-webrtc-spectator-mode', 0, 2);
  const command: InfoCommand = { type: 'spectator', canSendMedia: modeIndex === 1 };
  const audioId = read.text('x-webrtc-audioid');
  if (audioId !== undefined) command.audioId = audioId;
  if (modeIndex !== undefined) command.mode = SPECTATOR_MODES[modeIndex];
  return command;
}

function restart(read: HeaderReader): InfoCommand {
  const command: InfoCommand = { type: 'restart' };
  const tracksDirection = read.oneOf('x-webrtc-tracks-direction', DIRECTIONS);
  const audioTrackCount = read.integer('x-webrtc-audio-track-count', 0, 16);
  const videoTrackCount = read.integer('x-webrtc-video-track-count', 0, 16);
  if (tracksDirection) command.tracksDirection = tracksDirection;
  if (audioTrackCount !== undefined) command.audioTrackCount = audioTrackCount;
  if (videoTrackCount !== undefined) command.videoTrackCount = videoTrackCount;
  return command;
}

function dtmf(_read: HeaderReader, message: InfoMessage, warn: (m: string) => void): InfoCommand | undefined {
  const parsed = typeof message.body === 'string' ? parseDtmfRelay(message.body.slice(0, 1024)) : undefined;
  return parsed ? { type: 'dtmf', ...parsed } : missing(warn, 'DTMF', 'a Signal= line');
}

function missing(warn: (m: string) => void, what: string, headers: string): undefined {
  warn(`Ignored a ${what} INFO without a usable ${headers}`);
  return undefined;
}
