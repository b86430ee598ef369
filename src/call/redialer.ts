/**
 * Auto-redial (`autoRedial`): when a call is lost — its dialog is gone after a reconnection, no media until the
 * bound, or the connection was given up — call the same target again with the same options, re-joining the
 * conference. Backoff with jitter, limited attempts, `call-reconnect:*` events. Resume first, redial last: it only
 * acts once recovery has failed and the call has ended.
 */
import { toVinteoError } from '../errors.js';
import type { CallEndCause, CallInfo, CallOptions, ConnectorEvents } from '../types.js';
import { Timer, type Clock } from '../util/clock.js';

type RedialEvents = Pick<
  ConnectorEvents,
  | 'call-reconnect:attempt-scheduled'
  | 'call-reconnect:attempt-started'
  | 'call-reconnect:attempt-succeeded'
  | 'call-reconnect:attempt-failed'
  | 'call-reconnect:limit-reached'
  | 'call-reconnect:cancelled'
>;

/** Causes a redial can mend. */
const LOST: ReadonlySet<CallEndCause> = new Set<CallEndCause>([
  'dialog-lost',
  'media-timeout',
  'connection-error',
  'ice-failed',
  'request-timeout',
]);

export const DEFAULT_REDIAL_ATTEMPTS = 5;

/** Attempt n waits `min(30 s, 1 s · 2^(n−1))` with equal jitter: ≈ 0.5–1 s, 1–2 s, 2–4 s … */
export function redialDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** (attempt - 1));
  return Math.round(base / 2 + random() * (base / 2));
}

export interface RedialerDeps {
  clock: Clock;
  emit: <K extends keyof RedialEvents>(name: K, payload: RedialEvents[K]) => void;
  /** Places the call (through the connector, so the conference is prepared again). */
  dial: (target: string, options: CallOptions) => Promise<CallInfo>;
  /** Resolves once signalling is ready (connected/registered), rejects after `timeoutMs`. */
  whenSignalling: (timeoutMs: number) => Promise<void>;
  random?: () => number;
}

interface Plan {
  target: string;
  options: CallOptions;
  max: number;
  attempt: number;
}

export class Redialer {
  readonly #d: RedialerDeps;
  readonly #timer: Timer;
  #plan?: Plan;
  #pending = false;

  constructor(deps: RedialerDeps) {
    this.#d = deps;
    this.#timer = new Timer(deps.clock);
  }

  /** Remembers the call to redial (`autoRedial` true = 5 attempts, a number = that many); false forgets it. */
  arm(target: string, options: CallOptions): void {
    const max = options.autoRedial === true ? DEFAULT_REDIAL_ATTEMPTS : Number(options.autoRedial) || 0;
    if (max <= 0) return this.disarm();
    const attempt = this.#plan?.target === target ? this.#plan.attempt : 0;
    this.#plan = { target, options, max, attempt };
  }

  disarm(): void {
    this.#plan = undefined;
    this.#pending = false;
    this.#timer.clear();
  }

  /** The user hung up or disconnected: stop, and say so if a redial was under way. */
  cancel(reason: 'local-hangup' | 'disconnect'): void {
    const active = this.#pending;
    this.disarm();
    if (active) this.#d.emit('call-reconnect:cancelled', { reason });
  }

  /** The call ended: redial when armed and the cause is one a new call can mend. */
  callEnded(cause: CallEndCause, originator: string): void {
    const plan = this.#plan;
    if (!plan || this.#pending) return;
    if (originator === 'local' || !LOST.has(cause)) return this.disarm();
    this.#pending = true;
    this.#schedule(plan);
  }

  /** The redialled call was established: the attempt budget starts again. */
  succeeded(call: CallInfo): void {
    const plan = this.#plan;
    if (!plan || !this.#pending) return;
    this.#pending = false;
    this.#d.emit('call-reconnect:attempt-succeeded', { attempt: plan.attempt, call });
    plan.attempt = 0;
  }

  #schedule(plan: Plan): void {
    if (plan.attempt >= plan.max) {
      this.disarm();
      return this.#d.emit('call-reconnect:limit-reached', { attempts: plan.max });
    }
    plan.attempt += 1;
    const delayMs = redialDelayMs(plan.attempt, this.#d.random);
    this.#d.emit('call-reconnect:attempt-scheduled', { attempt: plan.attempt, delayMs, target: plan.target });
    this.#timer.start(delayMs, () => void this.#run(plan));
  }

  async #run(plan: Plan): Promise<void> {
    if (this.#plan !== plan) return;
    this.#d.emit('call-reconnect:attempt-started', { attempt: plan.attempt, target: plan.target });
    try {
      await this.#d.whenSignalling(20_000);
      if (this.#plan !== plan) return;
      this.succeeded(await this.#d.dial(plan.target, plan.options));
    } catch (error) {
      if (this.#plan !== plan) return;
      this.#d.emit('call-reconnect:attempt-failed', { attempt: plan.attempt, error: toVinteoError(error) });
      this.#schedule(plan);
    }
  }
}
