/**
 * Public data types of the connector: configuration, states, event payloads and the
 * {@link VinteoConnectorApi} interface that elements (and apps, and the test fake) rely on.
 * Plain data only: no sip.js objects leak through this surface.
 */
import type { VinteoError } from './errors.js';
import type { Listener } from './emitter.js';
import type { ConferenceApi, ConferenceEvents, ConferenceSnapshot } from './conference/types.js';
import type {
  PresentationApi,
  PresentationEvents,
  PresentationState,
  RemoteStreamsView,
} from './presentation/types.js';
import type { DevicesApi, DevicesEvents } from './media/device-types.js';
import type { BalancerOptions, OutboundVerification, StatsApi, StatsEvents } from './stats/types.js';
import type { ReconnectPolicy, ReconnectReason } from './connection/reconnect-policy.js';

// ───────────────────────── connection ─────────────────────────

export interface ConnectionConfig {
  /**
   * Where the SIP WebSocket lives. A bare host (`vinteo.example.com` or `host:port`) is a Vinteo
   * front end and becomes `wss://{host}/webrtc/wss/`; a full `ws://` / `wss://` URL is used as given
   * (standard SIP servers: Kamailio, Asterisk, FreeSWITCH …).
   */
  server: string;
  /** SIP domain (host part of every SIP URI). Defaults to the host of `server`. */
  domain?: string;
  /** SIP user. Required when `register` is true; guests get a random numeric user. */
  user?: string;
  /** Digest password. Never logged, never put in an error message or in the DOM. */
  password?: string;
  /** Digest authorization user when it differs from `user`. */
  authorizationUser?: string;
  /** REGISTER with the server (default false: guest, no REGISTER). */
  register?: boolean;
  /** Display name; spaces become `_` on the wire, as Vinteo expects. */
  displayName?: string;
  /** Client's public address as seen by the server; sent as `X-Vinteo-Remote` on REGISTER. */
  remoteAddress?: string;
  /** Extra headers (`Name: value`) for REGISTER. */
  extraHeaders?: string[];
  /** ICE servers for calls. Default `[]` (no public STUN server is ever contacted by default). */
  iceServers?: RTCIceServer[];
  /** Application name and version for the User-Agent header (`ChromeNew - {browser}, {app} {major}`). */
  appName?: string;
  appVersion?: string;
  /** Literal User-Agent string; overrides `appName`/`appVersion`. */
  userAgent?: string;
  /** REGISTER expiry in seconds (default 300). */
  registerExpires?: number;
  /** How long connect() waits for the WebSocket (and REGISTER) before failing (default 10000 ms). */
  connectTimeoutMs?: number;
  /** Longest wait for ICE gathering in ms (default 1000); with no `iceServers` the offer goes once every ICE transport has a host UDP candidate. */
  iceGatheringTimeoutMs?: number;
  /**
   * Base URL of the Vinteo HTTP API (the spectator's receive-only session posts its offer there). Default
   * `https://{host[:port] of the WebSocket server}`; an `http://` or `https://` URL.
   */
  apiUrl?: string;
  /**
   * Largest video size the server takes (protocol.md §11): the presentation sender (and later the camera's) scales down to fit,
   * `scaleResolutionDownBy = max(trackWidth / width, trackHeight / height, 1)`.
   */
  maxAvailableResolution?: { width: number; height: number };
  /**
   * Stay connected through network faults (default true): after a successful `connect()`, every loss that is not
   * `disconnect()` moves to `reconnecting` and back. False: a loss ends in `disconnected`, as before.
   */
  reconnect?: boolean;
  /** When to retry (default {@link DefaultReconnectPolicy}: at once, then dense for 10 s, then 4–8 s, never gives up). */
  reconnectPolicy?: ReconnectPolicy;
  /** Interval of the keep-alive probe (an OPTIONS to the domain) in ms (default 15000; 0 turns it off). */
  keepAliveIntervalMs?: number;
  /** A probe unanswered after this many ms means the transport is dead, even if the socket looks open (default 10000). */
  keepAliveTimeoutMs?: number;
  /** After the browser's `offline` event, attempts pause until `online`; a connection still alive after this grace (ms) is kept (default 2000). */
  offlineGraceMs?: number;
  /** The camera sender's balancer (docs/connector.md "Sending quality"): on by default, starts 10 s after confirmation. */
  videoBalancer?: BalancerOptions;
  /**
   * Report our available incoming bitrate to the server (INFO `application/vinteo.webrtc.stats`). `'auto'` (default):
   * only once the server has shown in the call that it is a Vinteo server; `true` always; `false` never.
   */
  bandwidthReport?: boolean | 'auto';
  /**
   * Watch the main remote video and re-INVITE when it stalls (`main-stream-health:*`). `'auto'` (default): only once the
   * server has shown in the call that it is a Vinteo server; `true` always; `false` never.
   */
  mainStreamHealth?: boolean | 'auto';
}

