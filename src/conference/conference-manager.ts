/**
 * The Vinteo conference protocol on top of the call layer: decodes the server's INFOs and notifications, keeps the
 * conference read model (room, role, licence, content, receive-only session), emits every `api:*` and
 * `conference:*` event, and sends the client's conference INFOs. Wired by the connector through event taps and a
 * small port onto the call layer; it never ends a call.
 *
 * Event order for one message: the snapshot is updated first (`conference:room-changed`, `conference:role-changed`,
 * `conference:changed`), then the `api:*` event(s), then derived events (`conference:admin-request`).
 */
import type { CallSession } from '../call/call-session.js';
import type { TappedEmitter } from '../emitter.js';
import { VinteoError } from '../errors.js';
import type { AnswerOptions, CallOptions, ConnectorEvents, InfoMessage } from '../types.js';
import { getHeader } from '../util/headers.js';
import type { LogSink } from '../util/logger.js';
import { decodeInfo, type InfoCommand } from './info-codec.js';
import { decodeNotify } from './notify-codec.js';
import * as outgoing from './outgoing-info.js';
import type { RecvTimings } from './recv-session.js';
import type { StatsFeed } from '../stats/types.js';
import { roleFrom } from './roles.js';
import { RoomModel } from './room-state.js';
import { initialSnapshot, publishChange } from './snapshot.js';
import { sameData } from '../util/same-data.js';
import { Spectator, type RecvState, type SpectatorDeps } from './spectator.js';
import type {
  AdminRequest,
  Channels,
  ConferenceApi,
  ConferenceSnapshot,
  License,
  RecvQuality,
  ShareCodec,
} from './types.js';

/** What the conference needs from the call layer and the connection. */
export interface ConferenceCallPort {
  /** The current call's dialog (any state). */
  session(): CallSession | undefined;
  /** The established call's dialog; throws `invalid-state` when there is none. */
  activeSession(): CallSession;
  ownUser(): string | undefined;
  /** Our display name as the user typed it (the server echoes it in its wire form, spaces as `_`). */
  ownDisplayName?(): string | undefined;
  mediaState(): { camera: boolean; mic: boolean };
  /** The options the app gave the current call (`startCall`/`answer`). */
  callOptions(): CallOptions | AnswerOptions | undefined;
  settings(): { apiUrl: string; iceServers: RTCIceServer[] } | undefined;
  remote: SpectatorDeps['remote'];
}

export interface ConferenceManagerDeps {
  events: TappedEmitter<ConnectorEvents>;
  log: LogSink;
  call: ConferenceCallPort;
  fetch?: typeof fetch;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  recvTimings?: Partial<RecvTimings>;
  /** The connector's stats collector (the receive-only session's health reads it). */
  statsFeed?: StatsFeed;
}

interface CallFacts {
  direction: 'outgoing' | 'incoming';
  number: string;
  directPeerToPeer: boolean;
}

const QUALITIES: readonly RecvQuality[] = ['low', 'medium', 'high', 'auto'];
const ADMIN = {
  ADMINSTARTMAINCAM: ['api:admin:start-main-cam', 'camera', 'start'],
  ADMINSTOPMAINCAM: ['api:admin:stop-main-cam', 'camera', 'stop'],
  ADMINSTARTMIC: ['api:admin:start-mic', 'mic', 'start'],
  ADMINSTOPMIC: ['api:admin:stop-mic', 'mic', 'stop'],
} as const;

export class ConferenceManager implements ConferenceApi {
  readonly #deps: ConferenceManagerDeps;
  readonly #room: RoomModel;
  readonly #spectator: Spectator;
  #license?: License;
  #syncForced = false;
  #content: { available: boolean; codec?: ShareCodec } = { available: false };
  #recv: RecvState = 'none';
  #moderator = false;
  #snapshot: ConferenceSnapshot;
  #call?: CallFacts;

