/**
 * The browser's stats report, read as little as possible. Walking a report (forEach, keys, values) makes Chromium
 * build a JS object for every entry (certificates included). Measured on fresh reports of a two-track loopback call
 * (Chromium 156, 2 shared cores): a walk ~0.08 ms, the nine gets a sample needs ~0.03 ms together. Given the ids a previous sample used (its RTP streams and transports), the view reads just
 * those and what they reference (codec, far-end reports, media source, selected pair, candidates); it walks the whole
 * report only without them, when one of them is gone, or when asked for something only a walk can find.
 */
/** What a report is to us: `RTCStatsReport`, or a `Map` of plain objects (fixtures). */
export interface StatsReportLike {
  forEach(callback: (value: any, key: string) => void): void;
  get(id: string): unknown;
  /** How many entries (an RTCStatsReport has it; reading it builds none). */
  readonly size?: number;
}

export type Entry = Record<string, unknown>;

const ROOTS = new Set(['inbound-rtp', 'outbound-rtp', 'transport']);

export class ReportView {
  readonly #report: StatsReportLike;
  readonly #cache = new Map<string, Entry | undefined>();
  #all?: Entry[];
  #roots?: Entry[];

  constructor(report: StatsReportLike, known?: readonly string[]) {
    this.#report = report;
    if (known?.length) this.#roots = this.#knownRoots(known);
  }

  /** Whether the whole report was walked (the sample found every stream there is). */
  get walked(): boolean {
    return this.#all !== undefined;
  }

  get(id: unknown): Entry | undefined {
    if (typeof id !== 'string') return undefined;
    if (!this.#cache.has(id)) this.#cache.set(id, this.#report.get(id) as Entry | undefined);
    return this.#cache.get(id);
  }

  /** The RTP streams and transports: the known ones, or every one in the report. */
  roots(): Entry[] {
    this.#roots ??= this.all().filter((s) => ROOTS.has(String(s.type)));
    return this.#roots;
  }

  /** Every entry (walks the report once). */
  all(): Entry[] {
    if (!this.#all) {
      const all: Entry[] = [];
      this.#report.forEach((s: Entry, id: string) => {
        all.push(s);
        this.#cache.set(typeof s.id === 'string' ? s.id : id, s);
      });
      this.#all = all;
    }
    return this.#all;
  }

  /** The known roots, or undefined (walk instead) when one is gone or is no longer what it was. */
  #knownRoots(known: readonly string[]): Entry[] | undefined {
    const roots = known.map((id) => this.get(id));
    return roots.every((s) => s !== undefined && ROOTS.has(String(s.type))) ? (roots as Entry[]) : undefined;
  }
}

/**
 * When the collector may read only the known ids: once two walks in a row found the same entries and as many RTP
 * streams as the transceivers should carry (Chromium has no inbound-rtp before the first packet arrives), for the next
 * `walkEvery` samples, while that expected number stays the same.
 */
export class KnownIds {
  readonly #walkEvery: number;
  #ids?: string[];
  #stable = false;
  #since = 0;
  #expected = -1;

  constructor(walkEvery = 9) {
    this.#walkEvery = walkEvery;
  }

  /** The ids to read for the next sample, or undefined to walk the report; `expected`: see {@link expectedStreams}. */
  next(expected: number): readonly string[] | undefined {
    return this.#stable && this.#since < this.#walkEvery && expected === this.#expected ? this.#ids : undefined;
  }

  /** What the sample read: its ids, whether it walked, the expected and the found number of RTP streams. */
  update(ids: string[], walked: boolean, expected: number, streams: number): void {
    if (walked) {
      const same =
        this.#ids !== undefined && ids.length === this.#ids.length && ids.every((id, i) => id === this.#ids?.[i]);
      this.#stable = same && streams >= expected;
      this.#since = 0;
      this.#expected = expected;
    } else this.#since++;
    this.#ids = ids;
  }

  reset(): void {
    this.#ids = undefined;
    this.#stable = false;
    this.#since = 0;
  }
}

/** RTP streams a peer connection should report: one per transceiver sending a track, one per receiving one. */
export function expectedStreams(pc: RTCPeerConnection): number {
  let count = 0;
  for (const t of pc.getTransceivers()) {
    const direction = t.currentDirection ?? '';
    if (t.sender.track && (direction === 'sendrecv' || direction === 'sendonly')) count++;
    if (direction === 'sendrecv' || direction === 'recvonly') count++;
  }
  return count;
}