/**
 * `disconnected` → `connecting` → `connected` (guest, transport up) → `registered` (when registering)
 * → `disconnecting` → `disconnected`. After a loss that was not `disconnect()`: `connected`/`registered` →
 * `reconnecting` → `connected`/`registered` again (or `disconnected` if the policy gives up).
 */
export type ConnectionState =
  'disconnected' | 'connecting' | 'connected' | 'registered' | 'reconnecting' | 'disconnecting';

// ───────────────────────── calls ─────────────────────────

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** Media options for a call, an answer or a stream replacement. */
export interface MediaOptions {
  /** Local media. Audio tracks get transceivers first, then video. */
  mediaStream?: MediaStream;
  /** Direction of the audio / video transceivers (default `sendrecv`; `recvonly` when no track of that kind). */
  directionAudio?: MediaDirection;
  directionVideo?: MediaDirection;
  /** Offer to receive audio / video even with no local track of that kind (default true). */
  offerToReceiveAudio?: boolean;
  offerToReceiveVideo?: boolean;
  /** Encodings for the video sender(s). */
  sendEncodings?: RTCRtpEncodingParameters[];
  degradationPreference?: 'maintain-framerate' | 'maintain-resolution' | 'balanced';
  /** `contentHint` applied to video tracks. */
  contentHint?: 'motion' | 'detail' | 'text' | '';
  /** Video codec mime types to put first (e.g. `['video/VP8']`). */
  preferredVideoCodecs?: string[];
  /** Video codec mime types to remove from the offer (e.g. `['video/H264']`). */
  excludedVideoCodecs?: string[];
  /** Called for every transceiver the connector adds. */
  onAddedTransceiver?: (transceiver: RTCRtpTransceiver, track: MediaStreamTrack | undefined) => void;
}

export interface CallOptions extends MediaOptions, CallBehaviour {
  /** Extra INVITE headers (`Name: value`). The Vinteo headers are added by the connector. */
  extraHeaders?: string[];
  /** `X-Vinteo-Session` value. */
  sessionId?: string;
  /** Place a presentation-only call (`X-Vinteo-Presentation-Call: yes`). */
  presentationCall?: boolean;
}

/** Options shared by calls and answers that are not about local media. */
export interface CallBehaviour {
  /**
   * Ask the far end for a key frame with an RFC 5168 `picture_fast_update` INFO when remote video decodes no
   * frame for 1.5 s (default true). Plain-RTP endpoints behind a media relay need it.
   */
  requestKeyFrames?: boolean;
  /**
   * A direct peer-to-peer call between two Vinteo clients: once confirmed, tell the far end the room with an
   * `application/vinteo.webrtc.roomname` INFO (`p2p{caller}to{callee}`, `x-webrtc-is-direct-p2p: true`). Default
   * false (conference calls must not send it).
   */
  directPeerToPeer?: boolean;
  /**
   * When the call is lost (its dialog is gone after a reconnection: 481/408/no answer to the refresh, or no media
   * until `mediaTimeoutMs`), call the same target again with the same media, re-joining the conference (default
   * false). `true` = 5 attempts with backoff and jitter; a number = that many attempts.
   */
  autoRedial?: boolean | number;
  /** No inbound packets on any stream for this long (ms) is a media problem: ICE restart (default 2000). */
  mediaProblemMs?: number;
  /** Still no media this long (ms) after the problem began: the call ends with `media-timeout` (default 15000). */
  mediaTimeoutMs?: number;
}

export type AnswerOptions = MediaOptions & CallBehaviour & { extraHeaders?: string[] };

