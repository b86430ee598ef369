/**
 * One job at a time, and at most one waiting: a job pushed while another runs replaces the one that waits (its
 * promise resolves `false`, never run). Jobs compute what they apply when they run, so the newest wish wins and an
 * older, queued one is never applied after it. A failing job is reported to `onError`; the queue goes on.
 */
export class LatestQueue {
  #running = false;
  #waiting?: { job: () => Promise<void>; done: (ran: boolean) => void };
  #closed = false;
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  get idle(): boolean {
    return !this.#running && !this.#waiting;
  }

  /** Resolves `true` once `job` ran (even if it failed), `false` when a newer job superseded it or the queue closed. */
  push(job: () => Promise<void>): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    return new Promise((done) => {
      this.#waiting?.done(false);
      this.#waiting = { job, done };
      if (!this.#running) void this.#drain();
    });
  }

  /** Drops the waiting job; a running one finishes. */
  close(): void {
    this.#closed = true;
    this.#waiting?.done(false);
    this.#waiting = undefined;
  }

  async #drain(): Promise<void> {
    this.#running = true;
    while (this.#waiting) {
      const { job, done } = this.#waiting;
      this.#waiting = undefined;
      await job().catch(this.#onError);
      done(true);
    }
    this.#running = false;
  }
}
