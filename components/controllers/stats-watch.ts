import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StatsApi } from '../../src/stats/types.js';
import type { VinteoConnectorApi } from '../../src/types.js';

/**
 * Declares the host a consumer of stats (`connector.watchStats()`) while it is in the page, has a connector and the
 * page is visible, and withdraws it otherwise: an element that is gone, or a hidden tab, causes no polling. Leaving
 * the page is seen a microtask later, so moving the element does not stop and restart the collector.
 */
export class StatsWatch implements ReactiveController {
  #host: ReactiveControllerHost & HTMLElement;
  #connector: () => VinteoConnectorApi | undefined;
  #enabled: () => boolean;
  #held?: { connector: VinteoConnectorApi; release: () => void };

  /** `enabled` may narrow it further (e.g. `<vinteo-call>` only during a call); call `sync()` when it changes. */
  constructor(host: ReactiveControllerHost & HTMLElement, connector: () => VinteoConnectorApi | undefined, enabled: () => boolean = () => true) {
    this.#host = host;
    this.#connector = connector;
    this.#enabled = enabled;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.sync);
    this.sync();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.sync);
    queueMicrotask(this.sync);
  }

  /** Is a consumer declared now? */
  get watching(): boolean {
    return this.#held !== undefined;
  }

  /** Takes or withdraws the consumer to match the host's situation (the connector bound, the page's visibility). */
  sync = (): void => {
    const wanted = this.#wanted();
    if (this.#held && this.#held.connector === wanted) return;
    this.#held?.release();
    this.#held = undefined;
    const watch = (wanted as Partial<StatsApi> | undefined)?.watchStats;
    if (wanted && typeof watch === 'function') this.#held = { connector: wanted, release: watch.call(wanted) };
  };

  #wanted(): VinteoConnectorApi | undefined {
    const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
    return this.#host.isConnected && visible && this.#enabled() ? this.#connector() : undefined;
  }
}
