/**
 * A fake connector for tests of apps and elements: no SIP, no WebRTC. Commands change state the way the real
 * connector does and are logged in `calls` (passwords redacted); `simulate*` methods play the server's part.
 *
 * Conference (see fake-conference.ts for the rules): `conference` follows the call (room `connecting` on start,
 * `disconnecting` on hang-up, back to the initial snapshot when the call ends); drive it with
 * `simulateEnterRoom(room, {participantName, bearerToken})`, `simulatePurgatory()`, `simulateTokenIssued(conf, jwt)`,
 * `simulateRole(role)`, `simulateLicense(license)`, `simulateAdminRequest({device, action, syncForced})`,
 * `simulateApiEvent(name, payload)` (any `api:*` event, with its effect on the snapshot) and
 * `simulateConference(patch, {bearerToken})` (any snapshot state directly, e.g. `{recvSession: 'failed'}`).
 * Conference commands (`sendMediaState` …) are logged and need an active call; `askPermissionToEnableCamera`
 * rejects with `permission-denied` when `cameraPermission` is `'denied'`.
 *
 * Presentation (see fake-presentation.ts): `startPresentation(track?)` shares `track` or a fake display track (a
 * canvas), needs an active call and a participant role, and goes `starting` → `active` with the real events;
 * `presentationPermission = 'refused'` (or `simulatePresentationRefused()` for the next start) makes it reject with
 * `presentation-refused` and emit `presentation:failed` {reason: 'refused'}. Outside stops: `simulatePresentationMustStop()`
 * (reason `server`), a move to the spectators (`simulateRole`, reason `spectator`), `track.dispatchEvent(new Event('ended'))`
 * on the shared track (reason `track-ended`), the end of the call (reason `call-ended`). Incoming content:
 * `simulateContent(stream | undefined, codec?)` (with `api:contented-stream:*` and `conference.content`),
 * `simulateRemoteStreamsView({main, content, contentCodec})`; `simulateRemoteTracks` sets `remoteStreamsView.main`.
 *
 * Reconnection (see fake-recovery.ts; same events in the same order as the real connector, no timers):
 * `simulateConnectionLost(reason)` → `reconnecting` (an active call kept: `callReconnecting`, `call:reconnecting`),
 * `simulateReconnectAttemptFailed(error, delayMs)`, `simulateReconnected({call: 'resume' | 'keep' | 'dialog-lost'})`,
 * `simulateGaveUp(error)`; `disconnect()` while reconnecting ends in `disconnected`. The call alone:
 * `simulateCallReconnecting(reason)` / `simulateCallResumed()`, `simulateMediaProblem(reason)` /
 * `simulateMediaRecovered()`, `simulateCallLost('media-timeout' | 'dialog-lost')`. `simulateConnectionFailure()`
 * stays the plain drop of `reconnect: false`. Auto-redial events: `emit('call-reconnect:…', payload)`.
 *
 * Devices (see fake-devices.ts): `devices` is the real DeviceManager on `mediaDevices`, a {@link FakeMediaDevices}
 * with two cameras, microphones and speakers (`permission = 'denied'`, `failNext = 'NotReadableError'`,
 * `unplug(id)`, `plug(device)`); nothing is remembered. A switch in a call swaps the track in `localStream` (logged
 * as `replaceTrack`) and emits `call:local-stream-changed`.
 *
 * Stats (see fake-stats.ts): `stats`, `statsHistory`, `quality`, `watchStats()` (`statsModel.watchers` counts the
 * consumers); `simulateStats(snapshot | partial)` → `stats:collected`, `simulateQuality(verdict | quality, reasons)`
 * → `stats:quality-changed`, `simulateStatsStopped(reason)` → `stats:stopped` (also at the end of a call that had stats);
 * `simulateBalancer(event, payload?)` → `video-balancer:*`, `simulateMainStreamHealth(event, payload?)` → `main-stream-health:*`.
 */
