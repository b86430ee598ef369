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
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
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

/**
 * An emitter with internal taps: listeners of the library itself (managers wired by the connector) that run before
 * the public listeners and are not counted by `listenerCount`, so leak checks see only the app's listeners.
 */
export class TappedEmitter<Events extends object> extends TypedEmitter<Events> {
  #taps = new Map<keyof Events, Array<Listener<never>>>();
  #onTapError: (error: unknown, name: PropertyKey) => void;

  constructor(onError?: (error: unknown, name: PropertyKey) => void) {
    super(onError);
    this.#onTapError = onError ?? ((error) => console.error('[vinteo] internal listener failed', error));
  }

  tap<K extends keyof Events>(name: K, listener: Listener<Events[K]>): void {
    const list = this.#taps.get(name) ?? [];
    list.push(listener as Listener<never>);
    this.#taps.set(name, list);
  }

  override emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    for (const tap of this.#taps.get(name) ?? []) {
      try {
        (tap as Listener<Events[K]>)(payload);
      } catch (error) {
        this.#onTapError(error, name);
      }
    }
    super.emit(name, payload);
  }
}
