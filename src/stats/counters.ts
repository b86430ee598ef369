/**
 * The cheap side of a stats sample: what the internal monitors (media health, the key-frame watchdog, main-stream
 * health, the receive bandwidth report) read every tick, without normalising the whole report. A sample made by the
 * collector reads its report lazily — the inbound RTP streams' counters (a few `get`s of known ids), whether the
 * transceivers receive, the selected pair's available incoming bitrate — and normalises the full
 * {@link StatsSnapshot} only when something asks for it. The helpers below also take samples made by hand (tests,
 * fakes), reading their snapshot instead.
 */
import type { Entry, StatsReportLike } from './report-view.js';
import type { StreamRoleHints } from './stream-roles.js';
import type { InboundCounters, Receiving, StatsSample, StatsSnapshot } from './types.js';

/**
 * Finds the report's inbound RTP streams and reads just those next time: it walks the report (which makes Chromium
 * build every entry) only at first, when a known entry is gone, when the receiving m-lines changed, when a known
 * stream did not grow since the last read (it may have been replaced: a new SSRC after a re-INVITE), when the report
 * has more or fewer entries than at the last walk (a stream that appeared beside the known ones: missing it would
 * make its packets look like growth when it is found), and every `walkEvery` reads.
 */
export class InboundReader {
  readonly #walkEvery: number;
  #ids: string[] = [];
  #packets: number[] = [];
  #receiving = -1;
  #since = 0;
  #size?: number;

  constructor(walkEvery = 10) {
    this.#walkEvery = walkEvery;
  }

  /** The inbound-rtp entries of `report`; `receiving`: receiving m-lines now (a change makes it walk). */
  read(report: StatsReportLike, receiving: number): Entry[] {
    const known = this.#known(report, receiving);
    const entries = known ?? walk(report);
    this.#since = known ? this.#since + 1 : 0;
    if (!known) this.#size = report.size;
    this.#receiving = receiving;
    this.#ids = entries.map((s) => String(s.id));
    this.#packets = entries.map(packetsOf);
    return entries;
  }

  reset(): void {
    this.#ids = [];
    this.#receiving = -1;
  }

