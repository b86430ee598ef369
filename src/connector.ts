/**
 * VinteoConnector: the composition root. It wires the managers (connection, calls) and exposes one small,
 * typed API and one event stream. It holds no protocol logic of its own.
 */
import { snapshotOf, subscribeSnapshot, type SnapshotSource } from './session-snapshot.js';
import { TappedEmitter } from './emitter.js';
import type { Listener } from './emitter.js';
import type { CallManager } from './call/call-manager.js';
import type { ConferenceManager } from './conference/conference-manager.js';
import type { Channels, ConferenceSnapshot, RecvQuality } from './conference/types.js';
import type { ConnectionManager } from './connection/connection-manager.js';
import { assembleParts, type VinteoConnectorOptions } from './connector-parts.js';
import { InvalidStateError, toVinteoError } from './errors.js';
import type {
  AnswerOptions,
  CallInfo,
  CallOptions,
  CallState,
  CallerInfo,
  ConnectionConfig,
  ConnectionState,
  ConnectorEventName,
  ConnectorEvents,
  DtmfOptions,
  InfoResponse,
  ReplaceStreamOptions,
  SessionSnapshot,
  VinteoConnectorApi,
} from './types.js';
import { atLeast, consoleSink } from './util/logger.js';
import type { PresentationManager } from './presentation/presentation-manager.js';
import type { Redialer } from './call/redialer.js';
import type { PresentationOptions, PresentationSnapshot, RemoteStreamsView } from './presentation/types.js';
import type { DeviceManager } from './media/devices.js';
import type { RemoteViewTracker } from './media/remote-streams-view.js';
import type { DevicesApi } from './media/device-types.js';
import type { StatsHub } from './stats/stats-hub.js';
import type { SendingQuality } from './balancer/sending-quality.js';
import type { QualityVerdict, StatsSnapshot, WatchStatsOptions } from './stats/types.js';

export type { VinteoConnectorOptions } from './connector-parts.js';

export class VinteoConnector implements VinteoConnectorApi {
  readonly #emitter: TappedEmitter<ConnectorEvents>;
  readonly #connection: ConnectionManager;
  readonly #calls: CallManager;
  readonly #conference: ConferenceManager;
  readonly #presentation: PresentationManager;
  readonly #redialer: Redialer;
  readonly #devices: DeviceManager;
  readonly #view: RemoteViewTracker;
  readonly #stats: StatsHub;
  readonly #sending: SendingQuality;
  #disposed = false;

