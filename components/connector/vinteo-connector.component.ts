import { ContextProvider } from '@lit/context';
import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { VinteoConnector } from '../../src/connector.js';
import { ConfigError, toVinteoError } from '../../src/errors.js';
import type { ConnectionConfig, ConnectionState, VinteoConnectorApi } from '../../src/types.js';
import { connectorContext } from '../context.js';
import { connectionStateChange, vinteoError } from '../events/events.js';
import { translate } from '../i18n.js';
import { connectorStyles } from './vinteo-connector.styles.js';

/**
 * Owns (or is given) a connector and provides it to the `<vinteo-*>` elements inside it.
 *
 * @tagname vinteo-connector
 * @summary The connection to a Vinteo or SIP-over-WebSocket server.
 * @event vinteo-connection-state-change - `{state, previous}` whenever the connection state changes.
 * @event vinteo-error - `{code, message}` when connecting fails or the configuration is wrong.
 * @slot - The elements that use this connection (`<vinteo-call>`, `<vinteo-dialpad>` …).
 * @csspart status - The connection status line.
 * @cssproperty --vinteo-font - Font family of every element.
 * @cssproperty --vinteo-color - Text colour.
 * @cssproperty --vinteo-muted-color - Colour of secondary text.
 * @cssproperty --vinteo-danger - Colour of errors.
 */
export class VinteoConnectorElement extends LitElement {
  static override styles = connectorStyles;

  #provider = new ContextProvider(this, { context: connectorContext });
  #owned?: VinteoConnector;
  #given?: VinteoConnectorApi;
  #off: Array<() => void> = [];

  /** Vinteo host (`vinteo.example.com`) or a full `ws://`/`wss://` SIP WebSocket URL. */
  @property() server = '';
  /** SIP domain; defaults to the server's host. */
  @property() domain = '';
  /** SIP user (needed with `register`). */
  @property() user = '';
  /** Display name shown to others. */
  @property({ attribute: 'display-name' }) displayName = '';
  /** Application name for the User-Agent header. */
  @property({ attribute: 'app-name' }) appName = '';
  /** REGISTER with the server (an account); without it the connection is a guest. */
  @property({ type: Boolean }) register = false;
  /** Connect as soon as the element is in the page and `server` is set. */
  @property({ type: Boolean, attribute: 'auto-connect' }) autoConnect = false;
  /** Hide the status line. */
  @property({ type: Boolean, attribute: 'hide-status' }) hideStatus = false;
  /** The connection state, reflected for styling (read-only). */
  @property({ reflect: true }) state: ConnectionState = 'disconnected';
  /** Password for `register`. A property only: never an attribute, never rendered or logged. */
  password?: string;
  /** ICE servers for calls (default none). */
  iceServers?: RTCIceServer[];
  /** Extra REGISTER headers (`Name: value`). */
  extraHeaders?: string[];
  /** Any other connection settings, merged over the attributes. */
  config?: Partial<ConnectionConfig>;

  @state() private errorMessage = '';

  /** The connector in use: the one given through this property, or the one this element created. */
  get connector(): VinteoConnectorApi {
    return this.#given ?? (this.#owned ??= new VinteoConnector());
  }

  set connector(value: VinteoConnectorApi | undefined) {
    this.#given = value;
    this.#attach();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#attach();
    if (this.autoConnect) queueMicrotask(() => this.#autoConnect());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.#detach();
      void this.#owned?.dispose();
      this.#owned = undefined;
    });
  }

  protected override updated(changed: Map<string, unknown>): void {
    if ((changed.has('server') || changed.has('autoConnect')) && this.autoConnect && this.server && this.state === 'disconnected') {
      queueMicrotask(() => this.#autoConnect());
    }
  }

  /** Connects with the current attributes and properties. Errors become a `vinteo-error` event and reject. */
  async connect(): Promise<void> {
    this.errorMessage = '';
    try {
      await this.connector.connect(this.#config());
    } catch (error) {
      this.#report(error);
      throw toVinteoError(error);
    }
  }

  /** Ends calls, un-registers and closes the connection. */
  async disconnect(): Promise<void> {
    await this.connector.disconnect();
  }

  #autoConnect(): void {
    if (!this.isConnected || this.state !== 'disconnected') return;
    if (!this.server.trim()) {
      this.#report(new ConfigError('The server attribute is required to connect'));
      return;
    }
    this.connect().catch(() => undefined);
  }

  #config(): ConnectionConfig {
    const base: ConnectionConfig = { server: this.server, register: this.register };
    if (this.domain) base.domain = this.domain;
    if (this.user) base.user = this.user;
    if (this.displayName) base.displayName = this.displayName;
    if (this.appName) base.appName = this.appName;
    if (this.password) base.password = this.password;
    if (this.iceServers) base.iceServers = this.iceServers;
    if (this.extraHeaders) base.extraHeaders = this.extraHeaders;
    return { ...base, ...this.config } as ConnectionConfig;
  }

  #attach(): void {
    const connector = this.connector;
    this.#provider.setValue(connector);
    this.#detach();
    this.state = connector.connectionState;
    this.#off.push(connector.on('connection:state', ({ state, previous }) => {
      this.state = state;
      this.dispatchEvent(connectionStateChange({ state, previous }));
    }));
  }

  #detach(): void {
    this.#off.splice(0).forEach((off) => off());
  }

  #report(error: unknown): void {
    const { code, message } = toVinteoError(error);
    this.errorMessage = message;
    this.dispatchEvent(vinteoError({ code, message }));
  }

  override render() {
    const status = this.errorMessage
      ? translate(this, 'error', { message: this.errorMessage })
      : translate(this, `conn.${this.state}` as const);
    return html`
      <p part="status" role="status" aria-live="polite" ?data-error=${Boolean(this.errorMessage)}>${status}</p>
      <slot></slot>
    `;
  }
}