  #known(report: StatsReportLike, receiving: number): Entry[] | undefined {
    if (!this.#ids.length || receiving !== this.#receiving || this.#since >= this.#walkEvery) return undefined;
    if (report.size !== this.#size) return undefined;
    const entries: Entry[] = [];
    for (let i = 0; i < this.#ids.length; i++) {
      const s = report.get(this.#ids[i]) as Entry | undefined;
      if (s?.type !== 'inbound-rtp' || !(packetsOf(s) > this.#packets[i])) return undefined;
      entries.push(s);
    }
    return entries;
  }
}

function walk(report: StatsReportLike): Entry[] {
  const entries: Entry[] = [];
  report.forEach((s: Entry) => {
    if (s.type === 'inbound-rtp') entries.push(s);
  });
  return entries;
}

function packetsOf(s: Entry): number {
  return typeof s.packetsReceived === 'number' ? s.packetsReceived : 0;
}

/** What a {@link CollectedSample} reads with, from the collector. */
export interface SampleParts {
  raw: RTCStatsReport;
  pc: RTCPeerConnection;
  source: StatsSnapshot['source'];
  reader: InboundReader;
  roles: () => StreamRoleHints;
  /** Normalises the report (called at most once, when the snapshot is asked for). */
  normalize: () => StatsSnapshot;
}

/** A sample of the collector: everything read on first use, once. */
export class CollectedSample implements StatsSample {
  readonly raw: RTCStatsReport;
  readonly pc: RTCPeerConnection;
  readonly source: StatsSnapshot['source'];
  readonly #parts: SampleParts;
  #snapshot?: StatsSnapshot;
  #receiving?: Receiving;
  #entries?: Entry[];
  #inbound?: InboundCounters[];
  #main?: { counters: InboundCounters | undefined };

  constructor(parts: SampleParts, snapshot?: StatsSnapshot) {
    this.raw = parts.raw;
    this.pc = parts.pc;
    this.source = parts.source;
    this.#parts = parts;
    this.#snapshot = snapshot;
  }

  get snapshot(): StatsSnapshot {
    this.#snapshot ??= this.#parts.normalize();
    return this.#snapshot;
  }

  /** Whether a snapshot was made (eagerly by the collector, or because someone asked). */
  get normalized(): boolean {
    return this.#snapshot !== undefined;
  }

  get receiving(): Receiving {
    this.#receiving ??= receivingOfPc(this.pc);
    return this.#receiving;
  }

  get inbound(): readonly InboundCounters[] {
    this.#inbound ??= this.#inboundEntries().map(countersOf);
    return this.#inbound;
  }

  /** The main remote video's counters: the stream the remote view shows as main, else the video carrying the most. */
  get mainInboundVideo(): InboundCounters | undefined {
    // One inbound video (no content beside it): that one, whatever the roles say.
    const videos = this.inbound.filter((c) => c.kind === 'video');
    this.#main ??= { counters: videos.length < 2 ? videos[0] : mainVideo(videos, this.#parts.roles()) };
    return this.#main.counters;
  }

  /** The selected candidate pair's `availableIncomingBitrate`, through the inbound streams' transport (Chromium). */
  get availableIncomingBitrateBps(): number | undefined {
    const transportId = this.#inboundEntries().find((s) => typeof s.transportId === 'string')?.transportId;
    const transport =
      transportId === undefined ? undefined : (this.raw.get(transportId as string) as Entry | undefined);
    if (transport?.selectedCandidatePairId === undefined)
      return this.snapshot.candidatePair?.availableIncomingBitrateBps;
    const pair = this.raw.get(transport.selectedCandidatePairId as string) as Entry | undefined;
    const value = pair?.availableIncomingBitrate;
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }

  #inboundEntries(): Entry[] {
    this.#entries ??= this.#parts.reader.read(this.raw, this.receiving.lines);
    return this.#entries;
  }
}

function countersOf(s: Entry): InboundCounters {
  const n = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  const counters: InboundCounters = {
    kind: (s.kind ?? s.mediaType) === 'audio' ? 'audio' : 'video',
    packetsReceived: n(s.packetsReceived),
    bytesReceived: n(s.bytesReceived),
    framesReceived: n(s.framesReceived),
    framesDecoded: n(s.framesDecoded),
  };
  if (typeof s.ssrc === 'number') counters.ssrc = s.ssrc;
  if (typeof s.mid === 'string') counters.mid = s.mid;
  if (typeof s.trackIdentifier === 'string') counters.trackId = s.trackIdentifier;
  return counters;
}

/** As the normaliser picks `inbound.video`: not the content's track; the main view's track first, then the most bytes. */
function mainVideo(inbound: readonly InboundCounters[], roles: StreamRoleHints): InboundCounters | undefined {
  const content = roles.inboundContentTrackIds ?? [];
  const main = roles.inboundMainTrackIds ?? [];
  const named = (c: InboundCounters) => c.trackId !== undefined && main.includes(c.trackId);
  let best: InboundCounters | undefined;
  for (const c of inbound) {
    if (c.kind !== 'video' || (c.trackId !== undefined && content.includes(c.trackId))) continue;
    if (!best || (named(c) !== named(best) ? named(c) : c.bytesReceived > best.bytesReceived)) best = c;
  }
  // Every video is the content's: as before, the first video.
  return best ?? inbound.find((c) => c.kind === 'video');
}

/**
 * What each peer connection's transceivers receive, kept until its next negotiation step (`currentDirection` changes
 * only then): reading the transceivers and their receivers' tracks every tick is a good part of a cheap tick.
 */
const receivingByPc = new WeakMap<RTCPeerConnection, Receiving>();

function receivingOfPc(pc: RTCPeerConnection): Receiving {
  const known = receivingByPc.get(pc);
  if (known) return known;
  const receiving = readReceiving(pc);
  if (typeof pc.addEventListener === 'function' && pc.signalingState === 'stable') {
    receivingByPc.set(pc, receiving);
    pc.addEventListener('signalingstatechange', () => receivingByPc.delete(pc), { once: true });
  }
  return receiving;
}

function readReceiving(pc: RTCPeerConnection): Receiving {
  const receiving: Receiving = { any: false, lines: 0, video: 0 };
  for (const t of pc.getTransceivers()) {
    if (t.currentDirection !== 'sendrecv' && t.currentDirection !== 'recvonly') continue;
    receiving.any = true;
    receiving.lines++;
    if (t.receiver.track.kind === 'video') receiving.video++;
  }
  return receiving;
}

// ── reading any sample (the collector's, or one made by hand) ──

/** The inbound RTP streams' counters: read cheaply from the collector's sample, else from the snapshot. */
export function inboundOf(sample: StatsSample): readonly InboundCounters[] {
  if (sample.inbound) return sample.inbound;
  return sample.snapshot.streams
    .filter((s) => s.direction === 'inbound')
    .map((s) => ({
      kind: s.kind,
      ssrc: s.ssrc,
      mid: s.mid,
      trackId: s.trackId,
      packetsReceived: s.packets,
      bytesReceived: s.bytes ?? 0,
      framesReceived: s.frames ?? 0,
      framesDecoded: s.frames ?? 0,
    }));
}

export function receivingOf(sample: StatsSample): Receiving {
  return sample.receiving ?? receivingOfPc(sample.pc);
}

export function sourceOf(sample: StatsSample): StatsSnapshot['source'] {
  return sample.source ?? sample.snapshot.source;
}

export function incomingBitrateOf(sample: StatsSample): number | undefined {
  return sample instanceof CollectedSample
    ? sample.availableIncomingBitrateBps
    : sample.snapshot.candidatePair?.availableIncomingBitrateBps;
}
