/**
 * Presentation (screen sharing) as typed data: our outgoing presentation (a second video stream) and the content
 * stream others share. Wire facts: reference/vinteo-protocol.md §3.10–3.11, protocol.md §15, §4.5, protocol.md §11, §7 items 15 and 17.
 */
import type { ShareCodec } from '../conference/types.js';
import type { VinteoError } from '../errors.js';

/** `idle` → `starting` (permission INFO, attach, re-INVITE) → `active` ⇄ `updating` → `stopping` → `idle`. */
export type PresentationState = 'idle' | 'starting' | 'active' | 'updating' | 'stopping';

/** Why a presentation ended or never started. */
export type PresentationStopReason =
  | 'local' // stopPresentation()
  | 'track-ended' // the shared track ended (the browser's own "Stop sharing" button)
  | 'server' // YOUMUSTSTOPSENDCONTENT
  | 'spectator' // we were moved to the spectators
  | 'call-ended' // the call ended while sharing
  | 'refused' // the server refused permission (LETMESTARTPRESENTATION not 2xx): no media change
  | 'renegotiation-failed'
  | 'error';

/** Which handshake a presentation uses: the MCU permission INFO, or the P2P announce (direct P2P / presentation call). */
export type PresentationHandshake = 'mcu' | 'p2p';

export interface PresentationOptions {
  /** `contentHint` for the shared track (default `detail`). */
  contentHint?: 'detail' | 'text' | 'motion' | '';
  /** Cap of the presentation sender in bit/s (default 1 000 000). */
  maxBitrate?: number;
  /** Largest size sent; the sender scales down to fit (default: the connection's `maxAvailableResolution`). */
  maxResolution?: { width: number; height: number };
  degradationPreference?: 'maintain-framerate' | 'maintain-resolution' | 'balanced';
  /**
   * Where the screen comes from when no track is given (default: the connector's `getDisplayMedia` option, else the
   * browser's picker). A screen captured this way belongs to the presentation: it is stopped when the presentation ends.
   */
  source?: (constraints: DisplayMediaStreamOptions) => Promise<MediaStream>;
  /**
   * A track you pass is handed over (default `true`): the connector stops it when it takes it off the sender (stop,
   * update, a failure after it was attached, the end of the call). `false` leaves it live: stopping it is yours.
   * A screen the connector captured itself is always stopped.
   */
  stopTrack?: boolean;
}

export interface PresentationSnapshot {
  state: PresentationState;
  handshake?: PresentationHandshake;
  /** The track we share while `starting`/`active`/`updating`. */
  track?: MediaStreamTrack;
  /** Why the last presentation ended (kept until the next start). */
  lastStopReason?: PresentationStopReason;
}

/** The remote streams of a call, told apart (protocol.md §12): the conference/camera stream and the shared content. */
export interface RemoteStreamsView {
  main?: MediaStream;
  /** Present only between YOUCANRECEIVECONTENT and CONTENTEND (participant: the `dual` track; spectator: `content_{codec}`). */
  content?: MediaStream;
  contentCodec?: ShareCodec;
}

export interface PresentationEvents {
  'presentation:start': { track: MediaStreamTrack };
  'presentation:started': { track: MediaStreamTrack };
  'presentation:updating': { track: MediaStreamTrack };
  'presentation:updated': { track: MediaStreamTrack };
  'presentation:end': { track: MediaStreamTrack; reason: PresentationStopReason };
  'presentation:ended': { reason: PresentationStopReason };
  'presentation:failed': { error: VinteoError; reason: PresentationStopReason };
  'presentation:state': { state: PresentationState; previous: PresentationState };
}

export interface PresentationApi {
  readonly presentation: PresentationSnapshot;
  /**
   * Shares `track` (default: a `getDisplayMedia` video track) as the presentation. Rejects with `invalid-state` when
   * one is starting or active, `presentation-refused` when the server says no (nothing renegotiated).
   */
  startPresentation(track?: MediaStreamTrack, options?: PresentationOptions): Promise<void>;
  /** Replaces the shared track (same INFO, replaceTrack, no re-INVITE). */
  updatePresentation(track: MediaStreamTrack): Promise<void>;
  /** Stops sharing: the stop INFO, the track stopped (the m-line stays). */
  stopPresentation(): Promise<void>;
}
