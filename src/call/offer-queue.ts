/**
 * One queue per call for everything that produces an offer (stream changes, ICE restart, presentation …).
 * Jobs run one at a time; a job that fails with 491 Request Pending is retried after the RFC 3261 §14.1 delay.
 * When every retry met a 491 the job rejects with a typed `rejected` error (status 491); a job run on a closed
 * queue rejects with `invalid-state`.
 */
import { CallRejectedError, InvalidStateError } from '../errors.js';

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
      setTimer: options.setTimer ?? (((fn: () => void, ms?: number) => setTimeout(fn, ms)) as typeof setTimeout),
    };
  }

  /** Runs `job` after every earlier job has settled. */
  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(callEnded());
    const result = this.#tail.then(() => this.#attempt(job, 0));
    this.#tail = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.#closed = true;
  }

  async #attempt<T>(job: () => Promise<T>, attempt: number): Promise<T> {
    if (this.#closed) throw callEnded();
    try {
      return await job();
    } catch (error) {
      if (!(error instanceof RequestPendingError)) throw error;
      if (attempt >= this.#options.maxRetries) throw requestPendingExhausted(error);
      await new Promise((resolve) => this.#options.setTimer(resolve, this.#options.retryDelayMs()));
      return this.#attempt(job, attempt + 1);
    }
  }
}

function callEnded(): InvalidStateError {
  return new InvalidStateError('The call has ended');
}

/** Every retry of a re-INVITE met a 491 (or our own glare): the far end never let the offer through. */
export function requestPendingExhausted(cause: unknown): CallRejectedError {
  return new CallRejectedError('rejected', 'The far end kept answering 491 Request Pending', {
    statusCode: 491,
    cause,
  });
}
