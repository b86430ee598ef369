/**
 * Keeps one call through outages. The transport dropped: the call is kept (`call:reconnecting`) and, once the
 * connection is back, its dialog is refreshed with a re-INVITE (RFC 3261 target refresh, with an ICE restart when
 * ICE is not connected); 481/408/no answer means the server forgot it (`dialog-lost`). Media stopped: an ICE
 * restart, and the call ends with `media-timeout` if nothing comes back in time (the monitor decides when).
 */
import type { VinteoError } from '../errors.js';
import type { CallInfo, ConnectorEvents } from '../types.js';
import type { LogSink } from '../util/logger.js';
import { withTimeout } from '../util/wait.js';

type RecoveryEvents = Pick<
  ConnectorEvents,
  'call:reconnecting' | 'call:resumed' | 'call:media-problem' | 'call:media-recovered'
>;

export interface CallRecoveryDeps {
  info: CallInfo;
  emit: <K extends keyof RecoveryEvents>(name: K, payload: RecoveryEvents[K]) => void;
  /** A re-INVITE through the call's offer queue. */
  renegotiate: (options: { iceRestart: boolean }) => Promise<void>;
  signallingUp: () => boolean;
  /** ICE is `connected`/`completed`. */
  iceConnected: () => boolean;
  endCall: (cause: 'dialog-lost' | 'media-timeout', statusCode?: number) => void;
  log: LogSink;
  now?: () => number;
  /** Longest wait for the refresh's answer before the dialog counts as lost (default 10 000 ms). */
  refreshTimeoutMs?: number;
}

export class CallRecovery {
  readonly #d: CallRecoveryDeps;
  #since?: number;
  #transportDown = false;
  #mediaDown = false;
  #restarting = false;
  #closed = false;

  constructor(deps: CallRecoveryDeps) {
    this.#d = deps;
  }

  get reconnecting(): boolean {
    return this.#since !== undefined;
  }

  transportLost(): void {
    this.#transportDown = true;
    this.#enter('transport');
  }

  async transportRestored(): Promise<void> {
    if (this.#closed || !this.#transportDown) return;
    const iceRestart = !this.#d.iceConnected();
    try {
      await withTimeout(this.#d.renegotiate({ iceRestart }), this.#d.refreshTimeoutMs ?? 10_000, () =>
        Object.assign(new Error('no answer to the dialog refresh'), { statusCode: 408 }),
      );
    } catch (error) {
      if (this.#closed) return;
      if (isDialogGone(error)) return this.#d.endCall('dialog-lost', statusOf(error) ?? 408);
      if (!this.#d.signallingUp()) return; // dropped again: the next restore refreshes
      this.#d.log('warn', 'the dialog refresh was refused; the dialog is alive', error);
    }
    this.#transportDown = false;
    this.#maybeResume();
  }

  mediaProblem(reason: 'no-packets' | 'ice-disconnected' | 'ice-failed'): void {
    if (this.#closed || this.#mediaDown) return;
    this.#mediaDown = true;
    this.#d.emit('call:media-problem', { call: this.#d.info, reason });
    this.#enter('media');
    this.#restartIce();
  }

  mediaRecovered(downtimeMs: number): void {
    if (this.#closed || !this.#mediaDown) return;
    this.#mediaDown = false;
    this.#d.emit('call:media-recovered', { call: this.#d.info, downtimeMs });
    this.#maybeResume();
  }

  mediaTimeout(): void {
    if (!this.#closed) this.#d.endCall('media-timeout');
  }

  close(): void {
    this.#closed = true;
  }

  /** One ICE restart at a time, only while signalling is up (otherwise the refresh after reconnecting does it). */
  #restartIce(): void {
    if (this.#restarting || !this.#d.signallingUp()) return;
    this.#restarting = true;
    this.#d
      .renegotiate({ iceRestart: true })
      .catch((error: VinteoError) => {
        if (!this.#closed && isDialogGone(error) && this.#d.signallingUp())
          this.#d.endCall('dialog-lost', statusOf(error));
      })
      .finally(() => {
        this.#restarting = false;
      });
  }

  #enter(reason: 'transport' | 'media'): void {
    if (this.#closed || this.#since !== undefined) return;
    this.#since = this.#now();
    this.#d.emit('call:reconnecting', { call: this.#d.info, reason });
  }

  #maybeResume(): void {
    if (this.#since === undefined || this.#transportDown || this.#mediaDown || this.#closed) return;
    const downtimeMs = this.#now() - this.#since;
    this.#since = undefined;
    this.#d.emit('call:resumed', { call: this.#d.info, downtimeMs });
  }

  #now(): number {
    return (this.#d.now ?? Date.now)();
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}

/** 481 (no such dialog), 408 / no answer: RFC 3261 §12.2.1.2 says the dialog is over. */
function isDialogGone(error: unknown): boolean {
  const status = statusOf(error);
  return status === 481 || status === 408;
}
