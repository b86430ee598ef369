/**
 * The connector's parts and how they are wired: the managers (connection, calls, conference, presentation), the
 * redialer, the devices, the remote view, the stats hub and the sending-quality link, each given the ports it needs
 * (DESIGN.md §7). `VinteoConnector` is the public surface in front of them.
 */
import type { TappedEmitter } from './emitter.js';
import { CallManager } from './call/call-manager.js';
import { Redialer } from './call/redialer.js';
import { ConferenceManager, type ConferenceCallPort } from './conference/conference-manager.js';
import type { RecvTimings } from './conference/recv-session.js';
import { ConnectionManager } from './connection/connection-manager.js';
import { sipJsStack, type SipStack } from './connection/sip-stack.js';
import { PresentationManager } from './presentation/presentation-manager.js';
import { DeviceManager, type DeviceCallPort, type MediaDevicesPort } from './media/devices.js';
import { linkDevices } from './media/devices-link.js';
import { RemoteViewTracker } from './media/remote-streams-view.js';
import type { StoragePort } from './media/device-prefs.js';
import { lateFeed, StatsHub, STATS_EVENT_NAMES } from './stats/stats-hub.js';
import { statsSource } from './stats/stats-source.js';
import type { StatsOptions } from './stats/types.js';
import { linkSendingQuality, sendingQualityPort, type SendingQuality } from './balancer/sending-quality.js';
import type { CallEndCause, CallInfo, CallOptions, ConnectorEvents } from './types.js';
import { atLeast, consoleSink, type LogLevel, type LogSink } from './util/logger.js';
import { systemClock, type Clock } from './util/clock.js';

export interface VinteoConnectorOptions {
  /** Where log lines go (default: console, warnings and errors only). Never receives secrets. */
  log?: LogSink;
  /**
   * The lowest level passed to `log` (default `'info'`). `'debug'` adds sip.js's own trace (transactions, transport,
   * every message): costly — each SIP message is redacted and formatted — so only for debugging.
   */
  logLevel?: LogLevel;
  /** The SIP stack factory (default sip.js); tests inject fakes here. */
  sipStack?: SipStack;
  /** `fetch` for the Vinteo HTTP API (the spectator's receive-only session); default the global one. */
  fetch?: typeof fetch;
  /** Creates every peer connection (the call's and the spectator's receive-only one); default `new RTCPeerConnection`. */
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  /** Waits, retries and timeouts of the spectator's receive-only session (tests shorten them). */
  recvSessionTimings?: Partial<RecvTimings>;
  /** Source of the shared screen when `startPresentation()` gets no track (default `navigator.mediaDevices.getDisplayMedia`). */
  getDisplayMedia?: (constraints: DisplayMediaStreamOptions) => Promise<MediaStream>;
  /** Time and timers of reconnection, keep-alive and redial (tests inject a fake clock). */
  clock?: Clock;
  /** Cameras, microphones and speakers (default `navigator.mediaDevices`); tests inject several or failing ones. */
  mediaDevices?: MediaDevicesPort;
  /** Where the chosen device ids are remembered (default `localStorage` when usable); `null` remembers nothing. */
  deviceStorage?: StoragePort | null;
  /** Statistics polling: interval (default 1000 ms, adaptive), history size (default 60) … (docs/connector.md). */
  stats?: StatsOptions;
}

export interface ConnectorParts {
  connection: ConnectionManager;
  calls: CallManager;
  conference: ConferenceManager;
  presentation: PresentationManager;
  redialer: Redialer;
  devices: DeviceManager;
  view: RemoteViewTracker;
  stats: StatsHub;
  sending: SendingQuality;
}

/** What the parts need from the connector itself: dialling through its public `startCall`, and waiting for signalling. */
export interface ConnectorSelf {
  dial: (target: string, options: CallOptions) => Promise<CallInfo>;
  whenSignalling: (timeoutMs: number) => Promise<void>;
}

/** Builds and wires every part around one event bus. */
export function assembleParts(
  options: VinteoConnectorOptions,
  bus: TappedEmitter<ConnectorEvents>,
  self: ConnectorSelf,
): ConnectorParts {
  const log = atLeast(options.log ?? consoleSink(), options.logLevel ?? 'info');
  const clock = options.clock ?? systemClock;
  const parts = {} as ConnectorParts;
  parts.connection = connectionOf(options, bus, log, parts);
  parts.calls = new CallManager({
    emitter: bus,
    connection: parts.connection,
    stack: options.sipStack ?? sipJsStack,
    log,
    createPeerConnection: options.createPeerConnection,
    statsFeed: lateFeed(() => parts.stats.feed),
  });
  parts.conference = conferenceOf(options, bus, log, parts);
  parts.redialer = redialerOf(clock, bus, self);
  parts.presentation = presentationOf(options, bus, log, parts);
  parts.view = remoteViewOf(bus, parts);
  parts.stats = statsOf(options, bus, log, parts);
  parts.sending = linkSendingQuality({
    bus,
    feed: parts.stats.feed,
    clock,
    log,
    port: sendingQualityPort(parts.calls, parts.conference, parts.connection, parts.view),
  });
  parts.devices = devicesOf(options, bus, log, parts.calls);
  return parts;
}

