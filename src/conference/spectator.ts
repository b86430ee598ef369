/**
 * What our role means for media (docs/protocol.md §10): sender caps while a spectator, and for a spectator with an audio
 * id the receive-only session, started once the room has a token (deferred until then), renegotiated when the
 * token's conference or the effective quality changes, and closed when we become a participant or the call ends.
 * While the session is active the app's remote tracks come from it. Its failures never end the call.
 */
import { RecvSessionError, type VinteoError } from '../errors.js';
import type { RemoteView } from '../call/call-manager.js';
import { MediaHealthMonitor, readingsFrom, sampleFrom } from '../media/media-health.js';
import type { StatsFeed } from '../stats/types.js';
import { RecvSession, effectiveQuality, isSuperseded, type RecvTarget, type RecvTimings } from './recv-session.js';
import { PARTICIPANT, SenderCaps, recvAudioId } from './roles.js';
import type { ConferenceSnapshot, RecvQuality, Role, RoomState } from './types.js';

export type RecvState = ConferenceSnapshot['recvSession'];

export interface SpectatorDeps {
  /** API base URL and ICE servers of the current connection. */
  settings(): { apiUrl: string; iceServers: RTCIceServer[] } | undefined;
  bearerToken(): string | undefined;
  callPeerConnection(): RTCPeerConnection | undefined;
  remote: {
    useRemoteSource(source: RemoteView | undefined): void;
    remoteSourceChanged(source: RemoteView, change: 'added' | 'removed', track: MediaStreamTrack): void;
  };
  fetch: typeof fetch;
  createPeerConnection: (config: RTCConfiguration) => RTCPeerConnection;
  timings?: Partial<RecvTimings>;
  onState(state: RecvState, error?: VinteoError): void;
  warn(message: string, detail?: unknown): void;
  /** Dead-media detection of the session (defaults as for calls: 3000 / 15000 ms). */
  health?: { problemMs?: number; timeoutMs?: number; pollMs?: number };
  /** The connector's stats collector: with it the session's health reads its samples instead of polling getStats. */
  statsFeed?: StatsFeed;
}

export class Spectator {
  #deps: SpectatorDeps;
  #caps: SenderCaps;
  #role: Role = PARTICIPANT;
  #room?: RoomState;
  #quality: RecvQuality = 'auto';
  #session?: RecvSession;
  /** What the session was (last) negotiated for; undefined while none. */
  #target?: RecvTarget;
  /** A target that failed; not retried until something about it changes. */
  #failed?: RecvTarget;
  #pending?: Promise<void>;
  #state: RecvState = 'none';
  /** Watches the active session's inbound media: re-offer (ICE restart) on a problem, fail it at the bound. */
  #health?: MediaHealthMonitor;

  constructor(deps: SpectatorDeps) {
    this.#deps = deps;
    this.#caps = new SenderCaps((error) => deps.warn('Could not change the send bitrate of a spectator', error));
  }

  get role(): Role {
    return this.#role;
  }
  get quality(): RecvQuality {
    return this.#quality;
  }
  /** The receive-only session's peer connection while it is the active media source. */
  get peerConnection(): RTCPeerConnection | undefined {
    return this.#state === 'active' ? this.#session?.peerConnection : undefined;
  }

  /** A partstate INFO: cap or restore the senders, then start, move or close the receive-only session. */
  setRole(role: Role): void {
    const previous = this.#role;
    this.#role = role;
    if (role.type === 'spectator') void this.#caps.cap(this.#deps.callPeerConnection());
    else if (previous.type === 'spectator') void this.#caps.restore();
    this.#sync();
  }

  /** The room changed (a token may have come or gone). */
  setRoom(room: RoomState): void {
    this.#room = room;
    this.#sync();
  }

  /** Resolves once the session (if any) serves the new quality; rejects when that renegotiation fails. */
  setQuality(quality: RecvQuality): Promise<void> {
    this.#quality = quality;
    this.#pending = undefined;
    this.#sync();
    return this.#pending ?? Promise.resolve();
  }

