import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionSnapshot } from '../../src/types.js';
import type { ConnectorEventName, ConnectorEvents, VinteoConnectorApi } from '../../src/types.js';
import { connectorContext } from '../context.js';

export type ConnectorHandlers = { [K in ConnectorEventName]?: (payload: ConnectorEvents[K]) => void };

export interface ConnectorControllerOptions {
  /** Called whenever the element's connector changes (bound, replaced, or released with `undefined`). */
  onChange?: (connector: VinteoConnectorApi | undefined) => void;
  /** Called once the element has really left the page (not moved), before it lets go of `connector`. */
  onRelease?: (connector: VinteoConnectorApi) => void;
  /**
   * The slice of `connector.snapshot` the element shows (DESIGN.md §7 "elements select"). The host re-renders when it changes
   * (structural equality), and `onSelect` gets it: once when a connector is bound, then on every change
   * (`undefined` once the element lets go of its connector).
   */
  select?: (snapshot: SessionSnapshot) => unknown;
  onSelect?: (view: unknown) => void;
}

/**
 * Gives an element its connector (an explicitly set `.connector` wins over the context), subscribes to the
 * connector events the element names while it is connected, and re-renders the host on each of them.
 * Unsubscribing is deferred a microtask so moving the element in the DOM does not drop anything.
 */
export class ConnectorController implements ReactiveController {
  #host: ReactiveControllerHost & HTMLElement;
  #handlers: ConnectorHandlers | (() => ConnectorHandlers);
  #explicit?: VinteoConnectorApi;
  #bound?: VinteoConnectorApi;
  #unsubscribe: Array<() => void> = [];
  #options: ConnectorControllerOptions;
  #consumer: ContextConsumer<typeof connectorContext, ReactiveControllerHost & HTMLElement>;

  /** `handlers` may be a function: it is called when subscribing, after the host is fully constructed. */
  constructor(
    host: ReactiveControllerHost & HTMLElement,
    handlers: ConnectorHandlers | (() => ConnectorHandlers),
    options: ConnectorControllerOptions = {},
  ) {
    this.#host = host;
    this.#handlers = handlers;
    this.#options = options;
    host.addController(this);
    this.#consumer = new ContextConsumer(host, {
      context: connectorContext,
      subscribe: true,
      callback: () => this.#rebind(),
    });
  }

  get connector(): VinteoConnectorApi | undefined {
    return this.#explicit ?? this.#fromContext();
  }

  /** Sets (or clears) the connector given through the element's `.connector` property. */
  setExplicit(connector: VinteoConnectorApi | undefined): void {
    this.#explicit = connector;
    this.#rebind();
  }

  hostConnected(): void {
    this.#rebind();
  }

  hostDisconnected(): void {
    queueMicrotask(() => {
      if (this.#host.isConnected || !this.#bound) return;
      this.#options.onRelease?.(this.#bound);
      this.#bind(undefined);
    });
  }

  #fromContext(): VinteoConnectorApi | undefined {
    return this.#consumer?.value;
  }

  #rebind(): void {
    this.#bind(this.#host.isConnected ? this.connector : undefined);
  }

  #bind(connector: VinteoConnectorApi | undefined): void {
    if (connector === this.#bound) return;
    this.#unsubscribe.splice(0).forEach((off) => off());
    this.#bound = connector;
    if (connector) this.#subscribe(connector);
    else if (this.#options.select) this.#options.onSelect?.(undefined);
    this.#options.onChange?.(connector);
    this.#host.requestUpdate();
  }

  #subscribe(connector: VinteoConnectorApi): void {
    const { select, onSelect } = this.#options;
    if (select) {
      onSelect?.(select(connector.snapshot));
      this.#unsubscribe.push(
        connector.subscribe(select, (view) => {
          onSelect?.(view);
          this.#host.requestUpdate();
        }),
      );
    }
    const handlers = typeof this.#handlers === 'function' ? this.#handlers() : this.#handlers;
    for (const [name, handler] of Object.entries(handlers) as Array<[ConnectorEventName, (p: unknown) => void]>) {
      this.#unsubscribe.push(
        connector.on(name, (payload) => {
          handler(payload);
          this.#host.requestUpdate();
        }),
      );
    }
  }
}
