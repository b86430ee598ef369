/**
 * How the connector composes sending quality (docs/connector.md "Sending quality"): the camera's balancer, the receive
 * bandwidth report and the main-stream health monitor get their facts from the bus (call, conference and stream
 * events) and their data through ports; their own `video-balancer:*` / `main-stream-health:*` events go into the
 * public stream. Only the stats-driven parts consume the stats feed, and only while they are on.
 */
import type { CallManager } from '../call/call-manager.js';
import type { ConferenceManager } from '../conference/conference-manager.js';
import type { ConnectionManager } from '../connection/connection-manager.js';
import type { TappedEmitter } from '../emitter.js';
import type { RemoteViewTracker } from '../media/remote-streams-view.js';
import type { ConnectorEvents, InfoMessage, ReplaceStreamOptions } from '../types.js';
import type { Clock } from '../util/clock.js';
import type { LogSink } from '../util/logger.js';
import { sourceOf } from '../stats/counters.js';
import type { BalancerOptions, StatsFeed, StatsSample } from '../stats/types.js';
import { MainStreamHealth } from '../stats/main-stream-health.js';
import { VideoBalancer } from './balancer.js';
import { BandwidthReport, speaksVinteo, type BandwidthReportSetting } from './bandwidth-report.js';
import { verifyOutboundVideo } from './outbound-verification.js';
import type { Size } from './policy.js';

/** What sending quality needs from the call, the conference and the connection. */
export interface SendingQualityPort {
  /** The active call's camera sender (`senders.mainVideo`), never the presentation's. */
  cameraSender(): RTCRtpSender | undefined;
  /** The `mid` of the camera sender's transceiver (finds its outbound RTP where stats lack `mediaSourceId`: Firefox). */
  cameraMid(): string | undefined;
  config():
    | {
        maxAvailableResolution?: Size;
        videoBalancer?: BalancerOptions;
        bandwidthReport?: BandwidthReportSetting;
        mainStreamHealth?: boolean | 'auto';
      }
    | undefined;
  /** An INFO over the main call's dialog. */
  sendInfo(contentType: string, headers: string[]): Promise<unknown>;
  /** The main remote video track shown now. */
  mainRemoteVideo(): MediaStreamTrack | undefined;
  /** Re-INVITE the call through its offer queue, or re-offer the spectator's receive-only session when it is the source. */
  recoverMainStream(source: StatsSample['snapshot']['source'] | undefined): Promise<void>;
  /**
   * The media of `source` is being repaired already: the call's (ICE restart after a media problem, a transport
   * reconnection) or the receive-only session's (its own ICE-restart re-offer).
   */
  recovering(source: StatsSample['snapshot']['source'] | undefined): boolean;
}

export interface SendingQualityDeps {
  bus: TappedEmitter<ConnectorEvents>;
  feed: StatsFeed;
  port: SendingQualityPort;
  clock: Clock;
  log: LogSink;
}

export interface SendingQuality {
  readonly balancer: VideoBalancer;
  /** The sample to measure a replacement from (take it before the swap). */
  baseline(): StatsSample | undefined;
  /** `replaceMediaStream`'s check that the new camera track is really sent (nothing to check without a video track). */
  verify(
    stream: MediaStream,
    options: Pick<ReplaceStreamOptions, 'verifyOutboundVideo' | 'verifyTimeoutMs'>,
    baseline: StatsSample | undefined,
  ): Promise<void>;
}

export function linkSendingQuality(deps: SendingQualityDeps): SendingQuality {
  const { bus, feed, port, clock, log } = deps;
  const balancer = new VideoBalancer({
    clock,
    log,
    options: () => port.config()?.videoBalancer,
    emit: (name, payload) => bus.emit(name, payload as never),
    port: {
      cameraSender: () => port.cameraSender(),
      maxAvailableResolution: () => port.config()?.maxAvailableResolution,
      sampledCodec: () => sampledCodec(feed),
    },
  });
  const report = new BandwidthReport({
    feed,
    log,
    sendInfo: (type, headers) => port.sendInfo(type, headers),
    setting: () => port.config()?.bandwidthReport,
  });
  const health = healthGate(deps);
  wireBalancer(bus, balancer);
  const serverMessage = (message: Pick<InfoMessage, 'contentType' | 'headers'>) => {
    report.serverMessage(message);
    health.serverMessage(message);
  };
  bus.tap('call:info', serverMessage);
  bus.tap('connection:notify', serverMessage);
  bus.tap('call:confirmed', () => {
    report.callConfirmed();
    health.callConfirmed();
  });
  const ended = () => {
    report.callEnded();
    health.callEnded();
  };
  bus.tap('call:ended', ended);
  bus.tap('call:failed', ended);
  return {
    balancer,
    baseline: () => feed.latest,
    verify: (stream, options, baseline) => {
      const track = stream.getVideoTracks()[0];
      if (!track || !options.verifyOutboundVideo) return Promise.resolve();
      return verifyOutboundVideo(
        { feed, clock },
        {
          track,
          strictness: options.verifyOutboundVideo,
          timeoutMs: options.verifyTimeoutMs,
          baseline,
          mid: port.cameraMid() ?? undefined,
        },
      );
    },
  };
}

