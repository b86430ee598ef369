/** A small typed event emitter: `on` returns an unsubscribe function; `once`; `wait` returns a promise. */

export type Listener<T> = (payload: T) => void;

export class TypedEmitter<Events extends object> {
  #listeners = new Map<keyof Events, Set<Listener<never>>>();
  #onListenerError: (error: unknown, name: PropertyKey) => void;

  constructor(onListenerError?: (error: unknown, name: PropertyKey) => void) {
    this.#onListenerError = onListenerError ?? ((error) => console.error('[vinteo] listener failed', error));
  }

  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => this.off(name, listener);
  }

  once<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(name, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<K extends keyof Events>(name: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(name)?.delete(listener as Listener<never>);
  }

  /** Resolves with the next payload of `name`; rejects after `timeoutMs` when given. */
  wait<K extends keyof Events>(name: K, timeoutMs?: number): Promise<Events[K]> {
    return new Promise((resolve, reject) => {
      const off = this.once(name, (payload) => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(payload);
      });
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        off();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${String(name)}`));
      }, timeoutMs);
    });
  }

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.#onListenerError(error, name);
      }
    }
  }

  listenerCount(name?: keyof Events): number {
    if (name !== undefined) return this.#listeners.get(name)?.size ?? 0;
    let total = 0;
    for (const set of this.#listeners.values()) total += set.size;
    return total;
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }
}