  constructor(options: VinteoConnectorOptions = {}) {
    const log = atLeast(options.log ?? consoleSink(), options.logLevel ?? 'info');
    this.#emitter = new TappedEmitter<ConnectorEvents>((error, name) =>
      log('error', `a listener of ${String(name)} threw`, error),
    );
    const parts = assembleParts({ ...options, log }, this.#emitter, {
      dial: (target, callOptions) => this.startCall(target, callOptions),
      whenSignalling: (timeoutMs) => this.#whenSignalling(timeoutMs),
    });
    this.#connection = parts.connection;
    this.#calls = parts.calls;
    this.#conference = parts.conference;
    this.#presentation = parts.presentation;
    this.#redialer = parts.redialer;
    this.#devices = parts.devices;
    this.#view = parts.view;
    this.#stats = parts.stats;
    this.#sending = parts.sending;
  }

  get connectionState(): ConnectionState {
    return this.#connection.state;
  }
  get callState(): CallState {
    return this.#calls.state;
  }
  get call(): CallInfo | undefined {
    return this.#calls.call;
  }
  get incomingCaller(): CallerInfo | undefined {
    return this.#calls.incomingCaller;
  }
  get localStream(): MediaStream | undefined {
    return this.#calls.localStream;
  }
  /** The call's remote tracks, or the receive-only session's while a spectator has one. */
  get remoteTracks(): MediaStreamTrack[] {
    return this.#calls.remoteTracks;
  }
  get remoteStreams(): MediaStream[] {
    return this.#calls.remoteStreams;
  }
  get micEnabled(): boolean {
    return this.#calls.micEnabled;
  }
  get cameraEnabled(): boolean {
    return this.#calls.cameraEnabled;
  }
  get peerConnection(): RTCPeerConnection | undefined {
    return this.#calls.handler?.peerConnection;
  }
  get user(): string | undefined {
    return this.#connection.config?.user;
  }
  get callReconnecting(): boolean {
    return this.#calls.reconnecting;
  }
  get conference(): ConferenceSnapshot {
    return this.#conference.conference;
  }
  /** The bearer token for `conference.room.tokenConference` (never logged or rendered). */
  get bearerToken(): string | undefined {
    return this.#conference.bearerToken;
  }
  get presentation(): PresentationSnapshot {
    return this.#presentation.presentation;
  }
  /** The remote main (conference/camera) and content (presentation) streams, told apart (protocol.md §12). */
  get remoteStreamsView(): RemoteStreamsView {
    return this.#view.view;
  }
  /**
   * Which sender carries what in the current call: `mainVideo` is the first video transceiver (the camera's), never
   * the presentation's; `presentation` is the sender the presentation uses (it keeps it, with no track, after a stop).
   */
  get senders(): { mainVideo?: RTCRtpSender; presentation?: RTCRtpSender } {
    return this.#calls.handler?.senders ?? {};
  }
  /** Cameras, microphones and speakers: list, choose, capture, switch mid-call with `replaceTrack` (`devices:*` events). */
  get devices(): DevicesApi {
    return this.#devices;
  }
  /** The latest stats sample of the active peer connection (while something consumes stats; `watchStats()`). */
  get stats(): StatsSnapshot | undefined {
    return this.#stats.latest;
  }
  get statsHistory(): readonly StatsSnapshot[] {
    return this.#stats.history;
  }
  get rawStats(): RTCStatsReport | undefined {
    return this.#stats.raw;
  }
  get quality(): QualityVerdict | undefined {
    return this.#stats.quality;
  }

  /** Declares a stats consumer: polling runs only while one exists. Returns the function that withdraws it. */
  watchStats(options?: WatchStatsOptions): () => void {
    return this.#stats.watch(options);
  }

  connect(config: ConnectionConfig): Promise<void> {
    return this.#guard(() => this.#connection.connect(config));
  }

  disconnect(): Promise<void> {
    this.#redialer.cancel('disconnect');
    return this.#connection.disconnect();
  }

  register(): Promise<void> {
    return this.#guard(() => this.#connection.register());
  }

  unregister(): Promise<void> {
    return this.#guard(() => this.#connection.unregister());
  }

  startCall(target: string, options?: CallOptions): Promise<CallInfo> {
    return this.#guard(async () => {
      const call = await this.#calls.startCall(target, options);
      this.#redialer.arm(target, options ?? {});
      return call;
    });
  }

  answer(options?: AnswerOptions): Promise<CallInfo> {
    return this.#guard(() => this.#calls.answer(options));
  }

  decline(statusCode?: number): Promise<void> {
    return this.#guard(() => this.#calls.decline(statusCode));
  }

  hangUp(): Promise<void> {
    this.#redialer.cancel('local-hangup');
    return this.#guard(() => {
      if (this.#calls.state !== 'ringing') this.#conference.hangingUp();
      return this.#calls.hangUp();
    });
  }

  setMicEnabled(enabled: boolean): void {
    this.#calls.setMicEnabled(enabled);
  }

  setCameraEnabled(enabled: boolean): void {
    this.#calls.setCameraEnabled(enabled);
  }

  replaceMediaStream(stream: MediaStream, options?: ReplaceStreamOptions): Promise<void> {
    return this.#guard(async () => {
      if (!(stream instanceof MediaStream)) throw new InvalidStateError('replaceMediaStream needs a MediaStream');
      const { verifyOutboundVideo, verifyTimeoutMs, ...media } = options ?? {};
      const baseline = this.#sending.baseline();
      await this.#calls.requireSession().replaceStream(stream, media);
      await this.#sending.verify(stream, { verifyOutboundVideo, verifyTimeoutMs }, baseline);
    });
  }

  /** Re-INVITE; with `iceRestart` new ICE credentials are negotiated. */
  renegotiate(options?: { iceRestart?: boolean }): Promise<void> {
    return this.#guard(() => this.#calls.requireSession().renegotiate(options));
  }

  sendDtmf(tones: string, options?: DtmfOptions): Promise<void> {
    return this.#guard(() => this.#calls.requireSession().sendDtmf(tones, options));
  }

  sendInfo(contentType: string, body?: string, headers?: string[]): Promise<InfoResponse> {
    return this.#guard(() => this.#calls.requireSession().sendInfo(contentType, body, headers));
  }

  requestKeyFrame(): Promise<void> {
    return this.#guard(() => this.#calls.requireSession().requestKeyFrame());
  }

  sendChannels(channels: Channels): Promise<void> {
    return this.#guard(() => this.#conference.sendChannels(channels));
  }

  sendMediaState(state?: { camera: boolean; mic: boolean }): Promise<void> {
    return this.#guard(() => this.#conference.sendMediaState(state));
  }

  sendRefusal(device: 'camera' | 'mic'): Promise<void> {
    return this.#guard(() => this.#conference.sendRefusal(device));
  }

  askPermissionToEnableCamera(): Promise<void> {
    return this.#guard(() => this.#conference.askPermissionToEnableCamera());
  }

  setRecvQuality(quality: RecvQuality): Promise<void> {
    return this.#guard(() => this.#conference.setRecvQuality(quality));
  }

  startPresentation(track?: MediaStreamTrack, options?: PresentationOptions): Promise<void> {
    return this.#guard(() => this.#presentation.startPresentation(track, options));
  }

  updatePresentation(track: MediaStreamTrack): Promise<void> {
    return this.#guard(() => this.#presentation.updatePresentation(track));
  }

  stopPresentation(): Promise<void> {
    return this.#guard(() => this.#presentation.stopPresentation());
  }

  on<K extends ConnectorEventName>(name: K, listener: Listener<ConnectorEvents[K]>): () => void {
    return this.#subscribed(name, this.#emitter.on(name, listener));
  }

  once<K extends ConnectorEventName>(name: K, listener: Listener<ConnectorEvents[K]>): () => void {
    return this.#subscribed(name, this.#emitter.once(name, listener));
  }

  off<K extends ConnectorEventName>(name: K, listener: Listener<ConnectorEvents[K]>): void {
    this.#emitter.off(name, listener);
  }

  wait<K extends ConnectorEventName>(name: K, timeoutMs?: number): Promise<ConnectorEvents[K]> {
    const waiting = this.#emitter.wait(name, timeoutMs);
    this.#subscribed(name, undefined);
    return waiting;
  }

  /** Connection, call, conference and presentation state in one object. */
  get snapshot(): SessionSnapshot {
    return snapshotOf(this);
  }

  subscribe<T>(
    selector: (snapshot: SessionSnapshot) => T,
    listener: (value: T, previous: T) => void,
    equals?: (a: T, b: T) => boolean,
  ): () => void {
    return subscribeSnapshot(this as SnapshotSource, selector, listener, equals);
  }

  /** Number of subscribed listeners (used by leak tests). */
  listenerCount(name?: ConnectorEventName): number {
    return this.#emitter.listenerCount(name);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#connection.disconnect().catch(() => undefined);
    this.#devices.dispose();
    this.#stats.dispose();
    this.#emitter.removeAllListeners();
  }

  /** A new `stats:*` subscription may start polling. */
  #subscribed<F>(name: ConnectorEventName, off: F): F {
    if (String(name).startsWith('stats:')) this.#stats.consumersChanged();
    return off;
  }

  async #whenSignalling(timeoutMs: number): Promise<void> {
    if (this.#connection.isReady) return;
    if (this.#connection.state !== 'reconnecting') throw new InvalidStateError('Not connected: nothing to redial over');
    await this.#emitter.wait('auto-connect:reconnected', timeoutMs);
  }

  /** Runs a command; synchronous throws become rejections, every error is a VinteoError. */
  async #guard<T>(command: () => Promise<T>): Promise<T> {
    if (this.#disposed) throw new InvalidStateError('The connector has been disposed');
    try {
      return await command();
    } catch (error) {
      throw toVinteoError(error);
    }
  }
}
