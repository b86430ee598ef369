/**
 * Owns the sip.js UserAgent: connect (guest or registered), disconnect, register/unregister, out-of-dialog NOTIFY,
 * and staying connected: after a successful `connect()` every loss that is not `disconnect()` moves to
 * `reconnecting`, where the SAME user agent reconnects its transport (so dialogs and our Contact survive) and
 * re-registers, on the policy's schedule. Emits `connection:*` and `auto-connect:*` through the emitter it is given.
 */
import type { Invitation, Notification, SessionDescriptionHandlerFactory, UserAgent, UserAgentOptions } from 'sip.js';
import { ConfigError, InvalidStateError, NetworkError, VinteoError, toVinteoError } from '../errors.js';
import type { TypedEmitter } from '../emitter.js';
import type { ConnectionConfig, ConnectionState, ConnectorEvents } from '../types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { headersOf } from '../util/headers.js';
import { logs, redact, type LogSink } from '../util/logger.js';
import { StateMachine } from '../util/state-machine.js';
import { withTimeout } from '../util/wait.js';
import { resolveConfig, type ResolvedConnectionConfig } from './config.js';
import { ConnectionWatch } from './connection-watch.js';
import { sendOptions as sendOptionsVia } from './options-probe.js';
import type { ReconnectReason } from './reconnect-policy.js';
import { Reconnector } from './reconnector.js';
import { Registration } from './registration.js';
import type { SipStack } from './sip-stack.js';
import { CONNECTION_TRANSITIONS } from './connection-states.js';

/** Errors no retry can mend. */
const PERMANENT = new Set(['authentication-failed', 'invalid-config', 'invalid-argument']);

export interface ConnectionManagerDeps {
  emitter: TypedEmitter<ConnectorEvents>;
  stack: SipStack;
  log: LogSink;
  sdhFactory: SessionDescriptionHandlerFactory;
  onInvite: (invitation: Invitation) => void;
  /** Called before the UA stops so calls can end cleanly. */
  beforeDisconnect: () => Promise<void>;
  userAgentString?: () => string | undefined;
  clock?: Clock;
  /** Signalling is down but we are reconnecting: calls are kept. */
  onSignallingLost?: () => void;
  /** Transport (and registration) are back after a loss: calls refresh their dialogs. */
  onSignallingRestored?: () => void;
  /** Signalling is gone for good (the policy gave up, or reconnection is off): calls end. */
  onSignallingGone?: () => void;
}

export class ConnectionManager {
  #deps: ConnectionManagerDeps;
  #machine: StateMachine<ConnectionState>;
  #ua?: UserAgent;
  #registration: Registration;
  #config?: ResolvedConnectionConfig & Pick<ConnectionConfig, 'reconnect' | 'reconnectPolicy'>;
  #password?: string;
  /** Bumped by every connect/disconnect so a superseded attempt never touches the newer one's state. */
  #attempt = 0;
  /** The user wants to be connected (a connect() succeeded and no disconnect() since). */
  #wanted = false;
  #reconnector: Reconnector;
  #watch: ConnectionWatch;
  /** The transport may look open but is not trusted: close it before reconnecting. */
  #distrust = false;

