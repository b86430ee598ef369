/**
 * The connection and call half of {@link FakeConnector} (commands, state, events, the far end's call-level part).
 * Import `FakeConnector` from `./fake-connector.js`; this file exists to keep each half a readable size.
 */
import { TypedEmitter, type Listener } from '../emitter.js';
import type { ApiEvents, ConferenceSnapshot } from '../conference/types.js';
import { FakeConference } from './fake-conference.js';
import { FakePresentation } from './fake-presentation.js';
import { FakeRecovery } from './fake-recovery.js';
import { handshakeFor } from '../presentation/share-info.js';
import { targetUri } from '../call/invite-headers.js';
import { causeForStatus, errorForStatus } from '../call/end-cause.js';
import { CallRejectedError, InvalidStateError, VinteoError } from '../errors.js';
import type {
  AnswerOptions,
  CallEndCause,
  CallInfo,
  CallOptions,
  CallOriginator,
  CallState,
  CallerInfo,
  ConnectionConfig,
  ConnectionState,
  ConnectorEventName,
  ConnectorEvents,
  DtmfOptions,
  InfoResponse,
} from '../types.js';
import { CALL_TRANSITIONS } from '../call/call-states.js';
import { FakeConnection } from './fake-connection.js';
import { checkMove } from './transitions.js';

/** One logged command: its name and arguments (a `password` in a config is replaced by `'[redacted]'`). */
export interface FakeCall {
  method: string;
  args: unknown[];
}

export interface FakeConnectorOptions {
  /** `connect()` completes at once (default true). When false it stays `connecting` until `simulateConnected()`. */
  autoCompleteConnect?: boolean;
  /** An outgoing call is answered at once (default true). When false it stays `calling` until `simulateRemoteAnswer()`. */
  autoAnswerOutgoing?: boolean;
}

const REDACTED = '[redacted]';

export abstract class FakeConnectorCore {
  readonly calls: FakeCall[] = [];
  callState: CallState = 'idle';
  call: CallInfo | undefined;
  incomingCaller: CallerInfo | undefined;
  localStream: MediaStream | undefined;
  remoteTracks: MediaStreamTrack[] = [];
  micEnabled = true;
  cameraEnabled = true;
  peerConnection: RTCPeerConnection | undefined;
  autoAnswerOutgoing: boolean;
  /** True once `dispose()` ran. */
  disposed = false;
  /** The answer to the next `askPermissionToEnableCamera()` (`denied` = a 603, code `permission-denied`). */
  cameraPermission: 'granted' | 'denied' = 'granted';
  /** The server's answer to the presentation permission INFO (`refused` = a 403: `presentation-refused`). */
  presentationPermission: 'granted' | 'refused' = 'granted';
  /** Set by `simulatePresentationRefused()`: the next start is refused. */
  protected refuseNextPresentation = false;
  #emitter = new TypedEmitter<ConnectorEvents>();
  /** The conference model (room rules, events); protected for the conference half. */
  protected readonly conferenceModel = new FakeConference(
    (name, payload) => {
      this.#emitter.emit(name, payload as never);
      if (name === 'conference:role-changed')
        this.presentationModel.roleChanged(
          (payload as ConnectorEvents['conference:role-changed']).role.type === 'spectator',
        );
      if (name === 'api:presentation:must-stop') void this.presentationModel.stop('server');
    },
    (message) => this.#emitter.emit('warning', { message }),
  );
  /** The presentation model; protected for FakeConnector's presentation commands. */
  protected readonly presentationModel: FakePresentation = new FakePresentation({
    emit: (name, payload) => this.#emitter.emit(name, payload),
    assertCanPresent: () => {
      if (this.callState !== 'active') throw new InvalidStateError('There is no active call');
      if (this.conference.role.type === 'spectator') throw new InvalidStateError('A spectator cannot present');
    },
    handshake: () => handshakeFor(this.conference.room.status),
    permission: () => {
      const refused = this.refuseNextPresentation || this.presentationPermission === 'refused';
      this.refuseNextPresentation = false;
      return refused ? 'refused' : 'granted';
    },
    log: (method, ...args) => this.log(method, ...args),
  });
  /** The reconnection model (connection and call outages); protected for FakeConnector's simulate helpers. */
  protected readonly recovery = new FakeRecovery({
    emit: (name, payload) => this.#emitter.emit(name, payload),
    connectionState: () => this.connectionState,
    setConnection: (state) => this.connection.move(state),
    server: () => this.lastConfig?.server ?? '',
    user: () => this.user ?? '',
    callState: () => this.callState,
    call: () => this.call,
    endCall: (cause, statusCode) => this.endCallBySystem(cause, statusCode),
  });
  /** The connection model (states, pending connect, the server's side). */
  protected readonly connection = new FakeConnection(
    {
      emit: (name, payload) => this.#emitter.emit(name, payload),
      inCall: () => this.callState !== 'idle',
      endCall: (originator) =>
        originator === 'local' ? this.#endCall('local', 'hangup') : this.#endCall('system', 'connection-error'),
      settled: () => this.recovery.stop(),
    },
    true,
  );
  readonly #infoReplies = new Map<string, { status: number; reason: string }>();
  /** The current outgoing call asked for `directPeerToPeer` (its room INFO is "sent" once confirmed). */
  #directPeerToPeer = false;