/**
 * `idle` → `calling` (INVITE sent) → `active` (confirmed) → `ending` → `idle`;
 * incoming: `idle` → `ringing` → `answering` → `active`.
 */
export type CallState = 'idle' | 'calling' | 'ringing' | 'answering' | 'active' | 'ending';

export type CallDirection = 'outgoing' | 'incoming';

/** Who ended a call: us, the far end, or the system (network, media, timeout). */
export type CallOriginator = 'local' | 'remote' | 'system';

/** Why a call ended (a cause set compatible with the reference SDK's classification). */
export type CallEndCause =
  | 'hangup' // normal BYE
  | 'canceled' // we cancelled before answer
  | 'declined' // incoming call declined by us
  | 'rejected' // far end refused (4xx/6xx)
  | 'busy'
  | 'not-found'
  | 'request-timeout'
  | 'unavailable'
  | 'connection-error'
  | 'media-error'
  | 'ice-failed'
  | 'media-timeout' // no media for `mediaTimeoutMs` (the far end vanished, or the network is gone)
  | 'dialog-lost' // after a reconnection the dialog refresh got 481/408 or no answer: the server forgot the call
  | 'authentication-failed'
  | 'internal-error';

export interface CallInfo {
  id: string;
  direction: CallDirection;
  /** Number / conference / user we called, or the caller's user for incoming calls. */
  target: string;
  remoteUri: string;
  remoteDisplayName?: string;
  startedAt?: number;
}

export interface CallerInfo {
  /** Caller's SIP user (the `incomingNumber`). */
  user: string;
  displayName?: string;
  host: string;
  uri: string;
  /** Headers of the INVITE, names as received. */
  headers: Record<string, string>;
}

export interface CallEndedPayload {
  call: CallInfo;
  originator: CallOriginator;
  cause: CallEndCause;
  statusCode?: number;
  reason?: string;
}

export interface DtmfOptions {
  /** `info` (SIP INFO application/dtmf-relay, default) or `rfc4733` (RTP telephone-event). */
  mode?: 'info' | 'rfc4733';
  /** Tone length in ms (default 120). */
  duration?: number;
  /** Gap between tones in ms (default 600 for INFO, 100 for RFC 4733). */
  gap?: number;
}

export interface InfoMessage {
  contentType: string;
  /** Header names as received; read them with {@link getHeader} for case-insensitive lookup. */
  headers: Record<string, string>;
  body: string;
}

export interface InfoResponse {
  statusCode: number;
  reasonPhrase: string;
}

export interface NotifyMessage extends InfoMessage {
  /** Value of the Event header. */
  event: string;
}

export interface ReplaceStreamOptions extends MediaOptions {
  /** Stop the tracks that were replaced (default true). */
  stopReplaced?: boolean;
  /** Force a re-INVITE even when only tracks were swapped. */
  forceRenegotiation?: boolean;
  /**
   * Resolve only once stats show the new camera track's frames being sent (`fast`, `normal` or `strict`); otherwise
   * reject with `outbound-video-unverified` after `verifyTimeoutMs` (the stream stays replaced). Default: no check.
   */
  verifyOutboundVideo?: OutboundVerification | false;
  /** How long the verification waits (default 5000 ms). */
  verifyTimeoutMs?: number;
}

// ───────────────────────── events ─────────────────────────

export interface ConnectorEvents extends ConferenceEvents, PresentationEvents, DevicesEvents, StatsEvents {
  'connection:state': { state: ConnectionState; previous: ConnectionState };
  'connection:connecting': { server: string };
  'connection:connected': { server: string };
  'connection:registered': { user: string; expires: number };
  'connection:unregistered': { user: string };
  'connection:disconnected': { error?: VinteoError };
  'connection:failed': { error: VinteoError };
  /** Out-of-dialog NOTIFY from the server (answered 200 automatically). */
  'connection:notify': NotifyMessage;

  /** The connection was lost and an attempt is scheduled (`delayMs` from now). */
  'auto-connect:reconnecting': { attempt: number; delayMs: number; reason: ReconnectReason };
  /** One reconnection attempt failed; another follows unless the policy gives up. */
  'auto-connect:attempt-failed': { attempt: number; error: VinteoError };
  /** Transport (and registration, where configured) are back. */
  'auto-connect:reconnected': { downtimeMs: number; attempts: number };
  /** The policy returned null: the connection stays `disconnected`. */
  'auto-connect:gave-up': { attempts: number; error: VinteoError };

