import { ContextProvider } from '@lit/context';
import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { VinteoConnector } from '../../src/connector.js';
import type { ReconnectPolicy } from '../../src/connection/reconnect-policy.js';
import { ConfigError, toVinteoError } from '../../src/errors.js';
import type { ConnectionConfig, ConnectionState, VinteoConnectorApi } from '../../src/types.js';
import { upgradeProperty } from '../base/upgrade-property.js';
import { connectorContext } from '../context.js';
import { LangController } from '../controllers/lang-controller.js';
import { VinteoConnectionStateChangeEvent } from '../events/connection-state-change.js';
import { VinteoErrorEvent } from '../events/error.js';
import { translate } from '../i18n.js';
import { connectorStyles } from './vinteo-connector.styles.js';

/** Properties set on the element before it was defined go through their accessors (see upgradeProperty). */
const OBJECT_PROPERTIES = ['connector', 'password', 'iceServers', 'extraHeaders', 'config', 'reconnectPolicy'] as const;

/**
 * Owns (or is given) a connector and provides it to the `<vinteo-*>` elements inside it.
 * The password is a property only (`el.password = …`): never an attribute, never rendered or logged.
 *
 * @tagname vinteo-connector
 * @summary The connection to a Vinteo or SIP-over-WebSocket server.
 * @event {VinteoConnectionStateChangeEvent} vinteo-connection-state-change - `{state, previous}` whenever the connection state changes.
 * @event {VinteoErrorEvent} vinteo-error - `{code, message}` when connecting fails, the connection drops, or the configuration is wrong.
 * @slot - The elements that use this connection (`<vinteo-call>`, `<vinteo-dialpad>` …).
 * @csspart status - The connection status line (a polite live region).
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
  #password?: string;
  #iceServers?: RTCIceServer[];
  #extraHeaders?: string[];
  #extraConfig?: Partial<ConnectionConfig>;
  #reconnectPolicy?: ReconnectPolicy;
  #warnedPasswordAttribute = false;

  @state() private errorMessage = '';

  /** Vinteo host (`vinteo.example.com`) or a full `ws://`/`wss://` SIP WebSocket URL. */
  @property() server = '';
  /** SIP domain; defaults to the server's host. */
  @property() domain = '';
  /** SIP user (needed with `register`). */
  @property() user = '';
  /** Display name shown to others. */
  @property({ attribute: 'display-name' }) displayName = '';
  /** Base URL of the server's HTTPS API (spectator receive-only sessions); defaults to `https://{server host}`. */
  @property({ attribute: 'api-url' }) apiUrl = '';
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
  /** Reflected while the last connect failed or the configuration is wrong (read-only). */
  @property({ type: Boolean, reflect: true, attribute: 'has-error' }) hasError = false;
  /**
   * Password for `register`. A property only: never reflected, rendered or logged. A `password` attribute (static
   * HTML, a framework that set it as one) is moved into this property and removed at once, with a console warning.
   */
  get password(): string | undefined { return this.#password; }
  set password(value: string | undefined) { this.#password = value; }

  /** ICE servers for calls (default none). */
  get iceServers(): RTCIceServer[] | undefined { return this.#iceServers; }
  set iceServers(value: RTCIceServer[] | undefined) { this.#iceServers = value; }

  /** Extra REGISTER headers (`Name: value`). */
  get extraHeaders(): string[] | undefined { return this.#extraHeaders; }
  set extraHeaders(value: string[] | undefined) { this.#extraHeaders = value; }

  /** Any other connection settings, merged over the attributes. */
  get config(): Partial<ConnectionConfig> | undefined { return this.#extraConfig; }
  set config(value: Partial<ConnectionConfig> | undefined) { this.#extraConfig = value; }

  /** When to retry after a lost connection (default: the connector's `DefaultReconnectPolicy`). */
  get reconnectPolicy(): ReconnectPolicy | undefined { return this.#reconnectPolicy; }
  set reconnectPolicy(value: ReconnectPolicy | undefined) { this.#reconnectPolicy = value; }

  /**
   * The connector in use: one given through this property (never disposed by the element), else one the
   * element creates and disposes when it leaves the page.
   */
  get connector(): VinteoConnectorApi {
    return this.#given ?? (this.#owned ??= new VinteoConnector());
  }

  set connector(value: VinteoConnectorApi | undefined) {
    if (value === this.#given) return;
    this.#given = value;
    if (value && this.#owned) this.#disposeOwned();
    if (this.isConnected) this.#attach();
  }

  constructor() {
    super();
    new LangController(this);
    for (const name of OBJECT_PROPERTIES) upgradeProperty(this, name);
  }

  /** `password` is observed only to be taken out of the DOM (see {@link password}). */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'password'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'password') return this.#takePasswordAttribute(value);
    super.attributeChangedCallback(name, old, value);
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
      this.#disposeOwned();
    });
  }

  /** With `auto-connect`, setting `server` (or `auto-connect`) at any time connects. */
  protected override updated(changed: Map<string, unknown>): void {
    // Attributes set after the element upgraded (even before its first render) connect too; an empty server
    // was already reported by connectedCallback, so it is not reported twice here.
    const relevant = changed.has('server') || changed.has('autoConnect');
    if (relevant && this.autoConnect && this.server.trim()) queueMicrotask(() => this.#autoConnect());
  }

  #takePasswordAttribute(value: string | null): void {
    if (value === null) return;
    this.#password = value;
    this.removeAttribute('password');
    if (this.#warnedPasswordAttribute) return;
    this.#warnedPasswordAttribute = true;
    console.warn('<vinteo-connector>: a password attribute is visible to everything that reads the page; it was moved into the password property and removed. Set the property instead (el.password = …).');
  }

  #attach(): void {
    const connector = this.connector;
    this.#detach();
    this.#provider.setValue(connector);
    this.state = connector.connectionState;
    this.#off.push(
      connector.on('connection:state', ({ state, previous }) => this.#onState(state, previous)),
      connector.on('connection:disconnected', ({ error }) => error && this.#report(error)),
      connector.on('error', ({ error }) => this.#report(error)),
    );
  }

  #detach(): void {
    this.#off.splice(0).forEach((off) => off());
  }

  #disposeOwned(): void {
    const owned = this.#owned;
    this.#owned = undefined;
    void owned?.dispose().catch(() => undefined);
  }

  #onState(state: ConnectionState, previous: ConnectionState): void {
    this.state = state;
    if (state === 'connecting') this.#clearError();
    this.dispatchEvent(new VinteoConnectionStateChangeEvent({ state, previous }));
  }

  #autoConnect(): void {
    if (this.isConnected && this.autoConnect && this.state === 'disconnected') void this.connect();
  }

  #config(): ConnectionConfig {
    const base: ConnectionConfig = { server: this.server.trim(), register: this.register };
    if (this.domain) base.domain = this.domain;
    if (this.user) base.user = this.user;
    if (this.displayName) base.displayName = this.displayName;
    if (this.appName) base.appName = this.appName;
    if (this.apiUrl) base.apiUrl = this.apiUrl;
    if (this.password) base.password = this.password;
    if (this.iceServers) base.iceServers = this.iceServers;
    if (this.extraHeaders) base.extraHeaders = this.extraHeaders;
    if (this.reconnectPolicy) base.reconnectPolicy = this.reconnectPolicy;
    return { ...base, ...this.config };
  }

  #clearError(): void {
    this.errorMessage = '';
    this.hasError = false;
  }

  #report(error: unknown): void {
    const { code, message } = toVinteoError(error);
    this.errorMessage = message;
    this.hasError = true;
    this.dispatchEvent(new VinteoErrorEvent({ code, message }));
  }

  /**
   * Connects with the current attributes and properties. Never rejects: resolves `true` once connected (or
   * registered), `false` after a failure, which is shown in the status line and fired as `vinteo-error`.
   */
  async connect(): Promise<boolean> {
    this.#clearError();
    const config = this.#config();
    if (!config.server) {
      this.#report(new ConfigError(translate(this, 'noServer')));
      return false;
    }
    try {
      await this.connector.connect(config);
      return true;
    } catch (error) {
      this.#report(error);
      return false;
    }
  }

  /** Ends calls, un-registers and closes the connection. Never rejects. */
  async disconnect(): Promise<void> {
    this.#clearError();
    await this.connector.disconnect().catch((error: unknown) => this.#report(error));
  }

  override render() {
    const status = this.errorMessage
      ? translate(this, 'error', { message: this.errorMessage })
      : translate(this, `conn.${this.state}`);
    return html`
      <p part="status" role="status" aria-live="polite" ?data-error=${this.hasError}>${status}</p>
      <slot></slot>
    `;
  }
}
