/**
 * Calls: outgoing INVITEs, incoming invitations (ringing, answer, decline, busy), hang-up, mute, stream
 * replacement, DTMF and INFO. One call at a time. Emits `call:*` and `incoming-call:*` events.
 */
import type { Invitation, Inviter, Session, SessionDescriptionHandler } from 'sip.js';
import { SessionState } from 'sip.js';
import { InvalidStateError, MediaError, VinteoError } from '../errors.js';
import type { TypedEmitter } from '../emitter.js';
import type {
  AnswerOptions,
  CallEndCause,
  CallInfo,
  CallOptions,
  CallState,
  CallerInfo,
  ConnectorEvents,
} from '../types.js';
import type { LogSink } from '../util/logger.js';
import { StateMachine } from '../util/state-machine.js';
import type { ConnectionManager } from '../connection/connection-manager.js';
import type { SipStack } from '../connection/sip-stack.js';
import { CallSession, endSession } from './call-session.js';
import { errorForCause } from './end-cause.js';
import { endError, mediaOnly, sendInvite, type CurrentCall, type EndReason } from './current-call.js';
import { checkedExtraHeaders, inviteHeaders, targetUri } from './invite-headers.js';
import type { MediaHandler } from '../media/media-handler.js';
import type { RemoteGroup } from '../media/remote-tracks.js';
import type { RemoteView } from '../media/remote-source.js';
import { CallMedia } from './call-media.js';
import { callInfoFor } from './call-info.js';
import { IncomingCalls } from './incoming.js';
import { untilTerminated } from './session-watch.js';
import { CallRecovery } from './call-recovery.js';
import { MediaFlags } from './media-flags.js';
import { watchMedia } from './call-watch.js';
import type { MediaHealthMonitor } from '../media/media-health.js';
import { Gate } from '../util/gate.js';
import type { StatsFeed } from '../stats/types.js';
import { deferred } from '../util/deferred.js';
import { CALL_TRANSITIONS } from './call-states.js';

export interface CallManagerDeps {
  emitter: TypedEmitter<ConnectorEvents>;
  connection: ConnectionManager;
  stack: SipStack;
  log: LogSink;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  /** The connector's stats collector: the key-frame watchdog and media health read it instead of polling getStats. */
  statsFeed?: StatsFeed;
}

export type { RemoteView } from '../media/remote-source.js';

export class CallManager {
  #deps: CallManagerDeps;
  #machine: StateMachine<CallState>;
  #current?: CurrentCall;
  #incoming: IncomingCalls;
  #flags: MediaFlags;
  #media: CallMedia;
  /** Closed while the connection is re-established: in-dialog commands wait for it (bounded). */
  #gate = new Gate();

