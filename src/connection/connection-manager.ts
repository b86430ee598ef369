/**
 * Owns the sip.js UserAgent: connect (guest or registered), disconnect, register/unregister, transport loss,
 * and out-of-dialog NOTIFY. Emits `connection:*` events through the emitter it is given.
 */
import type { Invitation, Notification, Registerer, SessionDescriptionHandlerFactory, UserAgent, UserAgentOptions } from 'sip.js';
import { RegistererState } from 'sip.js';
import { AuthenticationError, ConfigError, InvalidStateError, NetworkError, VinteoError, toVinteoError } from '../errors.js';
import type { TypedEmitter } from '../emitter.js';
import type { ConnectionConfig, ConnectionState, ConnectorEvents } from '../types.js';
import { headersOf } from '../util/headers.js';
import { redact, type LogSink } from '../util/logger.js';
import { StateMachine } from '../util/state-machine.js';
import { withTimeout } from '../util/wait.js';
import { resolveConfig, type ResolvedConnectionConfig } from './config.js';
import type { SipStack } from './sip-stack.js';

const TRANSITIONS = {
  disconnected: ['connecting'],
  connecting: ['connected', 'registered', 'disconnecting', 'disconnected'],
  connected: ['registered', 'reconnecting', 'disconnecting', 'disconnected'],
  registered: ['connected', 'reconnecting', 'disconnecting', 'disconnected'],
  reconnecting: ['connected', 'registered', 'disconnecting', 'disconnected'],
  disconnecting: ['disconnected'],
} as const satisfies Record<ConnectionState, readonly ConnectionState[]>;

export interface ConnectionManagerDeps {
  emitter: TypedEmitter<ConnectorEvents>;
  stack: SipStack;
  log: LogSink;
  sdhFactory: SessionDescriptionHandlerFactory;
  onInvite: (invitation: Invitation) => void;
  /** Called before the UA stops so calls can end cleanly. */
  beforeDisconnect: () => Promise<void>;
  userAgentString?: () => string | undefined;
}

export class ConnectionManager {
  #deps: ConnectionManagerDeps;
  #machine: StateMachine<ConnectionState>;
  #ua?: UserAgent;
  #registerer?: Registerer;
  #config?: ResolvedConnectionConfig;
  #password?: string;
  #stopping = false;
  /** Bumped by every connect/disconnect so a superseded attempt never touches the newer one's state. */
  #attempt = 0;

