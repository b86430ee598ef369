/** Browser-side handle on the local Vinteo server (runs in the test runner; see test/server/). */
import { executeServerCommand } from '@web/test-runner-commands';

export interface ServerInfo {
  wsUrl: string;
  /** Base URL of the HTTP API (spectator offer endpoint), e.g. http://127.0.0.1:PORT. */
  apiUrl: string;
  domain: string;
  accounts: Array<{ user: string; password: string }>;
}
/** `connectionId` numbers the WebSockets the server accepted (1, 2, …): which connection a request came on. */
export interface RecordedRequest {
  connectionId: number;
  method: string;
  ruri: string;
  callId: string;
  cseq: number;
  fromUser: string;
  toUser: string;
  headers: Record<string, string>;
  body: string;
  time: number;
}
export interface MediaCounters {
  packetsReceived: number;
  bytesReceived: number;
  packetsSent: number;
}
export interface DialogSnapshot {
  callId: string;
  direction: 'incoming' | 'outgoing';
  user: string;
  target: string;
  state: 'ringing' | 'confirmed' | 'terminated';
  /** The connection the dialog is on now (it moves when the client's in-dialog request comes on a new one). */
  connectionId: number;
  /** Whether that connection is open; while it is closed the dialog waits `dialogGraceMs` for the client. */
  connected: boolean;
  /** When the client's socket closed (absent while connected). */
  orphanedAt?: number;
  finalStatus?: number;
  infoDigits: string[];
  media: { audio: MediaCounters; video: MediaCounters; rfc4733Digits: string[] };
  /** The server peer's ICE: generation (+1 per ICE restart), whether a pair of that generation is nominated, state. */
  ice: { generation: number; nominated: boolean; state: string };
}
export interface Registration {
  user: string;
  contact: string;
  headers: Record<string, string>;
}

/** Who to act on: a live call by user or Call-ID (without either: the latest call). */
export interface By {
  user?: string;
  callId?: string;
}
export interface SipStatus {
  status: number;
  reason: string;
}
export interface ReceivedInfo {
  contentType: string;
  headers: Record<string, string>;
  status: number;
  time: number;
}
export interface ConferenceParticipant {
  callId: string;
  user: string;
  displayName: string;
  role: 'participant' | 'spectator';
  /** 'purgatory' (waiting room) or the conference number. */
  room: string;
  guest: boolean;
  token?: string;
  joinedAt: number;
  /** Vinteo INFOs this participant sent, with the status the emulator answered. */
  infos: ReceivedInfo[];
  /** RTP received from the participant and sent to it (its echo or another participant's media). */
  media: { audio: MediaCounters; video: MediaCounters };
  /** Whose media it receives: another participant's Call-ID, or 'echo'. */
  receives: string;
  /** A content-only call (`X-Vinteo-Presentation-Call: yes`). */
  presentationCall?: boolean;
  /** 'granted' after a 200 to LETMESTARTPRESENTATION, 'presenting' once its content RTP flows. */
  presentation?: 'none' | 'granted' | 'presenting';
  /** The conference's presentation on this participant's content line (its second video m-line). */
  content?: ContentReception;
}
export interface ContentReception {
  /** The presenter's Call-ID while its RTP is forwarded here, else null. */
  receives: string | null;
  /** YOUCANRECEIVECONTENT sent (and no CONTENTEND since). */
  announced: boolean;
  /** Whether the call has a content line (the browser's second video m-line, or one the server added by re-INVITE). */
  line: boolean;
  packetsSent: number;
}
/** A receive-only spectator session opened through the offer endpoint (`id` = the offer's SDP session id). */
export interface ConferenceViewer {
  id: string;
  owner: string;
  quality: string;
  audioId: string;
  createdAt: number;
  closed: boolean;
  packetsSent: { audio: number; video: number; content?: number };
  receives: string;
}
export interface ConferenceSnapshot {
  conference: string;
  license: string;
  waitingRoom: boolean;
  participants: ConferenceParticipant[];
  viewers: ConferenceViewer[];
  /** Whether LETMESTARTPRESENTATION is answered 200 ('allow', default) or 403 ('refuse'). */
  presentation?: 'allow' | 'refuse';
  /** Who presents now (its content is forwarded to the others), or null. */
  presenter?: { callId: string; user: string; presentationCall: boolean } | null;
}
export interface OfferRequest {
  conference: string;
  quality: string;
  audioId: string;
  tokenOk: boolean;
  status: number;
  time: number;
}
export interface InfoReplyRule {
  conference?: string;
  contentType: string;
  match?: Record<string, string>;
  status: number;
  reason?: string;
}

