import { ContextProvider } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { VinteoConnector } from '../../src/connector.js';
import type { ReconnectPolicy } from '../../src/connection/reconnect-policy.js';
import { ConfigError, toVinteoError, type VinteoError } from '../../src/errors.js';
import type { ConnectionConfig, ConnectionState, VinteoConnectorApi } from '../../src/types.js';
import { upgradeProperty } from '../base/upgrade-property.js';
import { connectorContext } from '../context.js';
import { LangController } from '../controllers/lang-controller.js';
import { VinteoConnectionStateChangeEvent } from '../events/connection-state-change.js';
import { CONNECTION_ERROR_CODES, VinteoErrorEvent, type ElementErrorCode } from '../events/error.js';
import { VinteoReconnectedEvent, type ReconnectedDetail } from '../events/reconnected.js';
import { VinteoReconnectingEvent, type ReconnectingDetail } from '../events/reconnecting.js';
import { translate } from '../i18n.js';
import { connectionConfig, validKeepAlive } from './connection-config.js';
import { connectorStyles } from './vinteo-connector.styles.js';

/** Attributes observed only to be taken out of the DOM at once (never documented as attributes). */
const SECRET_ATTRIBUTES = ['password'];

/** Properties set on the element before it was defined go through their accessors (see upgradeProperty). */
const OBJECT_PROPERTIES = ['connector', 'password', 'iceServers', 'extraHeaders', 'config', 'reconnectPolicy'] as const;