  'call:state': { state: CallState; previous: CallState; call?: CallInfo };
  'call:started': { call: CallInfo };
  'call:progress': { call: CallInfo; statusCode: number; reasonPhrase: string };
  'call:accepted': { call: CallInfo };
  'call:confirmed': { call: CallInfo };
  'call:ended': CallEndedPayload;
  'call:failed': CallEndedPayload & { error: VinteoError };
  'call:local-stream-changed': { stream: MediaStream | undefined };
  'call:remote-tracks-changed': {
    tracks: MediaStreamTrack[];
    streams: MediaStream[];
    change: 'added' | 'removed';
    track: MediaStreamTrack;
  };
  /** The remote main and content streams, told apart; fires only when the (main, content) pair changes. */
  'call:remote-streams-changed': RemoteStreamsView;
  'call:media-state': { micEnabled: boolean; cameraEnabled: boolean };
  /** DTMF received from, or sent to, the far end. */
  'call:dtmf': { tone: string; duration: number; originator: 'local' | 'remote' };
  /** In-dialog INFO received (answered 200 automatically). */
  'call:info': InfoMessage;
  /** We asked the far end for a key frame (RFC 5168 INFO). */
  'call:keyframe-requested': { reason: 'no-frames' | 'stalled' | 'manual' };
  /** A renegotiation (re-INVITE) completed. */
  'call:renegotiated': { call: CallInfo; initiator: 'local' | 'remote' };
  /** The call is kept while signalling (`transport`) or media (`media`) recovers; commands wait or reject. */
  'call:reconnecting': { call: CallInfo; reason: 'transport' | 'media' };
  /** The call is whole again: the dialog was refreshed over the new connection and/or media flows again. */
  'call:resumed': { call: CallInfo; downtimeMs: number };
  /** No inbound packets for `mediaProblemMs`, or ICE disconnected/failed (reported once per episode). */
  'call:media-problem': { call: CallInfo; reason: 'no-packets' | 'ice-disconnected' | 'ice-failed' };
  /** Inbound packets flow again after a media problem. */
  'call:media-recovered': { call: CallInfo; downtimeMs: number };

  /** Auto-redial (`autoRedial`): a new call to the same target is scheduled. */
  'call-reconnect:attempt-scheduled': { attempt: number; delayMs: number; target: string };
  'call-reconnect:attempt-started': { attempt: number; target: string };
  'call-reconnect:attempt-succeeded': { attempt: number; call: CallInfo };
  'call-reconnect:attempt-failed': { attempt: number; error: VinteoError };
  /** Every attempt failed: the call stays ended. */
  'call-reconnect:limit-reached': { attempts: number };
  /** Redial stopped: the user hung up or disconnected meanwhile. */
  'call-reconnect:cancelled': { reason: 'local-hangup' | 'disconnect' };

  'incoming-call:ringing': { caller: CallerInfo };
  'incoming-call:answered': { caller: CallerInfo };
  'incoming-call:declined': { caller: CallerInfo; statusCode: number };
  /** The caller cancelled, or the incoming call failed before answer. */
  'incoming-call:terminated': { caller: CallerInfo };

  /** Something went wrong that is not tied to a pending promise. */
  error: { error: VinteoError };
  /** Non-fatal oddity: malformed message, ignored late event … */
  warning: { message: string; detail?: unknown };
}

export type ConnectorEventName = keyof ConnectorEvents;

// ───────────────────────── the connector surface ─────────────────────────

/**
 * The call's media as plain data: the switches, and which streams and tracks there are (by id — read the objects
 * from the connector: `localStream`, `remoteTracks`, `remoteStreamsView`). Changes with `call:media-state`,
 * `call:local-stream-changed`, `call:remote-tracks-changed` and `call:remote-streams-changed`.
 */