/** A bandwidth cap on lo (test/server/link-cap.js) and the packets its token bucket sent and dropped so far. */
export interface BandwidthCap {
  rateKbit: number;
  burstKbit: number;
  latencyMs: number;
  until: number;
  sent: number;
  dropped: number;
}

async function command<T>(action: string, args: object = {}): Promise<T> {
  const result = await executeServerCommand<T | { error: string }, object>('vinteo', { action, args });
  if (result && typeof result === 'object' && 'error' in (result as object))
    throw new Error(`vinteo server: ${(result as { error: string }).error}`);
  return result as T;
}

export const vinteoServer = {
  info: () => command<ServerInfo>('info'),
  requests: (filter: { method?: string; since?: number } = {}) => command<RecordedRequest[]>('requests', filter),
  dialogs: () => command<DialogSnapshot[]>('dialogs'),
  registrations: () => command<Registration[]>('registrations'),
  hangUp: (by: { callId?: string; user?: string }) => command<{ status: number }>('hangUp', by),
  sendInfo: (args: {
    callId?: string;
    user?: string;
    contentType: string;
    headers?: Record<string, string>;
    body?: string;
  }) => command<{ status: number; reason: string }>('sendInfo', args),
  /** Out-of-dialog NOTIFY; `notify` (object or JSON string) becomes the `X-VINTEO-NOTIFY` header. */
  sendNotify: (args: By & { event?: string; headers?: Record<string, string>; body?: string; notify?: unknown }) =>
    command<SipStatus>('sendNotify', args),
  callUser: (args: { user: string; from?: string; displayName?: string; headers?: Record<string, string> }) =>
    command<{ callId: string }>('callUser', args),
  cancelCall: (args: { callId: string }) => command<{ sent: boolean }>('cancelCall', args),
  waitFor: (args: { method: string; timeoutMs?: number; since?: number }) => command<RecordedRequest>('waitFor', args),
  reset: () => command<{ ok: boolean }>('reset'),

  // Network faults (test/server/faults.js); all undone by reset().
  /** How long a dialog outlives its client's closed WebSocket (default 32 000 ms). */
  configureFaults: (args: { dialogGraceMs?: number }) => command<{ dialogGraceMs: number }>('configureFaults', args),
  /** The default fault settings again, listening again if refused (done by reset(), and when a new test file starts). */
  resetFaults: () => command<{ ok: boolean }>('resetFaults'),
  /** Closes the WebSocket of a call (callId), a user (registration, else call) or the latest call: 'clean' = close 1001, 'abrupt' (default) = destroyed. */
  dropConnection: (args: By & { mode?: 'abrupt' | 'clean' }) =>
    command<{ dropped: boolean; connectionId: number; mode: string }>('dropConnection', args),
  /** Closes the listening socket (connects are refused, open sockets stay) and listens again on the same port after `ms`. Returns at once. */
  refuseConnections: (args: { ms: number }) => command<{ until: number }>('refuseConnections', args),
  listening: () => command<{ listening: boolean }>('listening'),
  /**
   * Like a process restart: every socket cut; registrations, calls (media closed) and pending INVITEs forgotten;
   * listener down for `downMs`. Returns at once. (`restart` is the emulator's restart INFO.)
   */
  restartServer: (args: { downMs?: number } = {}) => command<{ until: number }>('restartServer', args),
  /** 'ignore': OPTIONS and CRLF keep-alive pings go unanswered (an open but dead transport). */
  setOptionsReply: (args: { mode: 'answer' | 'ignore' }) => command<{ mode: string }>('setOptionsReply', args),
  /** The call's media peer stops (or, with `stopped: false`, resumes) sending RTP and RTCP; ICE and the dialog stay. */
  stopMedia: (args: By & { stopped?: boolean }) => command<{ callId: string; stopped: boolean }>('stopMedia', args),
  /** The call's media peer drops `share` (0–1; 0 lifts it) of the RTP it sends, evenly spread; `dropped` counts so far. Lifted by reset(). */
  dropRtp: (args: By & { share: number }) =>
    command<{ callId: string; share: number; dropped: number }>('dropRtp', args),
  /** The call's main video stops (audio goes on); `stopped: false` resumes it, `untilReinvite` lets the browser's next re-INVITE resume it. */
  stopVideo: (args: By & { stopped?: boolean; untilReinvite?: boolean }) =>
    command<{ callId: string; stopped: boolean; untilReinvite: boolean }>('stopVideo', args),
  /**
   * Caps UDP (the media) on lo with tc (htb + tbf; default burst 16 kbit, latency 50 ms) for at most `ms` (default
   * 60 s). Refused unless the runner's network namespace has only `lo`. Lifted by liftBandwidthCap() and reset().
   */
  capBandwidth: (args: { rateKbit: number; burstKbit?: number; latencyMs?: number; ms?: number }) =>
    command<BandwidthCap>('capBandwidth', args),
  /** Removes the cap (a no-op without one); what it sent and dropped while on. */
  liftBandwidthCap: () => command<{ lifted: boolean; sent: number; dropped: number }>('liftBandwidthCap'),
  /** The cap now with its packet counters, or null. */
  bandwidthCap: () => command<BandwidthCap | null>('bandwidthCap'),
  /** The next `count` (default: all, until reset or status 200) client re-INVITEs are answered with `status` instead of 200. */
  setReinviteReply: (args: { status: number; count?: number }) =>
    command<{ status: number; count: number | null }>('setReinviteReply', args),

  // The conference emulator (every number except the special targets is a conference).
  conferences: () => command<ConferenceSnapshot[]>('conferences'),
  /** Licence sent after enter-room (default VIDEO); whether guests wait in the waiting room (default true). */
  configureConference: (args: {
    conference: string;
    license?: string;
    waitingRoom?: boolean;
    presentation?: 'allow' | 'refuse';
  }) =>
    command<{ conference: string; license: string; waitingRoom: boolean; presentation: 'allow' | 'refuse' }>(
      'configureConference',
      args,
    ),
  /** YOUMUSTSTOPSENDCONTENT to a participant, or (with only `conference`) to its presenter. */
  stopPresentation: (args: By & { conference?: string }) =>
    command<SipStatus & { callId: string; user: string }>('stopPresentation', args),
  /** In-dialog INFO `application/vinteo.webrtc.notify` with `x-vinteo-notify: {json}`. */
  notifyInfo: (args: By & { notify: unknown }) => command<SipStatus>('notifyInfo', args),
  /** Enter-room for the conference with a fresh token, for a participant in the waiting room. */
  admit: (by: By) => command<SipStatus & { room: string; token: string }>('admit', by),
  /** Partstate INFO (PARTICIPANT, or SPECTATOR with optional audio id and spectator mode 0|1|2). */
  setRole: (args: By & { role: 'participant' | 'spectator'; audioId?: string; spectatorMode?: 0 | 1 | 2 }) =>
    command<SipStatus & { role: string }>('setRole', args),
  /** ADMINSTART/STOP MAINCAM or MIC with `x-webrtc-sync: 1` when forced. */
  adminMedia: (args: By & { device: 'camera' | 'mic'; action: 'start' | 'stop'; forced?: boolean }) =>
    command<SipStatus>('adminMedia', args),
  /** NOTIFY ConferenceParticipantTokenIssued with a fresh token (valid for the offer endpoint). */
  issueToken: (args: By & { conference?: string }) =>
    command<SipStatus & { token: string; conference: string }>('issueToken', args),
  /** Licence INFO to one participant, or (with `conference`) the conference's licence, sent to everyone in it. */
  setLicense: (args: By & { conference?: string; license: string }) =>
    command<{ license: string; sent: Array<SipStatus & { callId: string; user: string }> }>('setLicense', args),
  /** The v16–v19 restart INFO (§3.19). */
  restart: (
    args: By & { audioTrackCount?: number; videoTrackCount?: number; direction?: 'SENDRECV' | 'SENDONLY' | 'RECVONLY' },
  ) => command<SipStatus>('restart', args),
  /** How the emulator answers client INFOs of a content type (newest rule first; status 200 removes the rule). */
  setInfoReply: (rule: InfoReplyRule) => command<{ rules: InfoReplyRule[] }>('setInfoReply', rule),
  /** Requests to the spectator offer endpoint, oldest first. */
  offers: () => command<OfferRequest[]>('offers'),
};
