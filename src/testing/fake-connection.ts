/**
 * The fake connector's connection: `connect`/`disconnect`/`register`/`unregister` and the server's side of them
 * (`simulateConnected`, `simulateConnectionFailure`), with the real connector's states (the same transition table)
 * and events. Part of {@link FakeConnector}.
 */
import { ConfigError, NetworkError, VinteoError } from '../errors.js';
import type { ConnectionConfig, ConnectionState, ConnectorEvents } from '../types.js';
import { CONNECTION_TRANSITIONS } from '../connection/connection-states.js';
import { checkMove } from './transitions.js';

interface PendingConnect {
  config: ConnectionConfig;
  resolve: () => void;
  reject: (error: VinteoError) => void;
}

export interface FakeConnectionHooks {
  emit: <K extends keyof ConnectorEvents>(name: K, payload: ConnectorEvents[K]) => void;
  /** A call is going on (it ends when the connection does). */
  inCall: () => boolean;
  /** End the call: `local` on disconnect, `system` (`connection-error`) on a failure. */
  endCall: (originator: 'local' | 'system') => void;
  /** The state moved to something other than `reconnecting` (the recovery model stops). */
  settled: () => void;
}

export class FakeConnection {
  state: ConnectionState = 'disconnected';
  user: string | undefined;
  autoComplete: boolean;
  /** When set, the next connect() rejects with it (and emits `connection:failed`). */
  failNext?: VinteoError;
  #hooks: FakeConnectionHooks;
  #pending?: PendingConnect;

  constructor(hooks: FakeConnectionHooks, autoComplete: boolean) {
    this.#hooks = hooks;
    this.autoComplete = autoComplete;
  }

  connect(config: ConnectionConfig): Promise<void> {
    if (!config.server?.trim()) throw new ConfigError('server is required');
    this.#rejectPending(new VinteoError('canceled', 'The connection attempt was superseded'));
    this.move('connecting');
    this.#hooks.emit('connection:connecting', { server: config.server });
    const failure = this.failNext;
    this.failNext = undefined;
    const pending = new Promise<void>((resolve, reject) => (this.#pending = { config, resolve, reject }));
    if (failure) this.#fail(failure, config);
    else if (this.autoComplete) this.simulateConnected();
    return pending;
  }

  disconnect(): void {
    this.#rejectPending(new VinteoError('canceled', 'disconnected'));
    if (this.#hooks.inCall()) this.#hooks.endCall('local');
    if (this.state === 'disconnected') return;
    this.move('disconnecting');
    this.move('disconnected');
    this.#hooks.emit('connection:disconnected', {});
  }

  register(): void {
    this.move('registered');
  }

  unregister(): void {
    if (this.state !== 'registered') return;
    this.move('connected');
    this.#hooks.emit('connection:unregistered', { user: this.user ?? '' });
  }

  /** Completes a pending connect(): `registered` when the config asked to register, else `connected`. */
  simulateConnected(): void {
    const pending = this.#takePending();
    if (!pending) return;
    const { config } = pending;
    this.user = config.user ?? '100000';
    this.move('connected');
    this.#hooks.emit('connection:connected', { server: config.server });
    if (config.register) {
      this.move('registered');
      this.#hooks.emit('connection:registered', { user: this.user, expires: 300 });
    }
    pending.resolve();
  }

  /** A pending connect() fails with `error` (`connection:failed`); an established connection drops (`connection:disconnected`). */
  simulateFailure(error: VinteoError = new NetworkError('The connection to the server was lost')): void {
    const pending = this.#takePending();
    if (this.#hooks.inCall()) this.#hooks.endCall('system');
    const wasUp = this.state !== 'disconnected';
    this.move('disconnected');
    if (pending) {
      this.#hooks.emit('connection:failed', { error });
      pending.reject(error);
    } else if (wasUp) {
      this.#hooks.emit('connection:disconnected', { error });
    }
  }

  /** Moves the state (checked against the real transition table) and emits `connection:state`. */
  move(state: ConnectionState): void {
    const previous = this.state;
    if (previous === state) return;
    checkMove('the connection', CONNECTION_TRANSITIONS, previous, state);
    if (state !== 'reconnecting') this.#hooks.settled();
    this.state = state;
    this.#hooks.emit('connection:state', { state, previous });
  }

  /** Refused credentials, like the real connector: the transport comes up, then REGISTER is refused. */
  #fail(failure: VinteoError, config: ConnectionConfig): void {
    if (failure.code === 'authentication-failed' && config.register) {
      this.move('connected');
      this.#hooks.emit('connection:connected', { server: config.server });
    }
    this.simulateFailure(failure);
  }

  #takePending(): PendingConnect | undefined {
    const pending = this.#pending;
    this.#pending = undefined;
    return pending;
  }

  #rejectPending(error: VinteoError): void {
    this.#takePending()?.reject(error);
  }
}