function wireBalancer(bus: TappedEmitter<ConnectorEvents>, balancer: VideoBalancer): void {
  bus.tap('call:confirmed', () => balancer.callConfirmed());
  bus.tap('call:ended', () => balancer.callEnded());
  bus.tap('call:failed', () => balancer.callEnded());
  bus.tap('api:main-cam-control', ({ mainCam, resolution }) => balancer.mainCamControl({ mainCam, resolution }));
  bus.tap('conference:role-changed', ({ role }) => balancer.roleChanged(role.type === 'spectator'));
  bus.tap('conference:changed', ({ snapshot, previous }) => {
    if (snapshot.recvQuality !== previous.recvQuality) balancer.recvQualityChanged();
  });
  bus.tap('call:local-stream-changed', () => balancer.localStreamChanged());
}

/** The codec of the camera's outbound video in the call's latest sample (a receive-only session's sample has none). */
function sampledCodec(feed: StatsFeed): string | undefined {
  const latest = feed.latest?.snapshot;
  return latest?.source === 'call' ? latest.outbound.video?.codec : undefined;
}

/** The health monitor runs during a confirmed call when on (`'auto'`: once the server spoke Vinteo in it). */
function healthGate(deps: SendingQualityDeps) {
  const { feed, port, clock, log, bus } = deps;
  let source: StatsSample['snapshot']['source'] | undefined;
  const health = new MainStreamHealth({
    feed: {
      consume: (listener, needs) =>
        feed.consume((sample) => {
          source = sourceOf(sample);
          listener(sample);
        }, needs),
      get latest() {
        return feed.latest;
      },
    },
    clock,
    log,
    emit: (name, payload) => bus.emit(name, payload as never),
    mainRemoteVideo: () => port.mainRemoteVideo(),
    busy: () => port.recovering(source),
    recover: () => port.recoverMainStream(source),
  });
  let confirmed = false;
  let vinteo = false;
  const sync = () => {
    const setting = port.config()?.mainStreamHealth ?? 'auto';
    const wanted = confirmed && (setting === true || (setting === 'auto' && vinteo));
    if (wanted && !health.watching) health.start();
    else if (!wanted && health.watching) health.stop();
  };
  return {
    callConfirmed: () => {
      confirmed = true;
      if (health.watching) health.start();
      sync();
    },
    callEnded: () => {
      confirmed = false;
      vinteo = false;
      sync();
    },
    serverMessage: (message: Pick<InfoMessage, 'contentType' | 'headers'>) => {
      if (!vinteo && speaksVinteo(message)) {
        vinteo = true;
        sync();
      }
    },
  };
}

/** The port onto the managers, as the connector builds it. */
export function sendingQualityPort(
  calls: CallManager,
  conference: ConferenceManager,
  connection: ConnectionManager,
  view: RemoteViewTracker,
): SendingQualityPort {
  return {
    cameraSender: () => (calls.state === 'active' ? calls.handler?.senders.mainVideo : undefined),
    cameraMid: () => calls.handler?.mainVideoTransceiver?.mid ?? undefined,
    config: () => connection.config,
    sendInfo: (contentType, headers) => calls.requireSession().sendInfo(contentType, '', headers),
    mainRemoteVideo: () => view.view.main?.getVideoTracks()[0],
    recoverMainStream: async (source) => {
      if (source === 'recv-session' && conference.recvPeerConnection) return conference.reofferRecvSession();
      await calls.requireSession().renegotiate();
    },
    recovering: (source) => (source === 'recv-session' ? conference.recvSessionRecovering : calls.reconnecting),
  };
}
