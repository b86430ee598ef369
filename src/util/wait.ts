/** Small promise helpers. */

/** Resolves after `ms` using the given timer (injectable for tests). */
export function delay(ms: number, setTimer: typeof setTimeout = setTimeout): Promise<void> {
  return new Promise((resolve) => setTimer(resolve, ms));
}

/** Rejects with `error()` when `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
