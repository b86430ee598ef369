/**
 * The Vinteo conference protocol as typed data: what the server tells us during a call (room, role, licence,
 * admin commands, notifications) and the read model apps and elements render. Wire facts:
 * reference/vinteo-protocol.md §3.6–3.9, protocol.md §10–3.13, protocol.md §6.4, protocol.md §6.5. Payloads are our own plain data.
 */

/** Licence the server granted for this call (`x-webrtc-use-license`). */
export type License = 'AUDIO' | 'VIDEO' | 'AUDIOPLUSPRESENTATION';

/**
 * Where the call stands in the conference (protocol.md §9, derived; first match wins):
 * `disconnecting` (we hang up) → `presentation-call` → `in-room` (room + a token for that room) →
 * `direct-p2p-room` → `p2p-room` (`p2p{A}to{B}`) → `purgatory` (waiting room) → `room-pending-auth` (room, no
 * token for it) → `connecting` (call started, no room yet) → `idle`.
 */
export type RoomStatus =
  | 'idle'
  | 'connecting'
  | 'purgatory'
  | 'room-pending-auth'
  | 'in-room'
  | 'p2p-room'
  | 'direct-p2p-room'
  | 'presentation-call'
  | 'disconnecting';

export interface RoomState {
  status: RoomStatus;
  /** Number we dialled, or the caller's user for an answered call. */
  number?: string;
  /** Room id as the server sent it (original case; compare case-insensitively). */
  room?: string;
  /** Our name in the room (original case); the server's echo of our own display name is kept as typed (`Demo guest`, not `Demo_guest`). */
  participantName?: string;
  /** The conference the bearer token is for (the token itself is never in the snapshot). */
  tokenConference?: string;
  hasToken: boolean;
  isDirectPeerToPeer: boolean;
  /** When the first room was entered (ms since epoch). */
  startedAt?: number;
}

/** `x-webrtc-spectator-mode`: 0 set by an operator, 1 by camera state (may still send), 2 forced. */
export type SpectatorMode = 'manual' | 'by-camera' | 'forced';

export type Role =
  | { type: 'participant' }
  /** Without an audio id media keeps flowing over the call (legacy "synthetic" spectator). */
  | { type: 'spectator'; audioId?: string; canSendMedia: boolean; mode?: SpectatorMode };

export type MainCamCommand =
  'ADMINSTARTMAINCAM' | 'ADMINSTOPMAINCAM' | 'PAUSEMAINCAM' | 'RESUMEMAINCAM' | 'MAXMAINCAMRESOLUTION';
export type MicCommand = 'ADMINSTARTMIC' | 'ADMINSTOPMIC';
export type ShareState =
  'YOUCANRECEIVECONTENT' | 'CONTENTEND' | 'YOUMUSTSTOPSENDCONTENT' | 'LETMESTARTPRESENTATION' | 'STOPPRESENTATION';
export type ShareCodec = 'H264' | 'VP8' | 'VP9' | 'AV1';
export type TracksDirection = 'SENDRECV' | 'SENDONLY' | 'RECVONLY';
/** Spectator receive quality; `auto` is served as `high`. */
export type RecvQuality = 'low' | 'medium' | 'high' | 'auto';

export interface Channels {
  inputChannels: string;
  outputChannels: string;
}
export interface ConferenceRef {
  conference: string;
}
export interface AdminCommand {
  syncForced: boolean;
}

/** An admin asked to turn a device on/off; `forced` ones are applied, the others may be refused by the user. */
export interface AdminRequest {
  device: 'camera' | 'mic';
  action: 'start' | 'stop';
  syncForced: boolean;
}

