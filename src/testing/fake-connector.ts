/**
 * A fake connector for tests of apps and elements: no SIP, no WebRTC. Commands change state the way the real
 * connector does and are logged in `calls` (passwords redacted); `simulate*` methods play the server's part.
 */
import { TypedEmitter, type Listener } from '../emitter.js';
import { InvalidStateError, type VinteoError } from '../errors.js';
import type {
  AnswerOptions, CallInfo, CallOptions, CallState, CallerInfo, ConnectionConfig, ConnectionState, ConnectorEventName,
  ConnectorEvents, DtmfOptions, InfoResponse, VinteoConnectorApi,
} from '../types.js';

export interface FakeCall { method: string; args: unknown[] }

export class FakeConnector implements VinteoConnectorApi {
  readonly calls: FakeCall[] = [];
  connectionState: ConnectionState = 'disconnected';
  callState: CallState = 'idle';
  call: CallInfo | undefined;
  incomingCaller: CallerInfo | undefined;
  localStream: MediaStream | undefined;
  remoteTracks: MediaStreamTrack[] = [];
  micEnabled = true;
  cameraEnabled = true;
  peerConnection: RTCPeerConnection | undefined;
  user: string | undefined;
  /** When set, the next connect() rejects with it. */
  failNextConnect?: VinteoError;
  #emitter = new TypedEmitter<ConnectorEvents>();

  get remoteStreams(): MediaStream[] {
    return this.remoteTracks.length ? [new MediaStream(this.remoteTracks)] : [];
  }

  async connect(config: ConnectionConfig): Promise<void> {
    this.#log('connect', { ...config, password: config.password ? '[redacted]' : undefined });
    this.#connection('connecting');
    if (this.failNextConnect) {
      const error = this.failNextConnect;
      this.failNextConnect = undefined;
      this.#connection('disconnected');
      this.#emitter.emit('connection:failed', { error });
      throw error;
    }
    this.user = config.user ?? '123456';
    this.#connection(config.register ? 'registered' : 'connected');
  }

  async disconnect(): Promise<void> {
    this.#log('disconnect');
    if (this.callState !== 'idle') this.simulateRemoteHangUp('local');
    this.#connection('disconnected');
  }

  async register(): Promise<void> { this.#log('register'); this.#connection('registered'); }
  async unregister(): Promise<void> { this.#log('unregister'); this.#connection('connected'); }

  async startCall(target: string, options: CallOptions = {}): Promise<CallInfo> {
    this.#log('startCall', target, options);
    if (this.callState !== 'idle') throw new InvalidStateError('busy');
    this.call = { id: `fake-${this.calls.length}`, direction: 'outgoing', target, remoteUri: `sip:${target}@fake` };
    this.localStream = options.mediaStream;
    this.#callState('calling');
    this.#callState('active');
    this.#emitter.emit('call:local-stream-changed', { stream: this.localStream });
    return this.call;
  }

  async answer(options: AnswerOptions = {}): Promise<CallInfo> {
    this.#log('answer', options);
    if (this.callState !== 'ringing' || !this.incomingCaller) throw new InvalidStateError('nothing to answer');
    const caller = this.incomingCaller;
    this.call = { id: 'fake-in', direction: 'incoming', target: caller.user, remoteUri: caller.uri };
    this.localStream = options.mediaStream;
    this.incomingCaller = undefined;
    this.#callState('answering');
    this.#callState('active');
    this.#emitter.emit('incoming-call:answered', { caller });
    return this.call;
  }

  async decline(statusCode = 487): Promise<void> {
    this.#log('decline', statusCode);
    const caller = this.incomingCaller;
    if (this.callState !== 'ringing' || !caller) throw new InvalidStateError('nothing to decline');
    this.incomingCaller = undefined;
    this.#callState('idle');
    this.#emitter.emit('incoming-call:declined', { caller, statusCode });
  }

  async hangUp(): Promise<void> {
    this.#log('hangUp');
    if (this.callState === 'idle') throw new InvalidStateError('no call');
    this.simulateRemoteHangUp('local');
  }

  setMicEnabled(enabled: boolean): void { this.#log('setMicEnabled', enabled); this.micEnabled = enabled; this.#media(); }
  setCameraEnabled(enabled: boolean): void { this.#log('setCameraEnabled', enabled); this.cameraEnabled = enabled; this.#media(); }
  async replaceMediaStream(stream: MediaStream): Promise<void> { this.#log('replaceMediaStream', stream); this.localStream = stream; }

  async sendDtmf(tones: string, options?: DtmfOptions): Promise<void> {
    this.#log('sendDtmf', tones, options);
    if (this.callState !== 'active') throw new InvalidStateError('no active call');
    for (const tone of tones) this.#emitter.emit('call:dtmf', { tone, duration: options?.duration ?? 120, originator: 'local' });
  }

  async sendInfo(contentType: string, body?: string, headers?: string[]): Promise<InfoResponse> {
    this.#log('sendInfo', contentType, body, headers);
    return { statusCode: 200, reasonPhrase: 'OK' };
  }

  async requestKeyFrame(): Promise<void> { this.#log('requestKeyFrame'); }

  on<K extends ConnectorEventName>(name: K, listener: Listener<ConnectorEvents[K]>): () => void { return this.#emitter.on(name, listener); }
  once<K extends ConnectorEventName>(name: K, listener: Listener<ConnectorEvents[K]>): () => void { return this.#emitter.once(name, listener); }
  off<K extends ConnectorEventName>(name: K, listener: Listener<ConnectorEvents[K]>): void { this.#emitter.off(name, listener); }
  wait<K extends ConnectorEventName>(name: K, timeoutMs?: number): Promise<ConnectorEvents[K]> { return this.#emitter.wait(name, timeoutMs); }
  listenerCount(name?: ConnectorEventName): number { return this.#emitter.listenerCount(name); }
  async dispose(): Promise<void> { this.#log('dispose'); this.#connection('disconnected'); }

  simulateIncomingCall(caller: Partial<CallerInfo> = {}): void {
    this.incomingCaller = { user: 'caller', host: 'fake', uri: 'sip:caller@fake', headers: {}, ...caller };
    this.#callState('ringing');
    this.#emitter.emit('incoming-call:ringing', { caller: this.incomingCaller });
  }

  simulateRemoteHangUp(originator: 'local' | 'remote' = 'remote'): void {
    const call = this.call ?? { id: 'none', direction: 'outgoing' as const, target: '', remoteUri: '' };
    this.call = undefined;
    this.remoteTracks = [];
    this.#callState('ending');
    this.#callState('idle');
    this.#emitter.emit('call:ended', { call, originator, cause: originator === 'local' ? 'hangup' : 'hangup' });
  }

  simulateRemoteTracks(tracks: MediaStreamTrack[]): void {
    this.remoteTracks = tracks;
    for (const track of tracks) this.#emitter.emit('call:remote-tracks-changed', { change: 'added', track, tracks, streams: this.remoteStreams });
  }

  simulateConnectionLost(error: VinteoError): void {
    this.#connection('disconnected');
    this.#emitter.emit('connection:disconnected', { error });
  }

  #connection(state: ConnectionState): void {
    const previous = this.connectionState;
    if (previous === state) return;
    this.connectionState = state;
    this.#emitter.emit('connection:state', { state, previous });
  }

  #callState(state: CallState): void {
    const previous = this.callState;
    this.callState = state;
    this.#emitter.emit('call:state', { state, previous, call: this.call });
  }

  #media(): void {
    this.#emitter.emit('call:media-state', { micEnabled: this.micEnabled, cameraEnabled: this.cameraEnabled });
  }

  #log(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }
}
