/**
 * What the browser says about the network: `online`/`offline`, `navigator.connection` changes, and a page waking
 * from sleep (noticed as a timer that fired far too late). Only reports; the connection manager decides.
 * Nothing is touched at import time; with no `window` (Node) it watches nothing but the wake-up timer.
 */
import { Timer, type Clock } from '../util/clock.js';

export type NetworkSignal = 'online' | 'offline' | 'change' | 'wake';

export interface NetworkWatchOptions {
  clock: Clock;
  onSignal: (signal: NetworkSignal) => void;
  /** Where `online`/`offline` come from (default `globalThis.window`). */
  target?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** `navigator.connection` or a stand-in (default the browser's, when it has one). */
  connection?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** Period of the wake-up check (default 2000 ms); a tick later than period + `wakeSlackMs` is a wake-up. */
  wakeCheckMs?: number;
  wakeSlackMs?: number;
}

export class NetworkWatch {
  readonly #o: NetworkWatchOptions;
  readonly #tick: Timer;
  #last = 0;
  #running = false;
  readonly #online = (): void => this.#o.onSignal('online');
  readonly #offline = (): void => this.#o.onSignal('offline');
  readonly #change = (): void => this.#o.onSignal('change');

  constructor(options: NetworkWatchOptions) {
    this.#o = options;
    this.#tick = new Timer(options.clock);
  }

  /** False only when the browser says it is offline. */
  get online(): boolean {
    return globalThis.navigator?.onLine !== false;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const target = this.#target();
    target?.addEventListener('online', this.#online);
    target?.addEventListener('offline', this.#offline);
    this.#connection()?.addEventListener('change', this.#change);
    this.#armWakeCheck();
  }

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    const target = this.#target();
    target?.removeEventListener('online', this.#online);
    target?.removeEventListener('offline', this.#offline);
    this.#connection()?.removeEventListener('change', this.#change);
    this.#tick.clear();
  }

  #target(): NetworkWatchOptions['target'] {
    return this.#o.target ?? (globalThis as { window?: EventTarget }).window;
  }

  #connection(): NetworkWatchOptions['connection'] {
    return this.#o.connection ?? (globalThis.navigator as { connection?: EventTarget } | undefined)?.connection;
  }

  #armWakeCheck(): void {
    const period = this.#o.wakeCheckMs ?? 2000;
    this.#last = this.#o.clock.now();
    this.#tick.start(period, () => {
      const late = this.#o.clock.now() - this.#last - period;
      if (late > (this.#o.wakeSlackMs ?? 8000)) this.#o.onSignal('wake');
      if (this.#running) this.#armWakeCheck();
    });
  }
}