  constructor(deps: ConferenceManagerDeps) {
    this.#deps = deps;
    this.#room = new RoomModel(Date.now, () => deps.call.ownDisplayName?.());
    this.#spectator = new Spectator({
      settings: () => deps.call.settings(),
      bearerToken: () => this.#room.bearerToken,
      callPeerConnection: () => deps.call.session()?.handler?.peerConnection,
      remote: deps.call.remote,
      fetch: deps.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      createPeerConnection: deps.createPeerConnection ?? ((config) => new RTCPeerConnection(config)),
      timings: deps.recvTimings,
      statsFeed: deps.statsFeed,
      onState: (state, error) => this.#onRecvState(state, error),
      warn: (message, detail) => this.#warn(message, detail),
    });
    this.#snapshot = initialSnapshot();
    this.#wire(deps.events);
  }

  get conference(): ConferenceSnapshot {
    return this.#snapshot;
  }
  get bearerToken(): string | undefined {
    return this.#room.bearerToken;
  }
  /** The spectator's receive-only peer connection while it carries the media we show. */
  get recvPeerConnection(): RTCPeerConnection | undefined {
    return this.#spectator.peerConnection;
  }
  /** A fresh offer of the spectator's receive-only session while it is the media source (main-stream recovery). */
  reofferRecvSession(): Promise<void> {
    return this.#spectator.reoffer();
  }
  /** The receive-only session repairs its own media now (no packets → ICE-restart re-offer). */
  get recvSessionRecovering(): boolean {
    return this.#spectator.recovering;
  }

  /** We started hanging up. */
  hangingUp(): void {
    this.#room.hangUp();
    this.#commit();
  }

  async sendChannels(channels: Channels): Promise<void> {
    await outgoing.send(this.#deps.call.activeSession(), outgoing.channelsInfo(channels));
  }

  async sendMediaState(state?: { camera: boolean; mic: boolean }): Promise<void> {
    const value = state ?? this.#deps.call.mediaState();
    await outgoing.send(
      this.#deps.call.activeSession(),
      outgoing.mediaStateInfo({ camera: Boolean(value?.camera), mic: Boolean(value?.mic) }),
    );
  }

  async sendRefusal(device: 'camera' | 'mic'): Promise<void> {
    const info = outgoing.refusalInfo(device);
    await outgoing.send(this.#deps.call.activeSession(), info);
  }

  askPermissionToEnableCamera(): Promise<void> {
    return outgoing.askCameraPermission(this.#deps.call.activeSession());
  }

  async setRecvQuality(quality: RecvQuality): Promise<void> {
    if (!QUALITIES.includes(quality))
      throw new VinteoError('invalid-argument', 'quality must be low, medium, high or auto');
    const done = this.#spectator.setQuality(quality);
    this.#commit();
    await done;
  }

  #wire(events: TappedEmitter<ConnectorEvents>): void {
    events.tap('call:started', ({ call }) => this.#onCallStarted({ direction: 'outgoing', number: call.target }));
    events.tap('incoming-call:answered', ({ caller }) =>
      this.#onCallStarted({ direction: 'incoming', number: caller.user }),
    );
    events.tap('call:confirmed', () => this.#onConfirmed());
    events.tap('call:ended', () => this.#onCallEnded());
    events.tap('call:failed', () => this.#onCallEnded());
    events.tap('call:info', (message) => this.#onInfo(message));
    events.tap('connection:notify', ({ headers }) => this.#onNotify(getHeader(headers, 'x-vinteo-notify'), false));
    events.tap('call:dtmf', ({ tone, originator }) => this.#emit('api:new-dtmf', { tone, originator }));
    events.tap('call:renegotiated', () => this.#spectator.sendersChanged());
    events.tap('call:local-stream-changed', () => this.#spectator.sendersChanged());
  }

  #onCallStarted(facts: Omit<CallFacts, 'directPeerToPeer'>): void {
    const options = this.#deps.call.callOptions();
    this.#resetCallState();
    this.#call = { ...facts, directPeerToPeer: options?.directPeerToPeer === true };
    this.#room.startCall({ number: facts.number, presentationCall: isPresentationCall(options) });
    this.#commit();
  }

  #onConfirmed(): void {
    this.#room.confirmed();
    this.#commit();
    if (this.#call?.directPeerToPeer) void this.#sendDirectP2pRoom(this.#call);
  }

  #onCallEnded(): void {
    this.#call = undefined;
    this.#resetCallState();
    this.#commit();
  }

  #resetCallState(): void {
    this.#room.reset();
    this.#license = undefined;
    this.#syncForced = false;
    this.#content = { available: false };
    this.#moderator = false;
    this.#spectator.callEnded();
  }

  #onInfo(message: InfoMessage): void {
    const { command, warnings } = decodeInfo(message);
    for (const warning of warnings) this.#warn(warning, { contentType: message.contentType });
    if (command) this.#apply(command);
  }

  #onNotify(json: string | undefined, required: boolean): void {
    if (json === undefined && !required) return;
    const { event, warnings } = decodeNotify(json);
    for (const warning of warnings) this.#warn(warning);
    if (!event) return;
    if (event.name === 'api:conference:participant-token-issued') this.#room.tokenIssued(event.payload);
    if (event.name === 'api:participant:added-to-list-moderators') this.#moderator = true;
    if (event.name === 'api:participant:removed-from-list-moderators') this.#moderator = false;
    this.#commit();
    this.#emit(event.name, event.payload as never);
  }

  #apply(command: InfoCommand): void {
    switch (command.type) {
      case 'enter-room':
        return this.#enterRoom(command);
      case 'notify':
        return this.#onNotify(command.json, true);
      case 'share-state':
        return this.#shareState(command);
      case 'main-cam':
        return this.#mainCam(command);
      case 'mic':
        return this.#admin(command.command, command.sync === true);
      case 'license':
        return this.#setLicense(command.license);
      case 'spectator':
      case 'participant':
        return this.#setRole(command);
      case 'restart':
        return this.#restart(command);
      case 'dtmf':
        return; // already reported by the call layer as call:dtmf → api:new-dtmf
    }
  }

  #enterRoom(command: Extract<InfoCommand, { type: 'enter-room' }>): void {
    const { channels, type: _type, ...payload } = command;
    if (!this.#room.enterRoom(payload)) return this.#log('debug', 'enter-room outside a call ignored');
    this.#commit();
    this.#emit('api:enter-room', payload);
    if (channels) this.#emit('api:channels:all', channels);
  }

  #shareState(command: Extract<InfoCommand, { type: 'share-state' }>): void {
    if (command.state === 'YOUMUSTSTOPSENDCONTENT') return this.#emit('api:presentation:must-stop', {});
    const available = command.state === 'YOUCANRECEIVECONTENT';
    this.#content = available && command.codec ? { available, codec: command.codec } : { available };
    this.#commit();
    if (available) this.#emit('api:contented-stream:available', command.codec ? { codec: command.codec } : {});
    else this.#emit('api:contented-stream:not-available', {});
  }

  #mainCam(command: Extract<InfoCommand, { type: 'main-cam' }>): void {
    if (command.command === 'ADMINSTARTMAINCAM' || command.command === 'ADMINSTOPMAINCAM')
      return this.#admin(command.command, command.sync === true);
    if (command.command !== 'MAXMAINCAMRESOLUTION' && command.sync !== undefined) {
      this.#syncForced = command.sync;
      this.#commit();
      this.#emit('api:admin:force-sync-media-state', { syncForced: command.sync });
    }
    this.#emit(
      'api:main-cam-control',
      command.resolution ? { mainCam: command.command, resolution: command.resolution } : { mainCam: command.command },
    );
  }

  #admin(command: keyof typeof ADMIN, syncForced: boolean): void {
    const [name, device, action] = ADMIN[command];
    this.#syncForced = syncForced;
    this.#commit();
    this.#emit(name, { syncForced });
    const request: AdminRequest = { device, action, syncForced };
    this.#emit('conference:admin-request', request);
  }

  #setLicense(license: License): void {
    this.#license = license;
    this.#commit();
    this.#emit('api:use-license', { license });
  }

  #setRole(command: Extract<InfoCommand, { type: 'spectator' | 'participant' }>): void {
    this.#spectator.setRole(roleFrom(command));
    this.#commit();
    if (command.type === 'participant') return this.#emit('api:participant:move-request-to-participants', {});
    const { canSendMedia, audioId, mode } = command;
    const withMode = mode ? { mode } : {};
    if (audioId !== undefined) {
      this.#emit('api:participant:move-request-to-spectators-with-audio-id', { canSendMedia, audioId, ...withMode });
      this.#emit('api:participant:move-request-to-spectators', {
        canSendMedia,
        synthetic: false,
        audioId,
        ...withMode,
      });
    } else {
      this.#emit('api:participant:move-request-to-spectators-synthetic', { canSendMedia, ...withMode });
      this.#emit('api:participant:move-request-to-spectators', { canSendMedia, synthetic: true, ...withMode });
    }
  }

  /** protocol.md §6.4: a second receive video if the server will send two, then an ICE restart through the offer queue. */
  #restart(command: Extract<InfoCommand, { type: 'restart' }>): void {
    const { type: _type, ...payload } = command;
    this.#emit('api:restart', payload);
    let session: CallSession;
    try {
      session = this.#deps.call.activeSession();
    } catch {
      return this.#warn('Ignored a restart INFO outside an established call');
    }
    void session
      .restartMedia({ videoReceivers: command.videoTrackCount === 2 ? 2 : undefined })
      .catch((error: unknown) => this.#warn('The server-requested ICE restart failed', error));
  }

  async #sendDirectP2pRoom(call: CallFacts): Promise<void> {
    const ownUser = this.#deps.call.ownUser();
    try {
      if (!ownUser) throw new VinteoError('invalid-state', 'Our SIP user is unknown');
      await outgoing.send(
        this.#deps.call.activeSession(),
        outgoing.directP2pRoomInfo(call.direction, ownUser, call.number),
      );
    } catch (cause) {
      if (this.#call !== call) return;
      const error =
        cause instanceof VinteoError
          ? cause
          : new VinteoError('internal', 'Could not send the direct P2P room', { cause });
      this.#emit('api:failed-send-room-direct-p2p', { error });
      this.#warn(`The direct P2P room INFO failed (${error.code}); the call goes on`);
    }
  }

  #onRecvState(state: RecvState, error?: VinteoError): void {
    this.#recv = state;
    this.#commit();
    this.#emit(
      'conference:recv-session',
      error ? { state, quality: this.#spectator.quality, error } : { state, quality: this.#spectator.quality },
    );
    if (error) this.#emit('error', { error });
  }

  #build(): ConferenceSnapshot {
    const snapshot: ConferenceSnapshot = {
      room: this.#room.state,
      role: this.#spectator.role,
      syncForced: this.#syncForced,
      content: { ...this.#content },
      recvSession: this.#recv,
      recvQuality: this.#spectator.quality,
      moderator: this.#moderator,
    };
    if (this.#license) snapshot.license = this.#license;
    return snapshot;
  }

  /** Publishes the snapshot if it changed; a room change is also handed to the spectator logic. */
  #commit(): void {
    const previous = this.#snapshot;
    const next = this.#build();
    this.#snapshot = next;
    if (!publishChange(previous, next, (name, payload) => this.#emit(name, payload as never))) {
      this.#snapshot = previous;
      return;
    }
    if (!sameData(next.room, previous.room)) this.#spectator.setRoom(next.room);
  }

  #emit<K extends keyof ConnectorEvents>(name: K, payload: ConnectorEvents[K]): void {
    this.#deps.events.emit(name, payload);
  }

  #warn(message: string, detail?: unknown): void {
    this.#log('warn', message);
    this.#emit('warning', detail === undefined ? { message } : { message, detail });
  }

  #log(level: 'debug' | 'warn', message: string): void {
    this.#deps.log(level, message);
  }
}

function isPresentationCall(options: CallOptions | AnswerOptions | undefined): boolean {
  if ((options as CallOptions | undefined)?.presentationCall === true) return true;
  return (options?.extraHeaders ?? []).some(
    (h) => typeof h === 'string' && /^x-vinteo-presentation-call\s*:\s*yes\s*$/i.test(h.trim()),
  );
}
