/**
 * The typed contract of statistics, call quality, the video sending balancer and main-stream health. Plain data
 * only (no RTCStats objects): one normalised shape for Chromium and Firefox, so consumers never branch on the
 * browser.
 */

/** Which stream of the call a figure belongs to: the main audio, the main (camera / conference) video, or the
 * presentation content (our screen share outbound, the shared content inbound). */
export type StreamRole = 'audio' | 'video' | 'content';
export type StatsDirection = 'outbound' | 'inbound';

export interface StreamStats {
  direction: StatsDirection;
  role: StreamRole;
  kind: 'audio' | 'video';
  ssrc?: number;
  mid?: string;
  /** Codec name without the type, e.g. `VP8`, `opus`. */
  codec?: string;
  /** Bits per second over the last interval (0 on the first sample). */
  bitrateBps: number;
  /** Cumulative packets sent (outbound) or received (inbound). */
  packets: number;
  /** Cumulative payload bytes sent (outbound) or received (inbound): what `bitrateBps` is the delta of. */
  bytes?: number;
  /** Cumulative frames encoded (outbound video) or decoded (inbound video). */
  frames?: number;
  /** The browser's time of these counters (ms), for exact deltas. */
  timestamp?: number;
  /** The id of the track: inbound the receiver's track, outbound the sent track (when the browser says). */
  trackId?: string;
  /** Cumulative packets lost (inbound: as counted here; outbound: as the far end reported). */
  packetsLost: number;
  /** Share of packets lost over the last interval, 0–100. */
  lossPercent: number;
  jitterMs?: number;
  /** Round-trip time of this stream (outbound: from the far end's reports). */
  rttMs?: number;
  framesPerSecond?: number;
  width?: number;
  height?: number;
  /** Why the encoder holds back (outbound video). */
  qualityLimitationReason?: 'none' | 'cpu' | 'bandwidth' | 'other';
  /** Cumulative freezes and their total duration (inbound video). */
  freezeCount?: number;
  freezesDurationMs?: number;
}

export interface CandidatePairStats {
  localType?: 'host' | 'srflx' | 'prflx' | 'relay';
  remoteType?: 'host' | 'srflx' | 'prflx' | 'relay';
  protocol?: 'udp' | 'tcp';
  /** A relay candidate's protocol towards its TURN server. */
  relayProtocol?: 'udp' | 'tcp' | 'tls';
  rttMs?: number;
  availableOutgoingBitrateBps?: number;
  availableIncomingBitrateBps?: number;
}

export interface StatsSnapshot {
  /** When the sample was taken (ms since epoch). */
  at: number;
  /** Time since the previous sample (ms); 0 for the first. */
  intervalMs: number;
  /** Whose peer connection: the call's, or the spectator's receive-only session's. */
  source: 'call' | 'recv-session';
  /** Every stream, then the main ones by role for quick access. */
  streams: StreamStats[];
  outbound: Partial<Record<StreamRole, StreamStats>>;
  inbound: Partial<Record<StreamRole, StreamStats>>;
  /** The selected candidate pair. */
  candidatePair?: CandidatePairStats;
}

export type Quality = 'excellent' | 'good' | 'poor' | 'lost';
export type QualityReason = 'loss' | 'rtt' | 'jitter' | 'bandwidth' | 'cpu' | 'freeze' | 'no-media';

export interface QualityPart {
  quality: Quality;
  reasons: QualityReason[];
}

/** The verdict people read: overall (the worse direction), per direction, and an audio MOS estimate (1–4.5). */
export interface QualityVerdict extends QualityPart {
  outbound: QualityPart;
  inbound: QualityPart;
  /** E-model estimate of the inbound audio's mean opinion score. */
  mos?: number;
}

export interface StatsOptions {
  /** Poll interval in ms (default 1000; slower when a tick is slow or the page is hidden). */
  intervalMs?: number;
  /**
   * While only the connector's own monitors read stats and the call is steady, one sample every this many ms (default
   * 5000), with a cheap check of the receivers each second between them that samples at once when media stops; a
   * value at or below `intervalMs` turns it off (see docs/connector.md, "Stats").
   */
  steadyIntervalMs?: number;
  /** Samples kept for charts (default 60). */
  historySize?: number;
  /** Interval while the page is hidden (default 4000 ms). */
  hiddenIntervalMs?: number;
  /** The slowest the adaptive interval gets after slow ticks (default 4000 ms). */
  maxIntervalMs?: number;
  /** A tick (one `getStats()` and its normalisation) longer than this is slow and stretches the interval (default 100 ms). */
  slowTickMs?: number;
}

export type StatsStopReason = 'call-ended' | 'source-changed' | 'no-consumers';

/** How the balancer treats our camera sender (docs/protocol.md §11; the reference's §5.1 and §3.14). */
export interface BalancerOptions {
  /** Default true. Off: the camera sender is left as the browser and `maxAvailableResolution` set it. */
  enabled?: boolean;
  /** Delay from the call's confirmation to the first balancing step (default 10 000 ms). */
  startDelayMs?: number;
  /** A codec (substring of its mime type, e.g. `h264`) the balancer leaves alone (default none). */
  ignoreForCodec?: string;
}

