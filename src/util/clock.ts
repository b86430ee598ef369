/** Time and timers behind one small interface, so policies and monitors can be tested with a fake clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One pending timer that can be re-armed or cleared; clearing twice is harmless. */
export class Timer {
  readonly #clock: Clock;
  #handle: unknown;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get pending(): boolean {
    return this.#handle !== undefined;
  }

  start(ms: number, fn: () => void): void {
    this.clear();
    this.#handle = this.#clock.setTimeout(() => {
      this.#handle = undefined;
      fn();
    }, ms);
  }

  clear(): void {
    if (this.#handle !== undefined) this.#clock.clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}
