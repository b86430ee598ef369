/**
 * One queue per call for everything that produces an offer (stream changes, ICE restart, presentation …).
 * Jobs run one at a time; a job that fails with 491 Request Pending is retried after the RFC 3261 §14.1 delay.
 */

export class RequestPendingError extends Error {
  constructor() {
    super('491 Request Pending');
    this.name = 'RequestPendingError';
  }
}

export interface OfferQueueOptions {
  /** Delay before retrying after a 491 (default: random 2.1–4 s as RFC 3261 §14.1 asks of the caller). */
  retryDelayMs?: () => number;
  maxRetries?: number;
  setTimer?: typeof setTimeout;
}

export class OfferQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;
  #options: Required<OfferQueueOptions>;

  constructor(options: OfferQueueOptions = {}) {
    this.#options = {
      retryDelayMs: options.retryDelayMs ?? (() => 2100 + Math.random() * 1900),
      maxRetries: options.maxRetries ?? 3,
      setTimer: options.setTimer ?? ((fn: () => void, ms?: number) => setTimeout(fn, ms)) as typeof setTimeout,
    };
  }

  /** Runs `job` after every earlier job has settled. */
  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('The call has ended'));
    const result = this.#tail.then(() => this.#attempt(job, 0));
    this.#tail = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.#closed = true;
  }

  async #attempt<T>(job: () => Promise<T>, attempt: number): Promise<T> {
    if (this.#closed) throw new Error('The call has ended');
    try {
      return await job();
    } catch (error) {
      if (!(error instanceof RequestPendingError) || attempt >= this.#options.maxRetries) throw error;
      await new Promise((resolve) => this.#options.setTimer(resolve, this.#options.retryDelayMs()));
      return this.#attempt(job, attempt + 1);
    }
  }
}