/** What the balancer applied to the camera sender, and why. */
export interface BalancerParameters {
  maxBitrate: number;
  scaleResolutionDownBy: number;
  /** The track's own size, a server pause, a server maximum resolution, the spectator clamp, or a restore at stop. */
  reason: 'track-resolution' | 'paused' | 'max-resolution' | 'spectator' | 'restored';
}

export type HealthProblem = 'inbound-video-stalled' | 'no-inbound-video-traffic' | 'invalid-inbound-frames';
export type HealthResetCause = 'call-ended' | 'source-changed' | 'confirmed' | 'recovered-by-renegotiation';

/** How sure `replaceMediaStream({verifyOutboundVideo})` must be that the new camera track is really sent (reference §5.6). */
export type OutboundVerification = 'fast' | 'normal' | 'strict';

export interface StatsEvents {
  'stats:collected': { snapshot: StatsSnapshot };
  'stats:stopped': { reason: StatsStopReason };
  'stats:quality-changed': { quality: QualityVerdict; previous?: QualityVerdict };
  'video-balancer:balancing-scheduled': { delayMs: number };
  'video-balancer:balancing-started': Record<string, never>;
  'video-balancer:balancing-stopped': Record<string, never>;
  'video-balancer:parameters-updated': BalancerParameters;
  'main-stream-health:inbound-video-problem-detected': { reason: HealthProblem; consecutiveSamples: number };
  'main-stream-health:inbound-video-problem-resolved': { reason: HealthProblem };
  'main-stream-health:inbound-video-problem-reset': { reason: HealthProblem; resetCause: HealthResetCause };
}

/** What the connector exposes. */
export interface StatsApi {
  /** The latest sample of the active peer connection, while something consumes stats. */
  readonly stats: StatsSnapshot | undefined;
  /** The last `historySize` samples, oldest first. */
  readonly statsHistory: readonly StatsSnapshot[];
  /** The browser's own report of the latest sample, for experts (not plain data: never put it in diagnostics). */
  readonly rawStats: RTCStatsReport | undefined;
  readonly quality: QualityVerdict | undefined;
  /**
   * Declares a consumer of stats (an element, a chart): polling runs only while at least one consumer exists (a
   * `stats:*` listener, the balancer and the health monitors count too). Returns the function that withdraws it.
   * `intervalMs`: the consumer is content with a sample that often (e.g. 2000 for a quality badge); the collector
   * polls at the quickest pace any consumer needs (a `stats:collected` listener or a watcher without it: every tick).
   */
  watchStats(options?: WatchStatsOptions): () => void;
}

export interface WatchStatsOptions {
  /** How often this consumer needs a sample (ms); never quicker than the collector's own interval. */
  intervalMs?: number;
}

/** One inbound RTP stream's counters, read straight from its `inbound-rtp` entry (what the internal monitors need). */
export interface InboundCounters {
  kind: 'audio' | 'video';
  ssrc?: number;
  mid?: string;
  /** The receiver's track (`trackIdentifier`). */
  trackId?: string;
  packetsReceived: number;
  bytesReceived: number;
  framesReceived: number;
  framesDecoded: number;
}

/** What the transceivers receive now (`currentDirection` sendrecv or recvonly): any, how many m-lines, how many video. */
export interface Receiving {
  any: boolean;
  lines: number;
  video: number;
}

/**
 * Inside the connector: one collected sample as the consumers (quality, balancer, health monitors) get it. The
 * collector's samples read their report lazily (src/stats/counters.ts): `snapshot` is normalised on first use when
 * no consumer needs it every tick; `inbound`, `receiving` and `source` are cheap. Samples made by hand (tests) may
 * give only `snapshot`, `raw` and `pc`: read them with the helpers of counters.ts.
 */
export interface StatsSample {
  readonly snapshot: StatsSnapshot;
  /** The browser's report the snapshot was made from. */
  readonly raw: RTCStatsReport;
  readonly pc: RTCPeerConnection;
  readonly source?: StatsSnapshot['source'];
  readonly inbound?: readonly InboundCounters[];
  readonly receiving?: Receiving;
}

/**
 * What a feed consumer reads: `'counters'` — only the cheap parts of a sample (`inbound`, `receiving`, `source`, `raw`,
 * through the helpers of counters.ts) — or `'snapshot'` (default) — the normalised snapshot of every sample. While
 * only `'counters'` consumers exist the collector normalises nothing (no history, no quality). `'prompt-counters'`: the
 * same cheap parts, but at the normal interval even on a steady call (a consumer with a deadline: the outbound video
 * check of `replaceMediaStream`), see steady.ts.
 */
export type StatsNeeds = 'counters' | 'prompt-counters' | 'snapshot';

/** Inside the connector: the port a consumer gets. `consume` counts as a consumer (polling runs while one exists). */
export interface StatsFeed {
  consume(listener: (sample: StatsSample) => void, needs?: StatsNeeds): () => void;
  readonly latest: StatsSample | undefined;
}
