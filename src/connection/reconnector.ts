/**
 * The reconnection loop: one attempt at a time, delays from the policy, pause while the browser is offline.
 * It knows nothing about SIP: `attempt()` does the work (transport, then REGISTER) and says how it went.
 */
import type { VinteoError } from '../errors.js';
import { Timer, type Clock } from '../util/clock.js';
import type { ReconnectPolicy, ReconnectReason } from './reconnect-policy.js';

export interface ReconnectorEvents {
  scheduled(attempt: number, delayMs: number, reason: ReconnectReason): void;
  failed(attempt: number, error: VinteoError): void;
  succeeded(downtimeMs: number, attempts: number): void;
  gaveUp(attempts: number, error: VinteoError): void;
}

export interface ReconnectorOptions {
  clock: Clock;
  policy: () => ReconnectPolicy;
  attempt: () => Promise<void>;
  /** False for errors no retry can mend (wrong credentials, invalid configuration). */
  retryable: (error: VinteoError) => boolean;
  toError: (error: unknown) => VinteoError;
  events: ReconnectorEvents;
}

interface Outage {
  since: number;
  attempt: number;
  reason: ReconnectReason;
  running: boolean;
  paused: boolean;
  retryAfterMs?: number;
}

export class Reconnector {
  readonly #o: ReconnectorOptions;
  readonly #timer: Timer;
  #outage?: Outage;
  #generation = 0;

  constructor(options: ReconnectorOptions) {
    this.#o = options;
    this.#timer = new Timer(options.clock);
  }

  get active(): boolean {
    return this.#outage !== undefined;
  }

  /** Starts reconnecting; while already reconnecting, further causes coalesce into the running schedule. */
  start(reason: ReconnectReason): void {
    if (this.#outage) return;
    this.#outage = { since: this.#o.clock.now(), attempt: 0, reason, running: false, paused: false };
    this.#scheduleNext(this.#outage);
  }

  /** Skips the wait: attempt at once (the browser came back online). */
  retryNow(): void {
    const outage = this.#outage;
    if (!outage || outage.running) return;
    outage.paused = false;
    this.#timer.clear();
    outage.attempt++;
    void this.#run(outage);
  }

  /** No attempts until `retryNow()` (the browser is offline: don't burn them). */
  pause(): void {
    if (!this.#outage) return;
    this.#outage.paused = true;
    this.#timer.clear();
  }

  stop(): void {
    this.#generation++;
    this.#outage = undefined;
    this.#timer.clear();
  }

  #scheduleNext(outage: Outage): void {
    const context = {
      attempt: outage.attempt + 1,
      elapsedMs: this.#o.clock.now() - outage.since,
      reason: outage.reason,
      retryAfterMs: outage.retryAfterMs,
    };
    const delay = this.#o.policy().nextRetryDelayMs(context);
    // The attempt the policy refused was never made: gave-up reports the attempts that were.
    if (delay === null || !Number.isFinite(delay))
      return this.#giveUp(outage, this.#o.toError(new Error('The reconnection policy gave up')));
    outage.attempt++;
    this.#o.events.scheduled(outage.attempt, Math.max(0, delay), outage.reason);
    this.#timer.start(Math.max(0, delay), () => void this.#run(outage));
  }

  async #run(outage: Outage): Promise<void> {
    const generation = this.#generation;
    outage.running = true;
    try {
      await this.#o.attempt();
      if (generation !== this.#generation) return;
      this.#outage = undefined;
      this.#o.events.succeeded(this.#o.clock.now() - outage.since, outage.attempt);
    } catch (raw) {
      if (generation !== this.#generation) return;
      this.#failed(outage, this.#o.toError(raw));
    } finally {
      outage.running = false;
    }
  }

  #failed(outage: Outage, error: VinteoError): void {
    this.#o.events.failed(outage.attempt, error);
    if (!this.#o.retryable(error)) return this.#giveUp(outage, error);
    outage.retryAfterMs = error.retryAfterMs;
    if (!outage.paused) this.#scheduleNext(outage);
  }

  #giveUp(outage: Outage, error: VinteoError): void {
    if (this.#outage === outage) this.#outage = undefined;
    this.#timer.clear();
    this.#o.events.gaveUp(outage.attempt, error);
  }
}