import type { AdminRequest, ApiEvents, Channels, License, RecvQuality, Role, ShareCodec } from '../conference/types.js';
import type { ConferencePatch } from './fake-conference.js';
import type { ReconnectReason } from '../connection/reconnect-policy.js';
import { InvalidStateError, NetworkError, VinteoError } from '../errors.js';
import type { PresentationOptions, PresentationSnapshot, RemoteStreamsView } from '../presentation/types.js';
import { snapshotOf, subscribeSnapshot, type SnapshotSource } from '../session-snapshot.js';
import type { ConnectorEvents, SessionSnapshot, VinteoConnectorApi } from '../types.js';
import { FakeConnectorCore } from './fake-connector-core.js';
import { FakeMediaDevices } from './fake-devices.js';
import { DeviceManager } from '../media/devices.js';
import type { DevicesEvents } from '../media/device-types.js';
import type { CallAfterReconnect } from './fake-recovery.js';
import type { InfoMessage, NotifyMessage } from '../types.js';
import { DTMF_RELAY, parseDtmfRelay } from '../call/dtmf.js';
import { FakeStats, type BalancerEventMap, type FakeSnapshotInput, type HealthEventMap } from './fake-stats.js';
import type {
  Quality,
  QualityReason,
  QualityVerdict,
  StatsSnapshot,
  StatsStopReason,
  WatchStatsOptions,
} from '../stats/types.js';

function notifyMessage(json: string): NotifyMessage {
  return { event: 'vinteo', contentType: '', body: '', headers: { 'X-VINTEO-NOTIFY': json } };
}

export type { FakeCall, FakeConnectorOptions } from './fake-connector-core.js';

export class FakeConnector extends FakeConnectorCore implements VinteoConnectorApi {
  /** The fake cameras, microphones and speakers behind `devices`. */
  readonly mediaDevices = new FakeMediaDevices();
  readonly devices: DeviceManager = new DeviceManager({
    mediaDevices: this.mediaDevices,
    storage: null,
    call: {
      localStream: () => (this.callState === 'active' ? this.localStream : undefined),
      replaceTrack: async (kind, track) => this.#replaceTrack(kind, track),
    },
  });

  /** The collector's part: samples, verdict and the count of `watchStats()` consumers. */
  readonly statsModel = new FakeStats((name, payload) => this.emit(name, payload as never));

  constructor(...args: ConstructorParameters<typeof FakeConnectorCore>) {
    super(...args);
    this.conferenceModel.ownName = () => this.lastConfig?.displayName;
    const names: Array<keyof DevicesEvents> = [
      'devices:changed',
      'devices:selected',
      'devices:fallback',
      'devices:error',
    ];
    for (const name of names) this.devices.on(name, (payload) => this.emit(name, payload as never));
  }

  /** Connection, call and conference state in one object. */
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

