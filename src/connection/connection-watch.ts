/**
 * Everything that can tell the connection manager "the transport may be dead": the keep-alive probe, the
 * browser's network events and wake-ups. A signal is checked with a probe first, so a working connection is kept;
 * while reconnecting, `online`/`change`/`wake` skip the wait, and a confirmed `offline` pauses the attempts.
 */
import type { ConnectionConfig } from '../types.js';
import { Timer, type Clock } from '../util/clock.js';
import { KeepAlive } from './keepalive.js';
import { NetworkWatch, type NetworkSignal } from './network-watch.js';
import { DefaultReconnectPolicy, type ReconnectReason } from './reconnect-policy.js';
import type { Reconnector } from './reconnector.js';

export interface ConnectionWatchOptions {
  clock: Clock;
  probe: () => Promise<void>;
  onDead: (reason: ReconnectReason) => void;
  reconnector: Reconnector;
  isConnected: () => boolean;
}

const PROBE_REASON: Record<Exclude<NetworkSignal, 'offline'>, ReconnectReason> = {
  online: 'network-online',
  change: 'network-change',
  wake: 'wake',
};

export class ConnectionWatch {
  readonly defaultPolicy = new DefaultReconnectPolicy();
  readonly #o: ConnectionWatchOptions;
  readonly #network: NetworkWatch;
  readonly #grace: Timer;
  #keepAlive?: KeepAlive;
  #offlineGraceMs = 2000;
  #offlineSignalled = false;
  #offline = false;

  constructor(options: ConnectionWatchOptions) {
    this.#o = options;
    this.#network = new NetworkWatch({ clock: options.clock, onSignal: (signal) => this.#onSignal(signal) });
    this.#grace = new Timer(options.clock);
  }

  /** The browser has been offline for longer than the grace period. */
  get offline(): boolean {
    return this.#offline;
  }

  start(config: ConnectionConfig): void {
    this.stop();
    this.#offlineGraceMs = config.offlineGraceMs ?? 2000;
    this.#keepAlive = new KeepAlive({
      clock: this.#o.clock,
      intervalMs: config.keepAliveIntervalMs ?? 15_000,
      timeoutMs: config.keepAliveTimeoutMs ?? 10_000,
      probe: this.#o.probe,
      onDead: () => this.#o.onDead('keepalive-failed'),
    });
    this.#keepAlive.start();
    this.#network.start();
  }

  stop(): void {
    this.#keepAlive?.stop();
    this.#keepAlive = undefined;
    this.#network.stop();
    this.#grace.clear();
    this.#offline = this.#offlineSignalled = false;
  }

  pauseKeepAlive(): void {
    this.#keepAlive?.stop();
  }

  resumeKeepAlive(): void {
    this.#keepAlive?.start();
  }

  /** Probes now; a probe that fails while connected reports the transport dead. */
  async checkNow(reason: ReconnectReason = 'keepalive-failed'): Promise<boolean> {
    if (!this.#keepAlive || !this.#o.isConnected()) return false;
    const alive = await this.#keepAlive.check();
    if (!alive && this.#o.isConnected()) this.#o.onDead(reason);
    return alive;
  }

  #onSignal(signal: NetworkSignal): void {
    if (signal === 'offline') return this.#wentOffline();
    if (signal === 'online') this.#cameOnline();
    if (this.#o.reconnector.active) this.#o.reconnector.retryNow();
    else void this.checkNow(PROBE_REASON[signal]);
  }

  #wentOffline(): void {
    this.#offlineSignalled = true;
    this.#grace.start(this.#offlineGraceMs, () => {
      if (!this.#offlineSignalled) return;
      this.#offline = true;
      if (this.#o.reconnector.active) this.#o.reconnector.pause();
      else void this.checkNow('network-change');
    });
  }

  #cameOnline(): void {
    this.#offlineSignalled = this.#offline = false;
    this.#grace.clear();
  }
}