  constructor(options: FakeConnectorOptions = {}) {
    this.connection.autoComplete = options.autoCompleteConnect ?? true;
    this.autoAnswerOutgoing = options.autoAnswerOutgoing ?? true;
  }

  get connectionState(): ConnectionState {
    return this.connection.state;
  }
  get user(): string | undefined {
    return this.connection.user;
  }
  /** `connect()` completes at once (default true); when false it stays `connecting` until `simulateConnected()`. */
  get autoCompleteConnect(): boolean {
    return this.connection.autoComplete;
  }
  set autoCompleteConnect(value: boolean) {
    this.connection.autoComplete = value;
  }
  /** When set, the next connect() rejects with it (and emits `connection:failed`). */
  get failNextConnect(): VinteoError | undefined {
    return this.connection.failNext;
  }
  set failNextConnect(error: VinteoError | undefined) {
    this.connection.failNext = error;
  }

  get conference(): ConferenceSnapshot {
    return this.conferenceModel.snapshot;
  }
  get bearerToken(): string | undefined {
    return this.conferenceModel.bearerToken;
  }
  /** True while the call is kept through an outage (`call:reconnecting` … `call:resumed`). */
  get callReconnecting(): boolean {
    return this.recovery.callReconnecting;
  }
  get remoteStreams(): MediaStream[] {
    return this.remoteTracks.length ? [new MediaStream(this.remoteTracks)] : [];
  }

  /** The config of the last connect() call, password redacted. */
  get lastConfig(): ConnectionConfig | undefined {
    const connects = this.calls.filter((c) => c.method === 'connect');
    return connects[connects.length - 1]?.args[0] as ConnectionConfig | undefined;
  }

  async connect(config: ConnectionConfig): Promise<void> {
    this.log('connect', config.password === undefined ? { ...config } : { ...config, password: REDACTED });
    this.#assertUsable();
    return this.connection.connect(config);
  }

  async disconnect(): Promise<void> {
    this.log('disconnect');
    this.connection.disconnect();
  }

  async register(): Promise<void> {
    this.log('register');
    this.connection.register();
  }
  async unregister(): Promise<void> {
    this.log('unregister');
    this.connection.unregister();
  }

  async startCall(target: string, options: CallOptions = {}): Promise<CallInfo> {
    this.log('startCall', target, options);
    this.#assertUsable();
    if (this.callState !== 'idle') throw new InvalidStateError('A call is already in progress');
    const remoteUri = targetUri(target, 'fake.invalid'); // the real connector's target rules (typed invalid-argument)
    this.call = { id: `fake-${this.calls.length}`, direction: 'outgoing', target, remoteUri };
    this.#directPeerToPeer = options.directPeerToPeer === true;
    this.#setLocalStream(options.mediaStream);
    this.#callState('calling');
    // The real conference taps call:started: its room is `connecting` before listeners hear of the call.
    this.conferenceModel.callStarted(target, options.presentationCall === true);
    this.#emitter.emit('call:started', { call: this.call });
    if (this.autoAnswerOutgoing) this.simulateRemoteAnswer();
    return this.call;
  }

