/**
 * A gate that commands pass while signalling is up. While it is closed (reconnecting), `pass()` waits for it to
 * open again, for at most `waitMs`; then, or when the gate fails for good, it rejects with a typed error.
 */
import { NetworkError } from '../errors.js';

export class Gate {
  #open = true;
  #waiters = new Set<{ resolve: () => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> }>();

  get isOpen(): boolean {
    return this.#open;
  }

  pass(waitMs = 10_000): Promise<void> {
    if (this.#open) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(
            new NetworkError(`The connection to the server is being re-established; the command waited ${waitMs} ms`),
          );
        }, waitMs),
      };
      this.#waiters.add(waiter);
    });
  }

  close(): void {
    this.#open = false;
  }

  open(): void {
    this.#open = true;
    this.#settle((w) => w.resolve());
  }

  /** Signalling is gone for good: every waiting command rejects now; the gate is open again for the next call. */
  fail(): void {
    this.#open = true;
    this.#settle((w) => w.reject(new NetworkError('The connection to the server was lost')));
  }

  #settle(how: (waiter: { resolve: () => void; reject: (error: Error) => void }) => void): void {
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      how(waiter);
    }
    this.#waiters.clear();
  }
}
