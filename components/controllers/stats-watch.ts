import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StatsApi, StatsEvents } from '../../src/stats/types.js';
import type { VinteoConnectorApi } from '../../src/types.js';

type StatsEventName = 'stats:collected' | 'stats:stopped' | 'stats:quality-changed';
/** What the host does on each stats event: it is re-rendered after each one, unless the handler returns `false`. */
export type StatsHandlers = { [K in StatsEventName]?: (payload: StatsEvents[K]) => void | boolean };

export interface StatsWatchOptions {
  /** Narrows when stats are wanted (e.g. `<vinteo-call>`: only during a call); call `sync()` when it changes. */
  enabled?: () => boolean;
  handlers?: StatsHandlers;
  /** Stats are consumed again (bound, shown again after a hidden page): catch up with what was missed. */
  onResume?: (connector: VinteoConnectorApi) => void;
  /** How often the host needs a sample (`watchStats({intervalMs})`); default: every tick of the collector. */
  intervalMs?: number;
}

/**
 * Makes the host a consumer of stats while it is in the page, has a connector and the page is visible: it declares
 * itself with `connector.watchStats()` and listens to the `stats:*` events it names (a listener counts as a consumer
 * too), and withdraws both otherwise, so an element that is gone, or a hidden tab, causes no polling. Leaving the
 * page is seen a microtask later, so moving the element does not stop and restart the collector.
 */
export class StatsWatch implements ReactiveController {
  #host: ReactiveControllerHost & HTMLElement;
  #connector: () => VinteoConnectorApi | undefined;
  #options: StatsWatchOptions;
  #held?: { connector: VinteoConnectorApi; release: Array<() => void> };

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    connector: () => VinteoConnectorApi | undefined,
    options: StatsWatchOptions = {},
  ) {
    this.#host = host;
    this.#connector = connector;
    this.#options = options;
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
    if (this.#held?.connector === wanted) return;
    this.#held?.release.forEach((off) => off());
    this.#held = undefined;
    if (wanted && typeof (wanted as Partial<StatsApi>).watchStats === 'function') this.#hold(wanted);
  };

  #hold(connector: VinteoConnectorApi): void {
    const { intervalMs } = this.#options;
    const release = [connector.watchStats(intervalMs ? { intervalMs } : undefined)];
    for (const [name, handler] of Object.entries(this.#options.handlers ?? {}) as Array<
      [StatsEventName, (p: unknown) => void | boolean]
    >) {
      release.push(
        connector.on(name, (payload) => {
          if (handler(payload) !== false) this.#host.requestUpdate();
        }),
      );
    }
    this.#held = { connector, release };
    this.#options.onResume?.(connector);
    this.#host.requestUpdate();
  }

  #wanted(): VinteoConnectorApi | undefined {
    const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
    return this.#host.isConnected && visible && (this.#options.enabled?.() ?? true) ? this.#connector() : undefined;
  }
}