function connectionOf(
  options: VinteoConnectorOptions,
  bus: TappedEmitter<ConnectorEvents>,
  log: LogSink,
  parts: ConnectorParts,
): ConnectionManager {
  return new ConnectionManager({
    emitter: bus,
    stack: options.sipStack ?? sipJsStack,
    log,
    sdhFactory: (session) => parts.calls.sdhFactory(session),
    onInvite: (invitation) => parts.calls.onInvite(invitation),
    beforeDisconnect: () => {
      parts.redialer.cancel('disconnect');
      parts.conference.hangingUp();
      return parts.calls.endAll();
    },
    clock: options.clock,
    onSignallingLost: () => parts.calls.signallingLost(),
    onSignallingRestored: () => parts.calls.signallingRestored(),
    onSignallingGone: () => parts.calls.signallingGone(),
  });
}

function conferenceOf(
  options: VinteoConnectorOptions,
  bus: TappedEmitter<ConnectorEvents>,
  log: LogSink,
  parts: ConnectorParts,
): ConferenceManager {
  return new ConferenceManager({
    events: bus,
    log,
    call: conferencePort(parts.calls, parts.connection),
    fetch: options.fetch,
    createPeerConnection: options.createPeerConnection,
    recvTimings: options.recvSessionTimings,
    statsFeed: lateFeed(() => parts.stats.feed),
  });
}

function presentationOf(
  options: VinteoConnectorOptions,
  bus: TappedEmitter<ConnectorEvents>,
  log: LogSink,
  { calls, conference, connection }: ConnectorParts,
): PresentationManager {
  return new PresentationManager({
    events: bus,
    log,
    getDisplayMedia: options.getDisplayMedia,
    call: {
      activeSession: () => calls.requireSession(),
      roomStatus: () => conference.conference.room.status,
      role: () => conference.conference.role,
      maxAvailableResolution: () => connection.config?.maxAvailableResolution,
    },
  });
}

function redialerOf(clock: Clock, bus: TappedEmitter<ConnectorEvents>, self: ConnectorSelf): Redialer {
  const redialer = new Redialer({
    clock,
    emit: (name, payload) => bus.emit(name, payload as never),
    dial: self.dial,
    whenSignalling: self.whenSignalling,
  });
  const ended = ({ cause, originator }: { cause: CallEndCause; originator: string }) =>
    redialer.callEnded(cause, originator);
  bus.tap('call:ended', ended);
  bus.tap('call:failed', ended);
  return redialer;
}

/** The main/content view of the remote streams, recomputed when the tracks, the content or the source change. */
function remoteViewOf(bus: TappedEmitter<ConnectorEvents>, { calls, conference }: ConnectorParts): RemoteViewTracker {
  const view = new RemoteViewTracker(
    { remoteGroups: () => calls.remoteGroups, content: () => conference.conference.content },
    (next) => bus.emit('call:remote-streams-changed', next),
  );
  const refresh = () => view.refresh();
  const changes = [
    'call:remote-tracks-changed',
    'conference:changed',
    'conference:recv-session',
    'call:ended',
    'call:failed',
  ] as const;
  for (const name of changes) bus.tap(name, refresh);
  return view;
}

/** The one stats collector: follows the active peer connection; its `stats:*` events are forwarded. */
function statsOf(
  options: VinteoConnectorOptions,
  bus: TappedEmitter<ConnectorEvents>,
  log: LogSink,
  { calls, conference, view }: ConnectorParts,
): StatsHub {
  const listening = () => STATS_EVENT_NAMES.some((name) => bus.listenerCount(name) > 0);
  const hub = new StatsHub({
    source: statsSource(calls, conference, view, listening, () => bus.listenerCount('stats:collected') > 0),
    log,
    clock: options.clock,
    options: options.stats,
  });
  for (const name of STATS_EVENT_NAMES) hub.events.on(name, (payload) => bus.emit(name, payload as never));
  const follow = () => hub.sourceChanged();
  for (const name of ['call:confirmed', 'conference:recv-session'] as const) bus.tap(name, follow);
  for (const name of ['call:ended', 'call:failed'] as const) bus.tap(name, () => hub.callEnded());
  return hub;
}

function devicesOf(
  options: VinteoConnectorOptions,
  bus: TappedEmitter<ConnectorEvents>,
  log: LogSink,
  calls: CallManager,
): DeviceManager {
  const devices = new DeviceManager({
    mediaDevices: options.mediaDevices,
    storage: options.deviceStorage,
    log,
    call: devicesPort(calls),
  });
  linkDevices(bus, devices);
  return devices;
}

/** The devices' view of the call: its local stream, and a track swap on its main sender (through the offer queue). */
function devicesPort(calls: CallManager): DeviceCallPort {
  return {
    localStream: () => (calls.state === 'active' ? calls.localStream : undefined),
    replaceTrack: async (_kind, track) => {
      await calls.requireSession().swapTrack(track);
    },
  };
}

/** The conference's view of the call layer and the connection. */
function conferencePort(calls: CallManager, connection: ConnectionManager): ConferenceCallPort {
  return {
    session: () => calls.session,
    activeSession: () => calls.requireSession(),
    ownUser: () => connection.config?.user,
    ownDisplayName: () => connection.config?.shownDisplayName,
    mediaState: () => ({ camera: calls.cameraEnabled, mic: calls.micEnabled }),
    callOptions: () => calls.callOptions,
    settings: () => {
      const config = connection.config;
      return config && { apiUrl: config.apiUrl, iceServers: config.iceServers };
    },
    remote: calls,
  };
}