  constructor(deps: ConnectionManagerDeps) {
    this.#deps = deps;
    this.#machine = new StateMachine<ConnectionState>('disconnected', TRANSITIONS, (state, previous) =>
      deps.emitter.emit('connection:state', { state, previous }));
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
    const resolved = this.#resolve(config);
    if (!this.#machine.is('disconnected')) await this.disconnect();
    const attempt = ++this.#attempt;
    this.#config = resolved;
    this.#password = config.password;
    this.#machine.to('connecting');
    this.#deps.emitter.emit('connection:connecting', { server: resolved.socketUrl });
    try {
      await this.#start(resolved);
      if (resolved.register) await this.register();
    } catch (error) {
      if (attempt !== this.#attempt) throw new VinteoError('canceled', 'The connection attempt was superseded', { cause: error });
      await this.#failConnect(toVinteoError(error, 'network'));
    }
  }

  async disconnect(): Promise<void> {
    if (this.#machine.is('disconnected', 'disconnecting')) return;
    this.#attempt++;
    this.#machine.to('disconnecting');
    this.#stopping = true;
    try {
      await this.#deps.beforeDisconnect().catch((e) => this.#deps.log('warn', 'ending calls failed', e));
      await this.#unregisterQuietly();
      await this.#stopUserAgent();
    } finally {
      this.#stopping = false;
      this.#machine.to('disconnected');
      this.#deps.emitter.emit('connection:disconnected', {});
    }
  }

  async register(): Promise<void> {
    const ua = this.#requireUa();
    const config = this.#config as ResolvedConnectionConfig;
    if (!this.#password) throw new ConfigError('password is required to register');
    this.#registerer ??= this.#createRegisterer(ua, config);
    await withTimeout(this.#sendRegister(this.#registerer), config.connectTimeoutMs,
      () => new NetworkError('The server did not answer REGISTER in time', { code: 'connect-timeout' }));
    this.#machine.to('registered');
    this.#deps.emitter.emit('connection:registered', { user: config.user, expires: config.registerExpires });
  }

  async unregister(): Promise<void> {
    if (!this.#registerer || !this.#machine.is('registered')) throw new InvalidStateError('Not registered');
    await this.#unregisterQuietly();
    if (this.#machine.is('registered')) this.#machine.to('connected');
  }

  #resolve(config: ConnectionConfig): ResolvedConnectionConfig {
    const env = { userAgent: globalThis.navigator?.userAgent };
    const resolved = resolveConfig(config, env);
    const override = this.#deps.userAgentString?.();
    return override ? { ...resolved, userAgentString: override } : resolved;
  }

  async #start(config: ResolvedConnectionConfig): Promise<void> {
    const ua = this.#deps.stack.createUserAgent(this.#userAgentOptions(config));
    this.#ua = ua;
    await withTimeout(ua.start(), config.connectTimeoutMs,
      () => new NetworkError(`Could not reach ${config.socketUrl} in time`, { code: 'connect-timeout' }))
      .catch((error: unknown) => { throw asNetworkError(error, config.socketUrl); });
    if (this.#ua !== ua) throw new VinteoError('canceled', 'The connection attempt was superseded');
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
      transportOptions: { server: config.socketUrl, connectionTimeout: Math.ceil(config.connectTimeoutMs / 1000), traceSip: false },
      sessionDescriptionHandlerFactory: this.#deps.sdhFactory,
      allowLegacyNotifications: true,
      logBuiltinEnabled: false,
      logLevel: 'warn',
      logConnector: (level, category, _label, content) => this.#deps.log(level === 'log' ? 'debug' : level, `${category}: ${redact(content)}`),
      delegate: {
        onInvite: (invitation) => this.#deps.onInvite(invitation),
        onNotify: (notification) => this.#onNotify(notification),
        onDisconnect: (error) => this.#onTransportLost(error),
      },
    };
  }

  #createRegisterer(ua: UserAgent, config: ResolvedConnectionConfig): Registerer {
    const registerer = this.#deps.stack.createRegisterer(ua, { expires: config.registerExpires, extraHeaders: config.registerHeaders });
    registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Unregistered && this.#machine.is('registered')) {
        this.#machine.to('connected');
        this.#deps.emitter.emit('connection:unregistered', { user: config.user });
      }
    });
    return registerer;
  }

  #sendRegister(registerer: Registerer): Promise<void> {
    return new Promise((resolve, reject) => {
      registerer.register({
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) => reject(registerError(response.message.statusCode ?? 0, response.message.reasonPhrase ?? '')),
        },
      }).catch((error: unknown) => reject(toVinteoError(error, 'network')));
    });
  }

  async #unregisterQuietly(): Promise<void> {
    const registerer = this.#registerer;
    this.#registerer = undefined;
    if (!registerer || !this.#ua?.isConnected()) return;
    const wasRegistered = registerer.state === RegistererState.Registered;
    await withTimeout(this.#sendUnregister(registerer), 3000, () => new Error('unregister timed out'))
      .catch((e) => this.#deps.log('warn', 'unregister failed', e));
    await registerer.dispose().catch(() => undefined);
    if (wasRegistered && this.#config) this.#deps.emitter.emit('connection:unregistered', { user: this.#config.user });
  }

  #sendUnregister(registerer: Registerer): Promise<void> {
    return new Promise((resolve, reject) => {
      registerer.unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } })
        .catch((error: unknown) => reject(error));
    });
  }

  async #stopUserAgent(): Promise<void> {
    const ua = this.#ua;
    this.#ua = undefined;
    if (!ua) return;
    await withTimeout(ua.stop(), 3000, () => new Error('stop timed out')).catch((e) => this.#deps.log('warn', 'UA stop failed', e));
  }

  async #failConnect(error: VinteoError): Promise<never> {
    this.#stopping = true;
    this.#registerer = undefined;
    await this.#stopUserAgent();
    this.#stopping = false;
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

  #onTransportLost(error?: Error): void {
    if (this.#stopping || this.#machine.is('disconnected', 'disconnecting', 'connecting')) return;
    const lost = new NetworkError('The connection to the server was lost', { cause: error });
    this.#registerer = undefined;
    this.#ua = undefined;
    this.#machine.to('disconnected');
    this.#deps.emitter.emit('connection:disconnected', { error: lost });
  }

  #requireUa(): UserAgent {
    if (!this.#ua || !this.#machine.is('connected', 'registered', 'connecting')) throw new InvalidStateError('Not connected');
    return this.#ua;
  }
}

function registerError(status: number, reason: string): VinteoError {
  if (status === 401 || status === 403 || status === 407) {
    return new AuthenticationError(`Registration refused: wrong user or password (${status})`, { statusCode: status });
  }
  if (status === 408) return new NetworkError('The server did not answer REGISTER in time', { code: 'request-timeout' });
  return new VinteoError('rejected', `Registration refused: ${status} ${reason}`.trim(), { statusCode: status });
}

function asNetworkError(error: unknown, url: string): VinteoError {
  if (error instanceof VinteoError) return error;
  return new NetworkError(`Could not connect to ${url}`, { cause: error });
}