export interface MediaSnapshot {
  micEnabled: boolean;
  cameraEnabled: boolean;
  /** The stream we send (`localStream`), when there is one. */
  localStreamId?: string;
  /** The live remote tracks (`remoteTracks`). */
  remoteTrackIds: string[];
  /** The remote main (conference/camera) and content (presentation) streams (`remoteStreamsView`). */
  mainStreamId?: string;
  contentStreamId?: string;
}

/** One read model of the whole session: connection, call, conference (room, role, licence …), presentation, media. */
export interface SessionSnapshot {
  connection: ConnectionState;
  call: CallState;
  /** True while the call is kept through an outage (see `call:reconnecting`). */
  callReconnecting: boolean;
  conference: ConferenceSnapshot;
  /** Our own presentation's state (`presentation:state`). */
  presentation: PresentationState;
  media: MediaSnapshot;
}

/** The public surface of the connector. `VinteoConnector` implements it; so does the testing fake. */
export interface VinteoConnectorApi extends ConferenceApi, PresentationApi, StatsApi {
  readonly connectionState: ConnectionState;
  readonly callState: CallState;
  readonly call: CallInfo | undefined;
  readonly incomingCaller: CallerInfo | undefined;
  readonly localStream: MediaStream | undefined;
  /** Live remote tracks of the current call (read from the peer connection). */
  readonly remoteTracks: MediaStreamTrack[];
  /** Remote tracks grouped by their stream. */
  readonly remoteStreams: MediaStream[];
  /** The remote main (conference/camera) and content (presentation) streams, told apart. */
  readonly remoteStreamsView: RemoteStreamsView;
  readonly micEnabled: boolean;
  readonly cameraEnabled: boolean;
  readonly peerConnection: RTCPeerConnection | undefined;
  /** The user part our AOR uses (random for guests). */
  readonly user: string | undefined;
  /** True while the call is kept through a transport or media outage (`call:reconnecting` … `call:resumed`). */
  readonly callReconnecting: boolean;
  /** Cameras, microphones and speakers: list, choose, capture, switch mid-call (`devices:*` events). */
  readonly devices?: DevicesApi;

  connect(config: ConnectionConfig): Promise<void>;
  disconnect(): Promise<void>;
  register(): Promise<void>;
  unregister(): Promise<void>;

  startCall(target: string, options?: CallOptions): Promise<CallInfo>;
  answer(options?: AnswerOptions): Promise<CallInfo>;
  /** Decline the ringing call: 487 by default, 486 for busy. */
  decline(statusCode?: number): Promise<void>;
  /** CANCEL before answer, BYE after. */
  hangUp(): Promise<void>;

  setMicEnabled(enabled: boolean): void;
  setCameraEnabled(enabled: boolean): void;
  replaceMediaStream(stream: MediaStream, options?: ReplaceStreamOptions): Promise<void>;

  sendDtmf(tones: string, options?: DtmfOptions): Promise<void>;
  sendInfo(contentType: string, body?: string, headers?: string[]): Promise<InfoResponse>;
  /** Asks the far end for a video key frame (RFC 5168 `picture_fast_update` INFO). */
  requestKeyFrame(): Promise<void>;

  on<K extends ConnectorEventName>(name: K, listener: Listener<ConnectorEvents[K]>): () => void;
  once<K extends ConnectorEventName>(name: K, listener: Listener<ConnectorEvents[K]>): () => void;
  off<K extends ConnectorEventName>(name: K, listener: Listener<ConnectorEvents[K]>): void;
  wait<K extends ConnectorEventName>(name: K, timeoutMs?: number): Promise<ConnectorEvents[K]>;

  /** Number of subscribed listeners (leak checks in tests). */
  listenerCount(name?: ConnectorEventName): number;

  /** Connection, call and conference state in one object (rebuilt on every change). */
  readonly snapshot: SessionSnapshot;
  /**
   * Calls `listener(value, previous)` when `selector(snapshot)` changes (structural equality by default), e.g.
   * `connector.subscribe((s) => s.conference.role, (role) => …)`. Returns the unsubscribe function.
   */
  subscribe<T>(
    selector: (snapshot: SessionSnapshot) => T,
    listener: (value: T, previous: T) => void,
    equals?: (a: T, b: T) => boolean,
  ): () => void;

  /** Disconnects and releases everything (media, listeners, timers). */
  dispose(): Promise<void>;
}