/** Every `api:*` event (protocol.md §6.5 catalogue, our payloads). */
export interface ApiEvents {
  'api:enter-room': { room: string; participantName: string; bearerToken?: string; isDirectPeerToPeer?: boolean };
  'api:main-cam-control': { mainCam?: MainCamCommand; resolution?: { width: number; height: number } };
  'api:use-license': { license: License };
  'api:new-dtmf': { tone: string; originator: 'local' | 'remote' };
  'api:conference:participant-token-issued': { conference: string; participant: string; jwt: string };
  'api:contented-stream:available': { codec?: ShareCodec };
  'api:contented-stream:not-available': Record<string, never>;
  'api:presentation:must-stop': Record<string, never>;
  'api:channels:all': Channels;
  'api:channels:notify': Channels;
  'api:participant:added-to-list-moderators': ConferenceRef;
  'api:participant:removed-from-list-moderators': ConferenceRef;
  'api:participant:move-request-to-stream': ConferenceRef;
  'api:participant:move-request-to-spectators': {
    canSendMedia: boolean;
    synthetic: boolean;
    audioId?: string;
    mode?: SpectatorMode;
  };
  'api:participant:move-request-to-spectators-synthetic': { canSendMedia: boolean; mode?: SpectatorMode };
  'api:participant:move-request-to-spectators-with-audio-id': {
    canSendMedia: boolean;
    audioId: string;
    mode?: SpectatorMode;
  };
  'api:participant:move-request-to-participants': Record<string, never>;
  'api:participation:accepting-word-request': ConferenceRef;
  'api:participation:cancelling-word-request': ConferenceRef;
  'api:webcast:started': ConferenceRef & { type: string };
  'api:webcast:stopped': ConferenceRef & { type: string };
  'api:account:changed': Record<string, never>;
  'api:account:deleted': Record<string, never>;
  'api:admin:start-main-cam': AdminCommand;
  'api:admin:stop-main-cam': AdminCommand;
  'api:admin:start-mic': AdminCommand;
  'api:admin:stop-mic': AdminCommand;
  'api:admin:force-sync-media-state': AdminCommand;
  'api:failed-send-room-direct-p2p': { error: import('../errors.js').VinteoError };
  /** protocol.md §6.4 server-requested restart (optional feature of older servers). */
  'api:restart': { tracksDirection?: TracksDirection; audioTrackCount?: number; videoTrackCount?: number };
}

/** Conference read model: one snapshot for apps and elements. */
export interface ConferenceSnapshot {
  room: RoomState;
  role: Role;
  license?: License;
  /** The last admin media command was forced (`x-webrtc-sync: 1`). */
  syncForced: boolean;
  /** The server announced a content (presentation) stream and, if known, its codec. */
  content: { available: boolean; codec?: ShareCodec };
  /** Spectator receive-only session state (spectator with audio id only). */
  recvSession: 'none' | 'starting' | 'active' | 'failed';
  recvQuality: RecvQuality;
  moderator: boolean;
}

export interface ConferenceEvents extends ApiEvents {
  /** Any change of the snapshot. */
  'conference:changed': { snapshot: ConferenceSnapshot; previous: ConferenceSnapshot };
  'conference:room-changed': { room: RoomState; previous: RoomState };
  'conference:role-changed': { role: Role; previous: Role };
  /** An admin media command (derived from api:admin:*), for the UI to apply or ask the user about. */
  'conference:admin-request': AdminRequest;
  /** Spectator receive-only session lifecycle; remote tracks then come from it. */
  'conference:recv-session': {
    state: ConferenceSnapshot['recvSession'];
    quality: RecvQuality;
    error?: import('../errors.js').VinteoError;
  };
}

/** The conference commands of the connector (protocol.md §8). All are in-dialog INFOs with an empty body. */
export interface ConferenceApi {
  readonly conference: ConferenceSnapshot;
  /** The bearer token for `conference.room.tokenConference`, if any (never logged or rendered). */
  readonly bearerToken: string | undefined;
  sendChannels(channels: Channels): Promise<void>;
  /** Reports the current media state (the reply to a forced or accepted admin request). */
  sendMediaState(state?: { camera: boolean; mic: boolean }): Promise<void>;
  /** The user refused an admin request to turn a device on. */
  sendRefusal(device: 'camera' | 'mic'): Promise<void>;
  /** Asks the moderator for permission to turn the camera on; a 603 rejects with code `permission-denied`. */
  askPermissionToEnableCamera(): Promise<void>;
  /** Spectator receive quality (renegotiates the receive-only session when the effective quality changes). */
  setRecvQuality(quality: RecvQuality): Promise<void>;
}
