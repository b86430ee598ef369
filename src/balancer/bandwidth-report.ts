/**
 * The receive bandwidth report (docs/protocol.md §8; the reference's §3.15): after each stats sample, the selected
 * candidate pair's `availableIncomingBitrate` goes to the server in an INFO `application/vinteo.webrtc.stats`
 * (`x-webrtc-available-incoming-bitrate: {bps}`) when it changed by at least 25 % (or was 0 and is not now). Always
 * over the main call's dialog, even when the sample comes from the spectator's receive-only session. Only a Vinteo
 * server wants it: with `'auto'` (default) the report starts once the server showed it speaks Vinteo in this call,
 * and until then nothing consumes stats for it. A failed INFO is logged, never thrown.
 */
import type { InfoMessage } from '../types.js';
import type { LogSink } from '../util/logger.js';
import { incomingBitrateOf } from '../stats/counters.js';
import type { StatsFeed, StatsSample } from '../stats/types.js';

export const STATS_INFO = 'application/vinteo.webrtc.stats';
export const INCOMING_BITRATE_HEADER = 'x-webrtc-available-incoming-bitrate';
export const REPORT_CHANGE = 0.25;

export type BandwidthReportSetting = boolean | 'auto';

/** Whether `current` is worth reporting after `previous` (the last value sent; undefined: none yet). Pure. */
export function shouldReport(previous: number | undefined, current: number | undefined): boolean {
  if (current === undefined || !Number.isFinite(current) || current < 0) return false;
  if (previous === undefined || previous === 0) return current > 0;
  return Math.abs(current - previous) / previous >= REPORT_CHANGE;
}

/** A message of the server that only a Vinteo server sends: an `application/vinteo.*` INFO, or an `x-vinteo-notify`. */
export function speaksVinteo(message: Pick<InfoMessage, 'contentType' | 'headers'>): boolean {
  if (/^\s*application\/vinteo\./i.test(message.contentType ?? '')) return true;
  return Object.keys(message.headers ?? {}).some((name) => name.toLowerCase() === 'x-vinteo-notify');
}

export interface BandwidthReportDeps {
  feed: StatsFeed;
  /** An INFO over the main call's dialog (rejects when it cannot be sent or is refused). */
  sendInfo: (contentType: string, headers: string[]) => Promise<unknown>;
  log: LogSink;
  setting: () => BandwidthReportSetting | undefined;
}

export class BandwidthReport {
  readonly #deps: BandwidthReportDeps;
  #unsubscribe?: () => void;
  #inCall = false;
  #vinteo = false;
  #last?: number;

  constructor(deps: BandwidthReportDeps) {
    this.#deps = deps;
  }

  /** Whether samples are being watched now. */
  get active(): boolean {
    return this.#unsubscribe !== undefined;
  }

  callConfirmed(): void {
    this.#inCall = true;
    this.#sync();
  }

  /** A message from the server in this call (INFO or NOTIFY): it may show the server speaks Vinteo. */
  serverMessage(message: Pick<InfoMessage, 'contentType' | 'headers'>): void {
    if (this.#vinteo || !speaksVinteo(message)) return;
    this.#vinteo = true;
    this.#sync();
  }

  callEnded(): void {
    this.#inCall = false;
    this.#vinteo = false;
    this.#last = undefined;
    this.#sync();
  }

  #wanted(): boolean {
    const setting = this.#deps.setting() ?? 'auto';
    return this.#inCall && (setting === true || (setting === 'auto' && this.#vinteo));
  }

  #sync(): void {
    const wanted = this.#wanted();
    if (wanted && !this.#unsubscribe)
      this.#unsubscribe = this.#deps.feed.consume((sample) => this.#onSample(sample), 'counters');
    if (!wanted && this.#unsubscribe) {
      this.#unsubscribe();
      this.#unsubscribe = undefined;
    }
  }

  #onSample(sample: StatsSample): void {
    const value = incomingBitrateOf(sample);
    if (!shouldReport(this.#last, value)) return;
    const bps = Math.round(value as number);
    this.#last = bps;
    this.#deps
      .sendInfo(STATS_INFO, [`${INCOMING_BITRATE_HEADER}: ${bps}`])
      .catch((error: unknown) => this.#deps.log('warn', 'the receive bandwidth report could not be sent', error));
  }
}