  async answer(options: AnswerOptions = {}): Promise<CallInfo> {
    this.log('answer', options);
    const caller = this.incomingCaller;
    if (this.callState !== 'ringing' || !caller) throw new InvalidStateError('Nothing to answer');
    this.call = {
      id: 'fake-in',
      direction: 'incoming',
      target: caller.user,
      remoteUri: caller.uri,
      remoteDisplayName: caller.displayName,
    };
    this.#setLocalStream(options.mediaStream);
    this.incomingCaller = undefined;
    this.#callState('answering');
    this.conferenceModel.callStarted(caller.user, false);
    this.#emitter.emit('incoming-call:answered', { caller });
    this.#confirm();
    return this.call;
  }

  async decline(statusCode = 487): Promise<void> {
    this.log('decline', statusCode);
    const caller = this.incomingCaller;
    if (this.callState !== 'ringing' || !caller) throw new InvalidStateError('Nothing to decline');
    this.incomingCaller = undefined;
    this.#callState('idle');
    this.#emitter.emit('incoming-call:declined', { caller, statusCode });
  }

  async hangUp(): Promise<void> {
    this.log('hangUp');
    if (this.callState === 'idle' || this.callState === 'ringing') throw new InvalidStateError('No call to hang up');
    this.conferenceModel.hangingUp();
    this.#endCall('local', this.callState === 'calling' ? 'canceled' : 'hangup');
  }

  /** Like the real connector: the flag, the call's local tracks of that kind enabled or not, `call:media-state`. */
  setMicEnabled(enabled: boolean): void {
    this.log('setMicEnabled', enabled);
    this.micEnabled = Boolean(enabled);
    this.localStream?.getAudioTracks().forEach((t) => {
      t.enabled = this.micEnabled;
    });
    this.#media();
  }

  setCameraEnabled(enabled: boolean): void {
    this.log('setCameraEnabled', enabled);
    this.cameraEnabled = Boolean(enabled);
    this.localStream?.getVideoTracks().forEach((t) => {
      t.enabled = this.cameraEnabled;
    });
    this.#media();
  }

  async replaceMediaStream(stream: MediaStream): Promise<void> {
    this.log('replaceMediaStream', stream);
    this.#setLocalStream(stream);
  }

  async sendDtmf(tones: string, options?: DtmfOptions): Promise<void> {
    this.log('sendDtmf', tones, options);
    if (this.callState !== 'active') throw new InvalidStateError('No active call');
    for (const tone of tones) this.#dtmf(tone, options?.duration ?? 120, 'local');
  }

  async sendInfo(contentType: string, body?: string, headers?: string[]): Promise<InfoResponse> {
    this.log('sendInfo', contentType, body, headers);
    if (this.callState !== 'active') throw new InvalidStateError('No active call');
    const refused = this.#infoRefusal(contentType);
    if (refused) throw refused;
    return { statusCode: 200, reasonPhrase: 'OK' };
  }

  /**
   * The far end answers our INFOs of `contentType` with `status` (like the local server's `setInfoReply`): `sendInfo`
   * rejects with `info-rejected`, and a direct peer-to-peer call's room INFO (`application/vinteo.webrtc.roomname`)
   * fails with `api:failed-send-room-direct-p2p`. A 2xx status removes the rule.
   */
  setInfoReply(contentType: string, status: number, reason = ''): void {
    const key = contentType.trim().toLowerCase();
    if (status >= 200 && status < 300) this.#infoReplies.delete(key);
    else this.#infoReplies.set(key, { status, reason });
  }