  constructor(deps: ConnectionManagerDeps) {
    this.#deps = deps;
    const clock = deps.clock ?? systemClock;
    this.#machine = new StateMachine<ConnectionState>(
      'disconnected',
      CONNECTION_TRANSITIONS,
      (state, previous) => {
        deps.emitter.emit('connection:state', { state, previous });
      },
      { name: 'connection', log: deps.log },
    );
    this.#registration = new Registration({
      stack: deps.stack,
      log: deps.log,
      onLost: () => this.#lose('register-failed'),
    });
    this.#reconnector = new Reconnector({
      clock,
      policy: () => this.#config?.reconnectPolicy ?? this.#watch.defaultPolicy,
      attempt: () => this.#reconnectOnce(),
      retryable: (error) => !PERMANENT.has(error.code),
      toError: (error) => toVinteoError(error, 'network'),
      events: {
        scheduled: (attempt, delayMs, reason) =>
          deps.emitter.emit('auto-connect:reconnecting', { attempt, delayMs, reason }),
        failed: (attempt, error) => deps.emitter.emit('auto-connect:attempt-failed', { attempt, error }),
        succeeded: (downtimeMs, attempts) => this.#reconnected(downtimeMs, attempts),
        gaveUp: (attempts, error) => this.#gaveUp(attempts, error),
      },
    });
    this.#watch = new ConnectionWatch({
      clock,
      probe: () => this.#probe(),
      onDead: (reason) => this.#lose(reason, true),
      reconnector: this.#reconnector,
      isConnected: () => this.#machine.is('connected', 'registered'),
    });
  }

  get state(): ConnectionState {
    return this.#machine.state;
  }

  get config(): ResolvedConnectionConfig | undefined {
    return this.#config;
  }

  get userAgent(): UserAgent | undefined {
    return this.#ua;
  }

  get isReady(): boolean {
    return this.#machine.is('connected', 'registered') && !!this.#ua?.isConnected();
  }

  async connect(config: ConnectionConfig): Promise<void> {
    const resolved = { ...this.#resolve(config), reconnect: config.reconnect, reconnectPolicy: config.reconnectPolicy };
    const attempt = ++this.#attempt;
    this.#stopStaying();
    if (!this.#machine.is('disconnected')) await this.#shutdown();
    if (attempt !== this.#attempt) throw superseded();
    this.#config = resolved;
    this.#password = config.password;
    this.#machine.to('connecting');
    this.#deps.emitter.emit('connection:connecting', { server: resolved.socketUrl });
    try {
      await withTimeout(this.#establish(resolved, attempt), resolved.connectTimeoutMs, () => connectTimeout(resolved));
    } catch (error) {
      if (attempt !== this.#attempt) throw superseded(error);
      return this.#failConnect(toVinteoError(error, 'network'));
    }
    if (attempt !== this.#attempt) throw superseded();
    this.#stayConnected(config);
  }

  /** Ends calls, un-registers and closes the transport; stops any reconnection at once (never waits for it). */
  async disconnect(): Promise<void> {
    if (this.#machine.is('disconnected', 'disconnecting')) return;
    this.#attempt++;
    this.#stopStaying();
    await this.#shutdown();
  }

  async register(): Promise<void> {
    const ua = this.#requireUa();
    const config = this.#config as ResolvedConnectionConfig;
    if (!this.#password) throw new ConfigError('password is required to register');
    await this.#registration.register(ua, config, config.connectTimeoutMs);
    this.#machine.to('registered');
    this.#deps.emitter.emit('connection:registered', { user: config.user, expires: config.registerExpires });
  }

  async unregister(): Promise<void> {
    if (!this.#machine.is('registered')) throw new InvalidStateError('Not registered');
    const was = await this.#registration.unregister(this.#ua);
    if (this.#machine.is('registered')) this.#machine.to('connected');
    if (was && this.#config) this.#deps.emitter.emit('connection:unregistered', { user: this.#config.user });
  }

  /** Probes the transport now (OPTIONS); a dead one starts reconnecting. Resolves whether the server answered. */
  checkConnection(): Promise<boolean> {
    return this.#watch.checkNow();
  }

  #resolve(config: ConnectionConfig): ResolvedConnectionConfig {
    const env = { userAgent: globalThis.navigator?.userAgent };
    const resolved = resolveConfig(config, env);
    const override = this.#deps.userAgentString?.();
    return override ? { ...resolved, userAgentString: override } : resolved;
  }

  async #establish(config: ResolvedConnectionConfig, attempt: number): Promise<void> {
    await this.#start(config);
    if (attempt !== this.#attempt) throw superseded();
    if (config.register) await this.register();
  }

  async #start(config: ResolvedConnectionConfig): Promise<void> {
    const ua = this.#deps.stack.createUserAgent(this.#userAgentOptions(config));
    this.#ua = ua;
    await ua.start().catch((error: unknown) => {
      throw asNetworkError(error, config.socketUrl);
    });
    if (this.#ua !== ua) throw superseded();
    this.#machine.to('connected');
    this.#deps.emitter.emit('connection:connected', { server: config.socketUrl });
  }

  #userAgentOptions(config: ResolvedConnectionConfig): UserAgentOptions {
    const uri = this.#deps.stack.makeUri(`sip:${config.user}@${config.domain}`);
    if (!uri) throw new ConfigError('user and domain do not form a valid SIP URI');
    return {
      uri,
      displayName: config.displayName || undefined,
      userAgentString: config.userAgentString,
      authorizationUsername: config.authorizationUser,
      authorizationPassword: this.#password ?? '',
      transportOptions: {
        server: config.socketUrl,
        connectionTimeout: Math.ceil(config.connectTimeoutMs / 1000),
        traceSip: false,
      },
      sessionDescriptionHandlerFactory: this.#deps.sdhFactory,
      allowLegacyNotifications: true,
      logBuiltinEnabled: false,
      logLevel: 'warn',
      // sip.js hands every line to the connector whatever its logLevel: the level is checked before the (costly)
      // redaction of a line that may hold a whole SIP message.
      logConnector: (level, category, _label, content) => {
        const ours = level === 'log' ? 'debug' : level;
        if (logs(this.#deps.log, ours)) this.#deps.log(ours, `${category}: ${redact(content)}`);
      },
      delegate: {
        onInvite: (invitation) => this.#deps.onInvite(invitation),
        onNotify: (notification) => this.#onNotify(notification),
        onDisconnect: (error) => this.#onTransportLost(error),
      },
    };
  }

  /** Stops the user agent in the background: a failed connect rejects at its deadline, not 3 s later. */
  #stopUserAgentSoon(): void {
    const ua = this.#ua;
    this.#ua = undefined;
    if (ua)
      void withTimeout(ua.stop(), 3000, () => new Error('stop timed out')).catch((e) =>
        this.#deps.log('warn', 'UA stop failed', e),
      );
  }

  async #stopUserAgent(): Promise<void> {
    const ua = this.#ua;
    this.#ua = undefined;
    if (!ua) return;
    await withTimeout(ua.stop(), 3000, () => new Error('stop timed out')).catch((e) =>
      this.#deps.log('warn', 'UA stop failed', e),
    );
  }

  async #shutdown(): Promise<void> {
    this.#machine.to('disconnecting');
    try {
      await this.#deps.beforeDisconnect().catch((e) => this.#deps.log('warn', 'ending calls failed', e));
      const was = await this.#registration.unregister(this.#ua);
      if (was && this.#config) this.#deps.emitter.emit('connection:unregistered', { user: this.#config.user });
      await this.#stopUserAgent();
    } finally {
      this.#machine.to('disconnected');
      this.#deps.emitter.emit('connection:disconnected', {});
    }
  }

  #failConnect(error: VinteoError): never {
    this.#registration.forget();
    this.#stopUserAgentSoon(); // a transport loss it causes is ignored: the state is still connecting
    if (!this.#machine.is('disconnected')) this.#machine.to('disconnected');
    this.#deps.emitter.emit('connection:failed', { error });
    throw error;
  }

  #onNotify(notification: Notification): void {
    const request = notification.request;
    void notification.accept().catch((e) => this.#deps.log('warn', 'NOTIFY accept failed', e));
    const headers = headersOf(request as never);
    this.#deps.emitter.emit('connection:notify', {
      event: request.getHeader('Event') ?? '',
      contentType: request.getHeader('Content-Type') ?? '',
      headers,
      body: request.body ?? '',
    });
  }

  // ───────────── staying connected ─────────────

  #stayConnected(config: ConnectionConfig): void {
    this.#wanted = true;
    this.#watch.start(config);
  }

  #stopStaying(): void {
    this.#wanted = false;
    this.#reconnector.stop();
    this.#watch.stop();
  }

  #onTransportLost(error?: Error): void {
    if (this.#machine.is('disconnected', 'disconnecting', 'connecting', 'reconnecting')) return;
    this.#lose('transport-closed', false, error);
  }

  /** A loss: reconnect when the user wants the connection, else end in `disconnected` as a plain drop. */
  #lose(reason: ReconnectReason, distrust = false, error?: unknown): void {
    if (!this.#machine.is('connected', 'registered')) return;
    if (!this.#wanted || this.#config?.reconnect === false) return this.#dropped(error);
    this.#distrust = this.#distrust || distrust;
    this.#watch.pauseKeepAlive();
    this.#deps.log('info', `connection lost (${reason}); reconnecting`);
    this.#machine.to('reconnecting');
    this.#deps.onSignallingLost?.();
    this.#reconnector.start(reason);
    if (this.#watch.offline) this.#reconnector.pause();
  }

  async #reconnectOnce(): Promise<void> {
    const ua = this.#ua;
    const config = this.#config;
    if (!ua || !config) throw new InvalidStateError('Not connected');
    if (this.#distrust && ua.isConnected()) await ua.transport.disconnect().catch(() => undefined);
    this.#distrust = false;
    if (!ua.isConnected()) {
      await withTimeout(ua.reconnect(), config.connectTimeoutMs, () => connectTimeout(config)).catch(
        (error: unknown) => {
          throw asNetworkError(error, config.socketUrl);
        },
      );
    }
    if (config.register) await this.#registration.register(ua, config, config.connectTimeoutMs);
  }

  #reconnected(downtimeMs: number, attempts: number): void {
    const config = this.#config as ResolvedConnectionConfig;
    this.#machine.to(config.register ? 'registered' : 'connected');
    this.#deps.emitter.emit('connection:connected', { server: config.socketUrl });
    if (config.register)
      this.#deps.emitter.emit('connection:registered', { user: config.user, expires: config.registerExpires });
    this.#deps.emitter.emit('auto-connect:reconnected', { downtimeMs, attempts });
    this.#watch.resumeKeepAlive();
    this.#deps.onSignallingRestored?.();
  }

  #gaveUp(attempts: number, error: VinteoError): void {
    this.#deps.emitter.emit('auto-connect:gave-up', { attempts, error });
    this.#stopStaying();
    this.#dropped(error);
  }

  /** The connection is gone for good: calls end, the user agent stops, state `disconnected`. */
  #dropped(error?: unknown): void {
    const lost =
      error instanceof VinteoError
        ? error
        : new NetworkError('The connection to the server was lost', { cause: error });
    this.#deps.onSignallingGone?.();
    this.#registration.forget();
    this.#stopUserAgentSoon();
    this.#machine.to('disconnected');
    this.#deps.emitter.emit('connection:disconnected', { error: lost });
  }

  #probe(): Promise<void> {
    const ua = this.#ua;
    const domain = this.#config?.domain;
    if (!ua || !domain || !ua.isConnected()) return Promise.reject(new Error('not connected'));
    return sendOptionsVia(ua, this.#deps.stack, domain);
  }

  #requireUa(): UserAgent {
    if (!this.#ua || !this.#machine.is('connected', 'registered', 'connecting'))
      throw new InvalidStateError('Not connected');
    return this.#ua;
  }
}

function superseded(cause?: unknown): VinteoError {
  return new VinteoError('canceled', 'The connection attempt was superseded by a newer connect() or disconnect()', {
    cause,
  });
}

function connectTimeout(config: ResolvedConnectionConfig): VinteoError {
  return new NetworkError(`Could not connect to ${config.socketUrl} within ${config.connectTimeoutMs} ms`, {
    code: 'connect-timeout',
  });
}

function asNetworkError(error: unknown, url: string): VinteoError {
  if (error instanceof VinteoError) return error;
  return new NetworkError(`Could not connect to ${url}`, { cause: error });
}