  async #replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack): Promise<void> {
    const stream = this.localStream;
    if (!stream || this.callState !== 'active') throw new InvalidStateError('There is no active call');
    this.log('replaceTrack', kind, track);
    for (const old of stream.getTracks()) if (old.kind === kind) stream.removeTrack(old);
    stream.addTrack(track);
    this.emit('call:local-stream-changed', { stream });
  }

  // ───────────── stats ─────────────

  get stats(): StatsSnapshot | undefined {
    return this.statsModel.stats;
  }
  get statsHistory(): readonly StatsSnapshot[] {
    return this.statsModel.statsHistory;
  }
  get rawStats(): RTCStatsReport | undefined {
    return this.statsModel.rawStats;
  }
  get quality(): QualityVerdict | undefined {
    return this.statsModel.quality;
  }
  watchStats(options?: WatchStatsOptions): () => void {
    return this.statsModel.watchStats(options);
  }
  simulateStats(input?: StatsSnapshot | FakeSnapshotInput): StatsSnapshot {
    return this.statsModel.simulateStats(input);
  }
  simulateQuality(verdict: QualityVerdict | Quality, reasons?: QualityReason[]): QualityVerdict {
    return this.statsModel.simulateQuality(verdict, reasons);
  }
  simulateStatsStopped(reason?: StatsStopReason): void {
    this.statsModel.simulateStatsStopped(reason);
  }
  simulateBalancer<E extends keyof BalancerEventMap>(event: E, payload?: Partial<BalancerEventMap[E]>) {
    return this.statsModel.simulateBalancer(event, payload);
  }
  simulateMainStreamHealth<E extends keyof HealthEventMap>(event: E, payload?: Partial<HealthEventMap[E]>) {
    return this.statsModel.simulateMainStreamHealth(event, payload);
  }
  protected override callEnding(): void {
    this.statsModel.callEnded();
  }

  // ───────────── presentation ─────────────

  get presentation(): PresentationSnapshot {
    return this.presentationModel.snapshot;
  }
  get remoteStreamsView(): RemoteStreamsView {
    return { ...this.presentationModel.view };
  }

  startPresentation(track?: MediaStreamTrack, options?: PresentationOptions): Promise<void> {
    if (this.disposed) return Promise.reject(new InvalidStateError('The connector has been disposed'));
    return this.presentationModel.start(track, options);
  }

  updatePresentation(track: MediaStreamTrack): Promise<void> {
    return this.presentationModel.update(track);
  }
  stopPresentation(): Promise<void> {
    return this.presentationModel.stop('local');
  }

  /** The server shares content (`stream`, e.g. from `createFakeStream`) or stops sharing it (`undefined`). */
  simulateContent(stream: MediaStream | undefined, codec?: ShareCodec): void {
    if (stream)
      this.conferenceModel.command({ type: 'share-state', state: 'YOUCANRECEIVECONTENT', ...(codec ? { codec } : {}) });
    else this.conferenceModel.command({ type: 'share-state', state: 'CONTENTEND' });
    this.presentationModel.setContent(stream, codec);
  }

  /** Sets the remote streams view directly (`call:remote-streams-changed` when the pair changes). */
  simulateRemoteStreamsView(view: RemoteStreamsView): void {
    this.presentationModel.setView(view);
  }

  /** The server refuses the next presentation (a 403 to the permission INFO). */
  simulatePresentationRefused(): void {
    this.refuseNextPresentation = true;
  }

  // ───────────── reconnection (the network's part) ─────────────

  /**
   * The connection drops while `connected`/`registered` (with `reconnect: false` in the config: a plain drop, as
   * `simulateConnectionFailure()`); else state `reconnecting`, an active call is kept
   * (`call:reconnecting` {reason: 'transport'}), then `auto-connect:reconnecting` {attempt: 1, delayMs: 0, reason}.
   */
  simulateConnectionLost(reason: ReconnectReason = 'transport-closed'): void {
    if (this.lastConfig?.reconnect === false) return this.simulateConnectionFailure();
    // The first delay is the configured policy's (the default policy's is 0: at once).
    const delay = this.lastConfig?.reconnectPolicy?.nextRetryDelayMs({ attempt: 1, elapsedMs: 0, reason });
    this.recovery.connectionLost(reason, typeof delay === 'number' && Number.isFinite(delay) ? Math.max(0, delay) : 0);
  }

  /**
   * The current attempt fails: `auto-connect:attempt-failed`, then `auto-connect:reconnecting` for the next one in
   * `delayMs`; `delayMs: null` (the policy gives up): `auto-connect:gave-up`, the call ends, `disconnected`.
   */
  simulateReconnectAttemptFailed(
    error: VinteoError = new NetworkError('The server did not answer'),
    delayMs: number | null = 500,
  ): void {
    this.recovery.attemptFailed(error, delayMs);
  }

  /**
   * The connection is back: the state before the loss, `connection:connected` (+ `connection:registered`),
   * `auto-connect:reconnected` {downtimeMs, attempts}; then a kept call resumes (`call: 'resume'`, default), stays
   * kept until `simulateCallResumed()` (`'keep'`), or ends with `dialog-lost` 481 (`'dialog-lost'`).
   */
  simulateReconnected(options: { call?: CallAfterReconnect } = {}): void {
    this.recovery.reconnected(options.call ?? 'resume');
  }

  /** The policy gives up: `auto-connect:gave-up`, the call ends (`connection-error`), `disconnected` with the error. */
  simulateGaveUp(error?: VinteoError): void {
    this.recovery.gaveUp(error);
  }

  /** An active call is kept through an outage (`callReconnecting`, `call:reconnecting` {reason}). */
  simulateCallReconnecting(reason: 'transport' | 'media' = 'transport'): void {
    this.recovery.keepCall(reason);
  }

  /** The kept call is whole again: `call:resumed` {downtimeMs}. */
  simulateCallResumed(): void {
    this.recovery.resumeCall();
  }

  /** No media from the far end: `call:media-problem` {reason} (once per episode), then `call:reconnecting` {reason: 'media'}. */
  simulateMediaProblem(reason: ConnectorEvents['call:media-problem']['reason'] = 'no-packets'): void {
    this.recovery.mediaProblem(reason);
  }

  /** Media flows again: `call:media-recovered` {downtimeMs}, then `call:resumed` unless signalling is still down. */
  simulateMediaRecovered(): void {
    this.recovery.mediaRecovered();
  }

  /** The call cannot be saved: `call:ended` {originator: 'system', cause} (`dialog-lost` carries status 481). */
  simulateCallLost(cause: 'media-timeout' | 'dialog-lost' = 'media-timeout'): void {
    if (this.callState === 'idle') return;
    this.endCallBySystem(cause, cause === 'dialog-lost' ? 481 : undefined);
  }

  // ───────────── conference commands ─────────────

  async sendChannels(channels: Channels): Promise<void> {
    this.conferenceCommand('sendChannels', channels);
  }

  /** Logged with the state it reports (default: the current mic/camera flags). */
  async sendMediaState(state?: { camera: boolean; mic: boolean }): Promise<void> {
    this.conferenceCommand('sendMediaState', state ?? { camera: this.cameraEnabled, mic: this.micEnabled });
  }

  async sendRefusal(device: 'camera' | 'mic'): Promise<void> {
    this.conferenceCommand('sendRefusal', device);
  }

  async askPermissionToEnableCamera(): Promise<void> {
    this.conferenceCommand('askPermissionToEnableCamera');
    if (this.cameraPermission === 'denied')
      throw new VinteoError('permission-denied', 'The moderator did not allow the camera', { statusCode: 603 });
  }

  async setRecvQuality(quality: RecvQuality): Promise<void> {
    this.log('setRecvQuality', quality);
    if (!['low', 'medium', 'high', 'auto'].includes(quality))
      throw new VinteoError('invalid-argument', 'quality must be low, medium, high or auto');
    this.conferenceModel.patch({ recvQuality: quality });
  }

  /** The server orders us to stop presenting (YOUMUSTSTOPSENDCONTENT): `api:presentation:must-stop`, reason `server`. */
  simulatePresentationMustStop(): void {
    this.conferenceModel.command({ type: 'share-state', state: 'YOUMUSTSTOPSENDCONTENT' });
  }

  // ───────────── the conference server's part ─────────────

  /** The server puts us in `room` (status by the protocol.md §9 rules: with a token for it `in-room`, else `room-pending-auth` …). */
  simulateEnterRoom(
    room: string,
    options: { participantName?: string; bearerToken?: string; isDirectPeerToPeer?: boolean } = {},
  ): void {
    const { participantName = 'Guest', bearerToken, isDirectPeerToPeer } = options;
    this.conferenceModel.command({
      type: 'enter-room',
      room,
      participantName,
      ...(bearerToken ? { bearerToken } : {}),
      ...(isDirectPeerToPeer === undefined ? {} : { isDirectPeerToPeer }),
    });
  }

  /** The server parks us in the waiting room. */
  simulatePurgatory(participantName = 'Guest'): void {
    this.simulateEnterRoom('purgatory', { participantName });
  }

  /** A bearer token for `conference` (`in-room` once we are in that room). */
  simulateTokenIssued(
    conference: string,
    jwt = 'fake.jwt.token',
    participant = this.conference.room.participantName ?? 'Guest',
  ): void {
    this.conferenceModel.notifyEvent({
      name: 'api:conference:participant-token-issued',
      payload: { conference, participant, jwt },
    });
    this.emit(
      'connection:notify',
      notifyMessage(
        JSON.stringify({ cmd: 'ConferenceParticipantTokenIssued', body: { conference, participant, jwt } }),
      ),
    );
  }

  /**
   * A partstate command: the role changes, then the real connector's `api:participant:*` events in its order
   * (`…-with-audio-id` or `…-synthetic` first, then `…-move-request-to-spectators`; `…-to-participants`).
   */
  simulateRole(role: Role): void {
    if (role.type === 'participant') return this.conferenceModel.command({ type: 'participant' });
    const { canSendMedia, audioId, mode } = role;
    this.conferenceModel.command({
      type: 'spectator',
      canSendMedia,
      ...(audioId !== undefined ? { audioId } : {}),
      ...(mode ? { mode } : {}),
    });
  }

  simulateLicense(license: License): void {
    this.conferenceModel.command({ type: 'license', license });
  }

  /** An admin media command: `syncForced` in the snapshot, `api:admin:*`, then `conference:admin-request`. */
  simulateAdminRequest(request: AdminRequest): void {
    const sync = request.syncForced;
    if (request.device === 'camera')
      this.conferenceModel.command({
        type: 'main-cam',
        command: request.action === 'start' ? 'ADMINSTARTMAINCAM' : 'ADMINSTOPMAINCAM',
        sync,
      });
    else
      this.conferenceModel.command({
        type: 'mic',
        command: request.action === 'start' ? 'ADMINSTARTMIC' : 'ADMINSTOPMIC',
        sync,
      });
  }

  /**
   * The server sends an in-dialog INFO (ignored without an active call), as the real connector gets it: decoded by
   * the real codec (an unknown or malformed one is a `warning`), applied, a DTMF relay reported (`api:new-dtmf`,
   * `call:dtmf`), then `call:info`. E.g. `{contentType: 'application/vinteo.webrtc.partstate', headers:
   * {'x-webrtc-partstate': 'SPECTATOR', 'x-webrtc-spectator-mode': '1'}}`.
   */
  simulateInfo(message: { contentType: string; headers?: Record<string, string>; body?: string }): void {
    if (this.callState !== 'active') return;
    const info: InfoMessage = {
      contentType: message.contentType,
      headers: { ...message.headers },
      body: message.body ?? '',
    };
    if (info.contentType.trim().toLowerCase().startsWith(DTMF_RELAY)) {
      const dtmf = parseDtmfRelay(info.body);
      if (dtmf) this.simulateRemoteDtmf(dtmf.tone, dtmf.duration);
    }
    this.conferenceModel.info(info);
    this.emit('call:info', info);
  }

  /**
   * The server sends an out-of-dialog NOTIFY with `X-VINTEO-NOTIFY: {json}` (an object is stringified): decoded by
   * the real codec and applied, then `connection:notify`.
   */
  simulateNotify(notify: unknown): void {
    const json = typeof notify === 'string' ? notify : JSON.stringify(notify);
    this.conferenceModel.notify(json);
    this.emit('connection:notify', notifyMessage(json));
  }

  /** Emits an `api:*` event with the effect the real connector gives it on `conference`. */
  simulateApiEvent<K extends keyof ApiEvents>(name: K, payload: ApiEvents[K]): void {
    this.conferenceModel.apiEvent(name, payload);
  }

  /** Sets any part of `conference` directly (`room` merged field by field); `bearerToken` sets the private token. */
  simulateConference(patch: ConferencePatch, options: { bearerToken?: string } = {}): void {
    if ('bearerToken' in options) this.conferenceModel.setPatchedToken(options.bearerToken);
    this.conferenceModel.patch(patch);
  }
}