  #infoRefusal(contentType: string): VinteoError | undefined {
    const reply = this.#infoReplies.get(contentType.trim().toLowerCase());
    return (
      reply &&
      new CallRejectedError('info-rejected', `INFO refused: ${reply.status} ${reply.reason}`.trim(), {
        statusCode: reply.status,
      })
    );
  }

  async requestKeyFrame(): Promise<void> {
    this.log('requestKeyFrame');
  }

  on<K extends ConnectorEventName>(name: K, listener: Listener<ConnectorEvents[K]>): () => void {
    return this.#emitter.on(name, listener);
  }
  once<K extends ConnectorEventName>(name: K, listener: Listener<ConnectorEvents[K]>): () => void {
    return this.#emitter.once(name, listener);
  }
  off<K extends ConnectorEventName>(name: K, listener: Listener<ConnectorEvents[K]>): void {
    this.#emitter.off(name, listener);
  }
  wait<K extends ConnectorEventName>(name: K, timeoutMs?: number): Promise<ConnectorEvents[K]> {
    return this.#emitter.wait(name, timeoutMs);
  }

  /** How many listeners are subscribed (to `name`, or in total): 0 after every element let go. */
  listenerCount(name?: ConnectorEventName): number {
    return this.#emitter.listenerCount(name);
  }

  /** Disconnects. Listeners stay, so tests can still see that elements removed theirs. */
  async dispose(): Promise<void> {
    this.log('dispose');
    this.disposed = true;
    await this.disconnect();
  }

  // ───────────── the server's part ─────────────

  /** Completes a pending connect(): `registered` when the config asked to register, else `connected`. */
  simulateConnected(): void {
    this.connection.simulateConnected();
  }

  /** A pending connect() fails with `error` (`connection:failed`); an established connection drops (`connection:disconnected`). */
  simulateConnectionFailure(error?: VinteoError): void {
    this.connection.simulateFailure(error);
  }

  /** A call comes in: state `ringing`, `incoming-call:ringing`. */
  simulateIncomingCall(caller: Partial<CallerInfo> | string = {}): CallerInfo {
    const given = typeof caller === 'string' ? { user: caller } : caller;
    const user = given.user ?? 'caller';
    this.incomingCaller = { user, host: 'fake', uri: `sip:${user}@fake`, headers: {}, ...given };
    this.#callState('ringing');
    this.#emitter.emit('incoming-call:ringing', { caller: this.incomingCaller });
    return this.incomingCaller;
  }

  /** The caller gives up before we answer. */
  simulateIncomingCallCanceled(): void {
    const caller = this.incomingCaller;
    if (!caller) return;
    this.incomingCaller = undefined;
    this.#callState('idle');
    this.#emitter.emit('incoming-call:terminated', { caller });
  }

  /** The far end answers the outgoing call. */
  simulateRemoteAnswer(): void {
    const call = this.call;
    if (this.callState !== 'calling' || !call) return;
    // The real connector's order: the 2xx (accepted), then the call is confirmed.
    this.#emitter.emit('call:accepted', { call });
    this.#confirm();
  }

  /**
   * The far end refuses the outgoing call (486 busy by default): `call:failed`, with the real connector's typed error
   * for that status (`busy`, `not-found`, `rejected` …; `causeForStatus`/`errorForStatus`).
   */
  simulateCallFailure(cause: CallEndCause = causeForStatus(486), statusCode = 486, reason?: string): void {
    if (this.callState === 'idle') return;
    const error = errorForStatus(statusCode, reason ?? '');
    this.#endCall('remote', cause, { statusCode, error, ...(reason === undefined ? {} : { reason }) });
  }

  /** The far end hangs up (BYE). `originator` may be overridden to model other endings. */
  simulateRemoteHangUp(originator: CallOriginator = 'remote'): void {
    if (this.callState === 'idle') return;
    this.#endCall(originator, 'hangup');
  }

  /** Remote tracks arrive (replacing the current set): one `call:remote-tracks-changed` per track. */
  simulateRemoteTracks(tracks: MediaStreamTrack[]): void {
    this.remoteTracks = [...tracks];
    const { content, contentCodec } = this.presentationModel.view;
    this.presentationModel.setView({
      ...(tracks.length ? { main: new MediaStream(tracks) } : {}),
      ...(content ? { content } : {}),
      ...(contentCodec ? { contentCodec } : {}),
    });
    for (const track of tracks) {
      this.#emitter.emit('call:remote-tracks-changed', {
        change: 'added',
        track,
        tracks: this.remoteTracks,
        streams: this.remoteStreams,
      });
    }
  }

  /** The far end sends DTMF. */
  simulateRemoteDtmf(tone: string, duration = 120): void {
    this.#dtmf(tone, duration, 'remote');
  }

  /** Emits an `api:*` event with the effect the real connector gives it on `conference` (see FakeConnector). */
  abstract simulateApiEvent<K extends keyof ApiEvents>(name: K, payload: ApiEvents[K]): void;

  /** Emits any connector event, for cases the helpers above do not cover. */
  emit<K extends ConnectorEventName>(name: K, payload: ConnectorEvents[K]): void {
    this.#emitter.emit(name, payload);
  }

  // ───────────── internals ─────────────

  #assertUsable(): void {
    if (this.disposed) throw new InvalidStateError('The connector has been disposed');
  }

  #confirm(): void {
    const call = this.call as CallInfo;
    call.startedAt = Date.now();
    this.#callState('active');
    this.conferenceModel.confirmed();
    this.#emitter.emit('call:confirmed', { call });
    const refused =
      this.#directPeerToPeer && call.direction === 'outgoing'
        ? this.#infoRefusal('application/vinteo.webrtc.roomname')
        : undefined;
    this.#directPeerToPeer = false;
    if (refused) this.#emitter.emit('api:failed-send-room-direct-p2p', { error: refused });
  }

  /** The call is ending (idle, before `call:ended`): the stats half stops its collector here. */
  protected callEnding(): void {}

  /** Ends the call on the system's side (network, media) with `call:ended`. */
  protected endCallBySystem(cause: CallEndCause, statusCode?: number): void {
    this.#endCall('system', cause, undefined, statusCode);
  }

  protected conferenceCommand(method: string, ...args: unknown[]): void {
    this.log(method, ...args);
    if (this.callState !== 'active') throw new InvalidStateError('There is no active call');
  }

  #endCall(
    originator: CallOriginator,
    cause: CallEndCause,
    failure?: { statusCode: number; error: VinteoError; reason?: string },
    statusCode = failure?.statusCode,
  ): void {
    const call = this.call ?? { id: 'none', direction: 'outgoing' as const, target: '', remoteUri: '' };
    this.recovery.callEnded();
    if (this.callState !== 'ending') this.#callState('ending');
    this.call = undefined;
    this.incomingCaller = undefined;
    this.remoteTracks = [];
    this.#setLocalStream(undefined);
    this.#callState('idle');
    const payload = {
      call,
      originator,
      cause,
      ...(statusCode === undefined ? {} : { statusCode }),
      ...(failure?.reason === undefined ? {} : { reason: failure.reason }),
    };
    this.conferenceModel.callEnded();
    this.presentationModel.callEnded();
    this.callEnding();
    if (failure) this.#emitter.emit('call:failed', { ...payload, error: failure.error });
    else this.#emitter.emit('call:ended', payload);
  }

  #setLocalStream(stream: MediaStream | undefined): void {
    if (this.localStream === stream) return;
    this.localStream = stream;
    this.#emitter.emit('call:local-stream-changed', { stream });
  }

  #callState(state: CallState): void {
    const previous = this.callState;
    if (previous === state) return;
    checkMove('the call', CALL_TRANSITIONS, previous, state);
    this.callState = state;
    this.#emitter.emit('call:state', { state, previous, call: this.call });
  }

  /** DTMF as the real connector reports it: the conference's `api:new-dtmf` first, then `call:dtmf`. */
  #dtmf(tone: string, duration: number, originator: 'local' | 'remote'): void {
    this.#emitter.emit('api:new-dtmf', { tone, originator });
    this.#emitter.emit('call:dtmf', { tone, duration, originator });
  }

  #media(): void {
    this.#emitter.emit('call:media-state', { micEnabled: this.micEnabled, cameraEnabled: this.cameraEnabled });
  }

  protected log(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }
}