/**
 * Owns (or is given) a connector and provides it to the `<vinteo-*>` elements inside it.
 * The password is a property only (`el.password = …`): never an attribute, never rendered or logged.
 * Reconnection: after a loss the connector retries by itself (state `reconnecting`, "Connection lost.
 * Reconnecting… (attempt N)"); a transport loss is not an error while it does. When it gives up (or with
 * `no-reconnect`, when the connection drops) the error says what to do and a "Connect again" button appears.
 *
 * @tagname vinteo-connector
 * @summary The connection to a Vinteo or SIP-over-WebSocket server.
 * @event {VinteoConnectionStateChangeEvent} vinteo-connection-state-change - `{state, previous}` whenever the connection state changes (`reconnecting` included).
 * @event {VinteoReconnectingEvent} vinteo-reconnecting - `{attempt, delayMs, reason}` when the connection was lost and each reconnection attempt is scheduled.
 * @event {VinteoReconnectedEvent} vinteo-reconnected - `{downtimeMs, attempts}` once the connection is back after a loss.
 * @event {VinteoErrorEvent} vinteo-error - `{code, message}` when connecting fails, the connection is lost for good (reconnection gave up, or `no-reconnect`), or the configuration is wrong (`invalid-attribute` for a bad `keep-alive-*`).
 * @slot - The elements that use this connection (`<vinteo-call>`, `<vinteo-dialpad>` …).
 * @csspart status - The connection status line (a polite live region).
 * @csspart button - The "Connect again" button (also `reconnect-button`), shown once the connection is lost for good.
 * @csspart reconnect-button - The "Connect again" button.
 * @cssproperty --vinteo-font - Font family of every element.
 * @cssproperty --vinteo-color - Text colour.
 * @cssproperty --vinteo-muted-color - Colour of secondary text.
 * @cssproperty --vinteo-danger - Colour of errors.
 * @cssproperty --vinteo-warning - Colour of the status line while reconnecting.
 * @cssproperty --vinteo-accent - Colour of the "Connect again" button.
 * @cssproperty --vinteo-focus - Focus ring colour.
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
  /** The attempt in progress while `reconnecting` (0: none announced yet). */
  @state() private attempt = 0;
  /** Just back after a loss ("Connection restored" until the next change). */
  @state() private restored = false;
  /** The connection was lost for good: offer "Connect again". */
  @state() private lost = false;
  /** Inside an outage (from `reconnecting` until the next connect): its losses are not reported twice. */
  #outage = false;

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
  /** Hide the status line (and the "Connect again" button). */
  @property({ type: Boolean, attribute: 'hide-status' }) hideStatus = false;
  /** Do not reconnect after a loss (`reconnect: false`): the connection ends in `disconnected`. */
  @property({ type: Boolean, attribute: 'no-reconnect' }) noReconnect = false;
  /** Keep-alive probe interval in ms (default 15000; 0 turns the probe off). */
  @property({ type: Number, attribute: 'keep-alive-interval' }) keepAliveInterval?: number;
  /** A probe unanswered this long (ms) means the connection is dead (default 10000). */
  @property({ type: Number, attribute: 'keep-alive-timeout' }) keepAliveTimeout?: number;
  /** The connection state, reflected for styling (read-only). */
  @property({ reflect: true }) state: ConnectionState = 'disconnected';
  /** Reflected while the last connect failed or the configuration is wrong (read-only). */
  @property({ type: Boolean, reflect: true, attribute: 'has-error' }) hasError = false;
  /**
   * Password for `register`. A property only: never reflected, rendered or logged. A `password` attribute (static
   * HTML, a framework that set it as one) is moved into this property and removed at once, with a console warning.
   */
  get password(): string | undefined {
    return this.#password;
  }
  set password(value: string | undefined) {
    this.#password = value;
  }

  /** ICE servers for calls (default none). */
  get iceServers(): RTCIceServer[] | undefined {
    return this.#iceServers;
  }
  set iceServers(value: RTCIceServer[] | undefined) {
    this.#iceServers = value;
  }

  /** Extra REGISTER headers (`Name: value`). */
  get extraHeaders(): string[] | undefined {
    return this.#extraHeaders;
  }
  set extraHeaders(value: string[] | undefined) {
    this.#extraHeaders = value;
  }

  /** Any other connection settings, merged over the attributes. */
  get config(): Partial<ConnectionConfig> | undefined {
    return this.#extraConfig;
  }
  set config(value: Partial<ConnectionConfig> | undefined) {
    this.#extraConfig = value;
  }

  /** When to retry after a lost connection (default: the connector's `DefaultReconnectPolicy`). */
  get reconnectPolicy(): ReconnectPolicy | undefined {
    return this.#reconnectPolicy;
  }
  set reconnectPolicy(value: ReconnectPolicy | undefined) {
    this.#reconnectPolicy = value;
  }

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
    return [...super.observedAttributes, ...SECRET_ATTRIBUTES];
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

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('keepAliveInterval') && !validKeepAlive(this.keepAliveInterval, 0))
      this.#badAttribute('keep-alive-interval', this.keepAliveInterval, '15000');
    if (changed.has('keepAliveTimeout') && !validKeepAlive(this.keepAliveTimeout, 1))
      this.#badAttribute('keep-alive-timeout', this.keepAliveTimeout, '10000');
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
    console.warn(
      '<vinteo-connector>: a password attribute is visible to everything that reads the page; it was moved into the password property and removed. Set the property instead (el.password = …).',
    );
  }

  #attach(): void {
    const connector = this.connector;
    this.#detach();
    this.#provider.setValue(connector);
    this.state = connector.connectionState;
    this.#off.push(
      connector.on('connection:state', ({ state, previous }) => this.#onState(state, previous)),
      connector.on('connection:disconnected', ({ error }) => this.#onDisconnected(error)),
      connector.on('error', ({ error }) => this.#onError(error)),
      connector.on('auto-connect:reconnecting', (detail) => this.#onReconnecting(detail)),
      connector.on('auto-connect:reconnected', (detail) => this.#onReconnected(detail)),
      connector.on('auto-connect:gave-up', ({ error }) =>
        this.#lose(error, error.code === 'authentication-failed' ? 'gaveUpAuth' : 'gaveUp'),
      ),
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
    this.restored = false;
    if (state === 'reconnecting') this.#outage = true;
    else this.attempt = 0;
    if (state === 'connecting') {
      this.#outage = false;
      this.#clearError();
    }
    this.dispatchEvent(new VinteoConnectionStateChangeEvent({ state, previous }));
  }

  /** Only the connection's errors: a call's (a lost call, a spectator session) are `<vinteo-call>`'s to report. */
  #onError(error: VinteoError): void {
    if (this.state !== 'reconnecting' && CONNECTION_ERROR_CODES.has(error.code)) this.#report(error);
  }

  #onReconnecting({ attempt, delayMs, reason }: ReconnectingDetail): void {
    this.attempt = attempt;
    this.dispatchEvent(new VinteoReconnectingEvent({ attempt, delayMs, reason }));
  }

  #onReconnected({ downtimeMs, attempts }: ReconnectedDetail): void {
    this.#outage = false;
    this.restored = true;
    this.dispatchEvent(new VinteoReconnectedEvent({ downtimeMs, attempts }));
  }

  /** A drop inside an outage was (or is about to be) reported by `auto-connect:gave-up`; a plain one is reported here. */
  #onDisconnected(error: VinteoError | undefined): void {
    if (error && !this.#outage) this.#lose(error, 'dropped');
  }

  #lose(error: VinteoError, key: 'gaveUp' | 'gaveUpAuth' | 'dropped'): void {
    this.lost = true;
    this.#fail(error.code, translate(this, key));
  }

  #badAttribute(name: string, value: unknown, fallback: string): void {
    const shown = this.getAttribute(name) ?? String(value);
    this.#fail('invalid-attribute', translate(this, 'badAttribute', { name, value: shown, fallback }));
  }

  #autoConnect(): void {
    if (this.isConnected && this.autoConnect && this.state === 'disconnected') void this.connect();
  }

  #clearError(): void {
    this.errorMessage = '';
    this.hasError = false;
    this.lost = false;
  }

  #report(error: unknown): void {
    const { code, message } = toVinteoError(error);
    this.#fail(code, message);
  }

  #fail(code: ElementErrorCode, message: string): void {
    this.errorMessage = message;
    this.hasError = true;
    this.dispatchEvent(new VinteoErrorEvent({ code, message }));
  }

  #statusText(): string {
    if (this.errorMessage) return translate(this, 'error', { message: this.errorMessage });
    if (this.state === 'reconnecting' && this.attempt > 0)
      return translate(this, 'conn.reconnectingAttempt', { attempt: String(this.attempt) });
    if (this.restored) return translate(this, 'conn.restored');
    return translate(this, `conn.${this.state}`);
  }

  /**
   * Connects with the current attributes and properties. Never rejects: resolves `true` once connected (or
   * registered), `false` after a failure, which is shown in the status line and fired as `vinteo-error`.
   */
  async connect(): Promise<boolean> {
    this.#clearError();
    const config = connectionConfig(this);
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
    const again = this.lost && this.state === 'disconnected';
    return html`
      <p part="status" role="status" aria-live="polite" ?data-error=${this.hasError}>${this.#statusText()}</p>
      ${again ? html`<button part="button reconnect-button" type="button" @click=${() => void this.connect()}>${translate(this, 'connectAgain')}</button>` : nothing}
      <slot></slot>
    `;
  }
}
