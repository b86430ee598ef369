/**
 * When to try again after the connection to the server was lost. Pure: no timers, no I/O; the connection
 * manager asks the policy for the delay before each attempt and waits it out itself.
 */

/** Why the connection is being re-established. */
export type ReconnectReason =
  | 'transport-closed' // the WebSocket closed or errored
  | 'keepalive-failed' // an OPTIONS probe got no answer in time (the socket may still look open)
  | 'register-failed' // a REGISTER refresh failed with a network cause (or 503 / 408)
  | 'network-online' // the browser came back online (`online` event) and a probe failed
  | 'network-change' // `navigator.connection` changed and a probe failed
  | 'wake'; // the page woke from sleep (timers jumped) and a probe failed

/** What the policy knows when it picks the next delay. */
export interface RetryContext {
  /** 1 for the first attempt after the loss, 2 for the next … */
  attempt: number;
  /** Milliseconds since the connection was lost. */
  elapsedMs: number;
  reason: ReconnectReason;
  /** The server's `Retry-After` (a 503 to REGISTER), in ms, when it sent one. */
  retryAfterMs?: number;
}

/** Decides the wait before each reconnection attempt. `null` gives up (`auto-connect:gave-up`). */
export interface ReconnectPolicy {
  nextRetryDelayMs(context: RetryContext): number | null;
}

export interface DefaultReconnectPolicyOptions {
  /** Attempts are dense (every 0.25–1 s) while the outage is younger than this (default 10 000 ms). */
  fastPhaseMs?: number;
  /** First delay after the immediate attempt (default 250 ms); doubles up to `fastMaxDelayMs`. */
  fastBaseDelayMs?: number;
  /** Largest delay in the fast phase (default 1000 ms). */
  fastMaxDelayMs?: number;
  /** First delay once the outage is older than `fastPhaseMs` (default 4000 ms); doubles up to `maxDelayMs`. */
  slowBaseDelayMs?: number;
  /** Cap of every delay (default 8000 ms). */
  maxDelayMs?: number;
  /** Random source in [0, 1) for the jitter (injectable for tests). */
  random?: () => number;
}

/**
 * The default schedule: the first attempt at once, then 0.25 s, 0.5 s, 1 s … (capped at 1 s) while the outage is
 * young, so a blip or a quick server restart is healed in well under a second; past 10 s it backs off from 4 s to an
 * 8 s cap (≈ one attempt per 3–6 s, no thundering herd). Every delay but the first gets "equal jitter"
 * (`d/2 + random·d/2`). A `Retry-After` is honoured. It never gives up: the user asked to be connected.
 */
export class DefaultReconnectPolicy implements ReconnectPolicy {
  readonly #o: Required<DefaultReconnectPolicyOptions>;

  constructor(options: DefaultReconnectPolicyOptions = {}) {
    this.#o = {
      fastPhaseMs: options.fastPhaseMs ?? 10_000,
      fastBaseDelayMs: options.fastBaseDelayMs ?? 250,
      fastMaxDelayMs: options.fastMaxDelayMs ?? 1000,
      slowBaseDelayMs: options.slowBaseDelayMs ?? 4000,
      maxDelayMs: options.maxDelayMs ?? 8000,
      random: options.random ?? Math.random,
    };
  }

  nextRetryDelayMs({ attempt, elapsedMs, retryAfterMs }: RetryContext): number {
    const base = attempt <= 1 ? 0 : this.#jitter(this.#baseDelay(attempt, elapsedMs));
    return Math.min(Math.max(base, retryAfterMs ?? 0), Math.max(this.#o.maxDelayMs, retryAfterMs ?? 0));
  }

  #baseDelay(attempt: number, elapsedMs: number): number {
    const o = this.#o;
    if (elapsedMs < o.fastPhaseMs) return Math.min(o.fastMaxDelayMs, o.fastBaseDelayMs * 2 ** (attempt - 2));
    const slowSteps = Math.max(
      0,
      Math.floor(Math.log2(Math.max(1, (elapsedMs - o.fastPhaseMs) / o.slowBaseDelayMs + 1))),
    );
    return Math.min(o.maxDelayMs, o.slowBaseDelayMs * 2 ** slowSteps);
  }

  #jitter(delayMs: number): number {
    return Math.round(delayMs / 2 + this.#o.random() * (delayMs / 2));
  }
}

/** Same delays, but gives up after `maxAttempts` (for apps that prefer to show a "Reconnect" button). */
export function limitedPolicy(
  maxAttempts: number,
  inner: ReconnectPolicy = new DefaultReconnectPolicy(),
): ReconnectPolicy {
  return { nextRetryDelayMs: (context) => (context.attempt > maxAttempts ? null : inner.nextRetryDelayMs(context)) };
}
