/** Figures of `<vinteo-stats>` in words: bitrates, times, percentages and resolutions in the element's language. */
import type {
  CandidatePairStats,
  StatsSnapshot,
  StreamRole,
  StreamStats,
  StatsDirection,
} from '../../src/stats/types.js';
import type { StringKey } from '../i18n.js';

export type Translate = (key: StringKey, values?: Record<string, string>) => string;

export interface Formatter {
  t: Translate;
  lang: string;
}

const ROLES: StreamRole[] = ['audio', 'video', 'content'];
const DIRECTIONS: StatsDirection[] = ['outbound', 'inbound'];

/** Number formats by language and digits: made once, as the element renders every second. */
const formats = new Map<string, Intl.NumberFormat>();

export function number(f: Formatter, value: number, digits: number, minimumDigits = 0): string {
  const key = `${f.lang}/${digits}/${minimumDigits}`;
  let format = formats.get(key);
  if (!format)
    formats.set(
      key,
      (format = new Intl.NumberFormat(f.lang, { maximumFractionDigits: digits, minimumFractionDigits: minimumDigits })),
    );
  return format.format(value);
}

export function bitrate(f: Formatter, bps: number | undefined): string {
  if (bps === undefined || !Number.isFinite(bps)) return f.t('stats.none');
  if (bps >= 1_000_000) return f.t('stats.mbps', { n: number(f, bps / 1_000_000, bps >= 10_000_000 ? 0 : 1) });
  return f.t('stats.kbps', { n: number(f, bps / 1000, 0) });
}

export function millis(f: Formatter, ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? f.t('stats.none') : f.t('stats.ms', { n: number(f, ms, 0) });
}

export function percent(f: Formatter, value: number | undefined): string {
  return value === undefined || !Number.isFinite(value)
    ? f.t('stats.none')
    : f.t('stats.percent', { n: number(f, value, value < 10 ? 1 : 0) });
}

function fps(f: Formatter, value: number | undefined): string {
  return value === undefined ? f.t('stats.none') : number(f, value, 0);
}

function resolution(f: Formatter, s: StreamStats): string {
  return s.width && s.height ? `${s.width}×${s.height}` : f.t('stats.none');
}

/** One table row: the stream's name and its figures, in the column order of {@link COLUMNS}. */
export interface StreamRow {
  key: string;
  name: string;
  cells: string[];
  /** Per cell: does the column apply to this stream (frames and resolution do not to audio)? */
  applies: boolean[];
}

export const COLUMNS: StringKey[] = [
  'stats.col.bitrate',
  'stats.col.fps',
  'stats.col.resolution',
  'stats.col.loss',
  'stats.col.rtt',
  'stats.col.jitter',
  'stats.col.codec',
];

function row(f: Formatter, s: StreamStats): StreamRow {
  const video = s.kind === 'video';
  const none = f.t('stats.none');
  return {
    key: `${s.role}-${s.direction}`,
    name: f.t(`stats.row.${s.role}.${s.direction}` as StringKey),
    cells: [
      bitrate(f, s.bitrateBps),
      video ? fps(f, s.framesPerSecond) : none,
      video ? resolution(f, s) : none,
      percent(f, s.lossPercent),
      millis(f, s.rttMs),
      millis(f, s.jitterMs),
      s.codec ?? none,
    ],
    applies: [true, video, video, true, true, true, true],
  };
}

/** The main streams of a snapshot, audio → video → content, each sent then received. */
export function streamRows(f: Formatter, snapshot: StatsSnapshot): StreamRow[] {
  const rows: StreamRow[] = [];
  for (const role of ROLES) {
    for (const direction of DIRECTIONS) {
      const s = snapshot[direction][role];
      if (s) rows.push(row(f, s));
    }
  }
  return rows;
}

/** "direct, UDP, round trip 38 ms, up to 2.5 Mbit/s to send" (empty when nothing is known). */
export function pathText(f: Formatter, pair: CandidatePairStats | undefined): string {
  if (!pair) return '';
  const relayed = pair.localType === 'relay' || pair.remoteType === 'relay';
  const type = relayed
    ? 'relay'
    : pair.localType === 'host' && pair.remoteType === 'host'
      ? 'host'
      : (pair.localType ?? pair.remoteType);
  const parts = [
    type ? f.t(`stats.path.${type}` as StringKey) : '',
    pair.protocol ? pair.protocol.toUpperCase() : '',
    pair.rttMs !== undefined ? f.t('stats.path.rtt', { rtt: millis(f, pair.rttMs) }) : '',
    pair.availableOutgoingBitrateBps
      ? f.t('stats.path.available', { bitrate: bitrate(f, pair.availableOutgoingBitrateBps) })
      : '',
  ];
  return parts.filter(Boolean).join(', ');
}