  constructor(deps: CallManagerDeps) {
    this.#deps = deps;
    this.#flags = new MediaFlags((flags) => deps.emitter.emit('call:media-state', flags));
    this.#media = this.#callMedia(deps);
    this.#incoming = new IncomingCalls({
      idle: () => this.#machine.is('idle'),
      toState: (state) => this.#machine.to(state),
      emit: (name, payload) => deps.emitter.emit(name, payload),
      log: deps.log,
    });
    this.#machine = new StateMachine<CallState>(
      'idle',
      CALL_TRANSITIONS,
      (state, previous) => deps.emitter.emit('call:state', { state, previous, call: this.#current?.info }),
      { name: 'call', log: deps.log },
    );
  }

  get state(): CallState {
    return this.#machine.state;
  }
  get call(): CallInfo | undefined {
    return this.#current?.info;
  }
  get callOptions(): CallOptions | AnswerOptions | undefined {
    return this.#current?.options;
  }
  get incomingCaller(): CallerInfo | undefined {
    return this.#incoming.caller;
  }
  get micEnabled(): boolean {
    return this.#flags.micEnabled;
  }
  get cameraEnabled(): boolean {
    return this.#flags.cameraEnabled;
  }
  get localStream(): MediaStream | undefined {
    return this.#current?.call.media.mediaStream;
  }
  get session(): CallSession | undefined {
    return this.#current?.call;
  }
  /** The call is kept through a transport or media outage. */
  get reconnecting(): boolean {
    return this.#current?.recovery.reconnecting ?? false;
  }
  get handler(): MediaHandler | undefined {
    return this.#current?.call.handler;
  }
  get remoteTracks(): MediaStreamTrack[] {
    return this.#media.remoteTracks;
  }
  get remoteStreams(): MediaStream[] {
    return this.#media.remoteStreams;
  }
  /** The remote streams with their names, and whether they come from another source (the spectator's session). */
  get remoteGroups(): { groups: RemoteGroup[]; otherSource: boolean } {
    return this.#media.remoteGroups;
  }

  /** Shows another source's remote tracks instead of the call's (undefined: the call's again). */
  useRemoteSource(source: RemoteView | undefined): void {
    this.#media.useRemoteSource(source);
  }

  /** A track of `source` came or went; reported only while it is the source in use. */
  remoteSourceChanged(source: RemoteView, change: 'added' | 'removed', track: MediaStreamTrack): void {
    this.#media.remoteSourceChanged(source, change, track);
  }

  /** The SessionDescriptionHandler factory given to the UserAgent. */
  get sdhFactory(): (session: Session) => SessionDescriptionHandler {
    return this.#media.sdhFactory;
  }

  async startCall(target: string, options: CallOptions = {}): Promise<CallInfo> {
    this.#assertCanStart();
    const config = this.#deps.connection.config;
    const ua = this.#deps.connection.userAgent;
    if (!config || !ua) throw new InvalidStateError('Not connected');
    const uri = this.#deps.stack.makeUri(targetUri(target, config.domain));
    if (!uri) throw new VinteoError('invalid-argument', 'target does not form a valid SIP URI');
    this.#flags.takeFrom(options.mediaStream);
    const headers = inviteHeaders({
      ...this.#flags.values,
      registered: config.register,
      sessionId: options.sessionId,
      presentationCall: options.presentationCall,
      extraHeaders: options.extraHeaders,
    });
    const inviter = this.#deps.stack.createInviter(ua, uri, { extraHeaders: headers });
    const info = callInfoFor(inviter, 'outgoing', target);
    this.#adopt(inviter, info, options);
    this.#machine.to('calling');
    this.#deps.emitter.emit('call:started', { call: info });
    return this.#invite(inviter, info);
  }

  async answer(options: AnswerOptions = {}): Promise<CallInfo> {
    if (!this.#incoming.isRinging || !this.#machine.is('ringing'))
      throw new InvalidStateError('There is no incoming call to answer');
    const extraHeaders = checkedExtraHeaders(options.extraHeaders);
    this.#flags.takeFrom(options.mediaStream);
    const ringing = this.#incoming.take();
    const info = callInfoFor(ringing.invitation, 'incoming', ringing.caller.user);
    this.#adopt(ringing.invitation, info, options);
    this.#machine.to('answering');
    this.#deps.emitter.emit('incoming-call:answered', { caller: ringing.caller });
    const current = this.#current as CurrentCall;
    await ringing.invitation.accept({ extraHeaders }).catch((e: unknown) => {
      throw new MediaError('Could not answer the call', { cause: e });
    });
    await current.established.promise;
    return info;
  }

  async decline(statusCode = 487): Promise<void> {
    if (!this.#machine.is('ringing')) throw new InvalidStateError('There is no incoming call to decline');
    await this.#incoming.decline(statusCode);
  }

  async hangUp(): Promise<void> {
    if (this.#machine.is('ringing')) return this.decline(487);
    const current = this.#current;
    if (!current || this.#machine.is('idle', 'ending')) throw new InvalidStateError('There is no call to hang up');
    current.end ??= { originator: 'local', cause: this.#machine.is('active') ? 'hangup' : 'canceled' };
    this.#machine.to('ending');
    try {
      await endSession(current.call.session);
    } catch (error) {
      // The BYE/CANCEL could not be sent (e.g. the transport is down): end the call locally, never hang.
      this.#deps.log('warn', 'hang-up could not be signalled; ending the call locally', error);
      this.#finish(current);
    }
    await current.finished.promise;
  }

  /** Ends any call or incoming call (used on disconnect). */
  async endAll(): Promise<void> {
    if (this.#machine.is('ringing')) await this.decline(480).catch(() => undefined);
    if (this.#current && !this.#machine.is('idle', 'ending')) await this.hangUp().catch(() => undefined);
  }

  setMicEnabled(enabled: boolean): void {
    this.#flags.set('audio', enabled, this.#current?.call);
  }

  setCameraEnabled(enabled: boolean): void {
    this.#flags.set('video', enabled, this.#current?.call);
  }

  /** Handles an out-of-dialog INVITE from the UserAgent. */
  onInvite(invitation: Invitation): void {
    this.#incoming.offer(invitation);
  }

  requireSession(): CallSession {
    const call = this.#current?.call;
    if (!call || !this.#machine.is('active')) throw new InvalidStateError('There is no active call');
    return call;
  }

  #assertCanStart(): void {
    if (!this.#deps.connection.isReady) throw new InvalidStateError('Connect before placing a call');
    if (!this.#machine.is('idle')) throw new InvalidStateError(`A call is already ${this.#machine.state}`);
  }

  #adopt(session: Session, info: CallInfo, options: CallOptions | AnswerOptions): void {
    const media = mediaOnly(options);
    const call = new CallSession(
      session,
      media,
      {
        onInfo: (message) => this.#deps.emitter.emit('call:info', message),
        onDtmf: (tone, duration, originator) => this.#deps.emitter.emit('call:dtmf', { tone, duration, originator }),
        onRenegotiated: (initiator) => this.#onRenegotiated(info, initiator),
        onKeyFrameRequested: (reason) => this.#deps.emitter.emit('call:keyframe-requested', { reason }),
        onLocalStreamChanged: (stream) => this.#deps.emitter.emit('call:local-stream-changed', { stream }),
      },
      () => this.#gate.pass(),
    );
    call.handler = this.#media.handlerOf(session);
    this.#current = {
      info,
      options,
      call,
      recovery: this.#recoveryFor(info, call),
      established: deferred(),
      finished: deferred(),
    };
    this.#flags.applyTo(call);
    untilTerminated(session, (state) => this.#onSessionState(session, state));
    this.#deps.emitter.emit('call:local-stream-changed', { stream: media.mediaStream });
  }

  #invite(inviter: Inviter, info: CallInfo): Promise<CallInfo> {
    const established = (this.#current as CurrentCall).established.promise;
    sendInvite(inviter, {
      progress: (statusCode, reasonPhrase) =>
        this.#deps.emitter.emit('call:progress', { call: info, statusCode, reasonPhrase }),
      accepted: () => this.#accepted(inviter),
      ended: (end) => this.#recordEnd(inviter, end),
    });
    return established.then(() => info);
  }

  #onSessionState(session: Session, state: SessionState): void {
    const current = this.#current;
    if (!current || current.call.session !== session) return;
    if (state === SessionState.Established && current.info.direction === 'outgoing') this.#accepted(session);
    if (state === SessionState.Established && this.#machine.to('active')) {
      current.info.startedAt = Date.now();
      current.established.resolve();
      current.call.startKeyFrameWatchdog(this.#deps.statsFeed);
      current.health = this.#startHealth(current);
      this.#deps.emitter.emit('call:confirmed', { call: current.info });
    }
    // sip.js reports the rejecting response right after this transition: let it record the reason first.
    if (state === SessionState.Terminated) queueMicrotask(() => this.#finish(current));
  }

  #finish(current: CurrentCall): void {
    if (this.#current !== current) return;
    const end = current.end ?? { originator: 'remote', cause: 'hangup' };
    const wasEstablished = current.info.startedAt !== undefined;
    current.recovery.close();
    current.health?.stop();
    current.call.close();
    current.call.handler?.close();
    this.#current = undefined;
    this.#media.reset();
    this.#machine.to('ending');
    this.#machine.to('idle');
    const payload = { call: current.info, ...end };
    const error = endError(end);
    if (wasEstablished || end.originator === 'local') this.#deps.emitter.emit('call:ended', payload);
    else this.#deps.emitter.emit('call:failed', { ...payload, error });
    this.#deps.emitter.emit('call:local-stream-changed', { stream: undefined });
    current.established.reject(error);
    current.finished.resolve();
  }

  /** The far end answered (2xx): once per call, before it is confirmed (sip.js reports Established first). */
  #accepted(session: Session): void {
    const current = this.#current;
    if (!current || current.call.session !== session || current.accepted) return;
    current.accepted = true;
    this.#deps.emitter.emit('call:accepted', { call: current.info });
  }

  #recordEnd(session: Session, end: EndReason): void {
    if (this.#current?.call.session === session) this.#current.end ??= end;
  }

  /** ICE failed: not the end of the call — an ICE restart, and `media-timeout` if nothing comes back in time. */
  #onMediaFailed(session: Session): void {
    const current = this.#current;
    if (!current || current.call.session !== session || !this.#machine.is('active')) return;
    current.recovery.mediaProblem('ice-failed');
  }

  // ───────────── keeping the call through outages ─────────────

  /** The connection is being re-established: the call is kept; commands wait. */
  signallingLost(): void {
    this.#gate.close();
    if (this.#machine.is('active')) this.#current?.recovery.transportLost();
  }

  /** The connection is back: refresh the dialog over it. */
  signallingRestored(): void {
    this.#gate.open();
    if (this.#machine.is('active')) void this.#current?.recovery.transportRestored();
  }

  /** The connection is gone for good: the call ends (`connection-error`), waiting commands reject. */
  signallingGone(): void {
    this.#gate.fail();
    this.#incoming.drop();
    const current = this.#current;
    if (current) this.#endLost(current, 'connection-error');
  }

  #recoveryFor(info: CallInfo, call: CallSession): CallRecovery {
    return new CallRecovery({
      info,
      emit: (name, payload) => this.#deps.emitter.emit(name, payload as never),
      renegotiate: (options) => call.renegotiate(options),
      signallingUp: () => this.#deps.connection.isReady,
      iceConnected: () => ['connected', 'completed'].includes(call.handler?.peerConnection?.iceConnectionState ?? ''),
      endCall: (cause, statusCode) => this.#current?.call === call && this.#endLost(this.#current, cause, statusCode),
      log: this.#deps.log,
    });
  }

  #startHealth(current: CurrentCall): MediaHealthMonitor | undefined {
    const pc = current.call.handler?.peerConnection;
    return pc && watchMedia(pc, current.call.media, current.recovery, this.#deps.statsFeed);
  }

  /** Ends a call that recovery could not save: BYE if possible (never waited for), then ended locally. */
  #endLost(current: CurrentCall, cause: CallEndCause, statusCode?: number): void {
    if (this.#current !== current) return;
    current.end ??= {
      originator: 'system',
      cause,
      statusCode: statusCode && statusCode >= 400 ? statusCode : undefined,
    };
    this.#deps.emitter.emit('error', { error: errorForCause(cause) });
    if (this.#deps.connection.isReady) void endSession(current.call.session).catch(() => undefined);
    this.#finish(current);
  }

  #onRenegotiated(info: CallInfo, initiator: 'local' | 'remote'): void {
    this.handler?.remote.refresh();
    this.#deps.emitter.emit('call:renegotiated', { call: info, initiator });
  }

  #callMedia(deps: CallManagerDeps): CallMedia {
    return new CallMedia(
      {
        config: () => deps.connection.config,
        createPeerConnection: deps.createPeerConnection,
        mediaOptions: (session) => this.#sessionFor(session)?.media ?? {},
        onConnectionFailed: (session) => this.#onMediaFailed(session),
        onNegotiationFailed: (session, error) =>
          this.#recordEnd(session, {
            originator: 'system',
            cause: 'media-error',
            reason: error instanceof Error ? error.message : String(error),
          }),
        onHandler: (session, handler) => {
          const call = this.#sessionFor(session);
          if (call) call.handler = handler;
        },
        onRemoteChange: (change, track) => this.#emitRemoteChange(change, track),
      },
      () => this.handler,
    );
  }

  #emitRemoteChange(change: 'added' | 'removed', track: MediaStreamTrack): void {
    this.#deps.emitter.emit('call:remote-tracks-changed', {
      change,
      track,
      tracks: this.remoteTracks,
      streams: this.remoteStreams,
    });
  }

  #sessionFor(session: Session): CallSession | undefined {
    return this.#current?.call.session === session ? this.#current.call : undefined;
  }
}