  /** Local senders may have changed (new track, renegotiation): cap the new ones while a spectator. */
  sendersChanged(): void {
    if (this.#role.type === 'spectator') void this.#caps.cap(this.#deps.callPeerConnection());
  }

  /** The call ended: everything back to a participant without media. */
  callEnded(): void {
    this.#caps.forget();
    this.#role = PARTICIPANT;
    this.#room = undefined;
    this.#failed = undefined;
    this.#close();
  }

  /** Brings the session in line with role, room and quality. */
  #sync(): void {
    const wanted = this.#wantedTarget();
    if (!wanted) return this.#close();
    if (this.#target && sameTarget(this.#target, wanted)) return;
    if (this.#failed && sameTarget(this.#failed, wanted)) return;
    const pending = this.#negotiate(wanted);
    pending.catch(() => undefined);
    this.#pending = pending;
  }

  #wantedTarget(): RecvTarget | undefined {
    const audioId = recvAudioId(this.#role);
    const room = this.#room;
    const token = this.#deps.bearerToken();
    const settings = this.#deps.settings();
    if (audioId === undefined || room?.status !== 'in-room' || !room.tokenConference || !token || !settings)
      return undefined;
    return {
      apiUrl: settings.apiUrl,
      tokenConference: room.tokenConference,
      token,
      audioId,
      quality: effectiveQuality(this.#quality),
    };
  }

  async #negotiate(target: RecvTarget): Promise<void> {
    const session = this.#session ?? this.#open();
    const firstMedia = this.#state !== 'active';
    this.#target = target;
    this.#failed = undefined;
    if (this.#state !== 'active' && this.#state !== 'starting') this.#report('starting');
    try {
      await session.negotiate(target, firstMedia);
    } catch (error) {
      if (isSuperseded(error) || session !== this.#session) return;
      return this.#fail(target, error as VinteoError);
    }
    if (session !== this.#session || this.#state === 'active') return;
    this.#deps.remote.useRemoteSource(session.remote);
    this.#report('active');
    this.#watch(session, target);
  }

  /** No media on the session: re-offer over HTTP with an ICE restart; still none at the bound: the session fails. */
  #watch(session: RecvSession, target: RecvTarget): void {
    this.#health?.stop();
    const options = this.#deps.health ?? {};
    this.#health = new MediaHealthMonitor({
      ...(this.#deps.statsFeed
        ? { samples: readingsFrom(this.#deps.statsFeed, session.peerConnection) }
        : { readSample: sampleFrom(session.peerConnection) }),
      ...options,
      onProblem: (reason) => this.#reoffer(session, reason),
      onTimeout: () => {
        if (session !== this.#session) return;
        void this.#fail(
          this.#target ?? target,
          new RecvSessionError('No media arrived from the receive-only session in time'),
        ).catch(() => undefined);
      },
    });
    this.#health.start();
  }

  /** The active session's media is gone and being repaired (its own ICE-restart re-offer): nobody else re-offers then. */
  get recovering(): boolean {
    return this.#health?.problem !== undefined;
  }

  /** Main-stream health asks for a fresh offer of the active session (no ICE restart); a no-op without one. */
  async reoffer(): Promise<void> {
    const session = this.#session;
    const target = this.#target;
    if (!session || !target || this.#state !== 'active') return;
    await session.negotiate(target, false).catch((error: unknown) => {
      if (!isSuperseded(error)) throw error;
    });
  }

  #reoffer(session: RecvSession, reason: string): void {
    const target = this.#target;
    if (session !== this.#session || !target) return;
    this.#deps.warn(`The receive-only session lost its media (${reason}); re-offering with an ICE restart`);
    session.peerConnection.restartIce();
    session.negotiate(target, false).catch((error: unknown) => {
      if (!isSuperseded(error) && session === this.#session) this.#deps.warn('The receive-only re-offer failed', error);
    });
  }

  #open(): RecvSession {
    const settings = this.#deps.settings();
    const session: RecvSession = new RecvSession({
      iceServers: settings?.iceServers ?? [],
      fetch: this.#deps.fetch,
      createPeerConnection: this.#deps.createPeerConnection,
      timings: this.#deps.timings,
      onTracksChanged: (change, track) => this.#deps.remote.remoteSourceChanged(session.remote, change, track),
    });
    this.#session = session;
    return session;
  }

  #fail(target: RecvTarget, error: VinteoError): Promise<never> {
    this.#close(false);
    this.#failed = target;
    const failure = error instanceof RecvSessionError ? error : new RecvSessionError(error.message, { cause: error });
    this.#report('failed', failure);
    return Promise.reject(failure);
  }

  #close(report = true): void {
    this.#health?.stop();
    this.#health = undefined;
    const session = this.#session;
    this.#target = undefined;
    this.#pending = undefined;
    if (session) {
      this.#session = undefined;
      this.#deps.remote.useRemoteSource(undefined);
      session.close();
    }
    if (report && this.#state !== 'none') this.#report('none');
  }

  #report(state: RecvState, error?: VinteoError): void {
    this.#state = state;
    this.#deps.onState(state, error);
  }
}

function sameTarget(a: RecvTarget, b: RecvTarget): boolean {
  return (
    a.apiUrl === b.apiUrl &&
    a.tokenConference === b.tokenConference &&
    a.token === b.token &&
    a.audioId === b.audioId &&
    a.quality === b.quality
  );
}
