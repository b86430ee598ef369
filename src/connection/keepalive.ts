/**
 * Keep-alive: a periodic probe (an OPTIONS to the server's domain, answered by standard servers too) that tells a
 * dead transport from a live one even when the WebSocket still looks open. Any answer means alive; no answer within
 * the timeout means dead. Timers come from an injected clock.
 */
import { Timer, type Clock } from '../util/clock.js';

export interface KeepAliveOptions {
  clock: Clock;
  intervalMs: number;
  timeoutMs: number;
  /** Sends one probe; resolves on any answer, rejects on a transport error. */
  probe: () => Promise<void>;
  /** The probe got no answer in time (or failed): the transport is dead. */
  onDead: (error: unknown) => void;
}

export class KeepAlive {
  readonly #o: KeepAliveOptions;
  readonly #next: Timer;
  #running = false;
  #generation = 0;

  constructor(options: KeepAliveOptions) {
    this.#o = options;
    this.#next = new Timer(options.clock);
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running || this.#o.intervalMs <= 0) return;
    this.#running = true;
    this.#schedule();
  }

  stop(): void {
    this.#running = false;
    this.#generation++;
    this.#next.clear();
  }

  /** Probes now (e.g. after `online` or a wake-up); resolves true when the server answered in time. */
  async check(): Promise<boolean> {
    const generation = this.#generation;
    const alive = await this.#probeOnce();
    return alive && generation === this.#generation;
  }

  #schedule(): void {
    this.#next.start(this.#o.intervalMs, () => void this.#tick());
  }

  async #tick(): Promise<void> {
    const generation = this.#generation;
    const alive = await this.#probeOnce();
    if (!this.#running || generation !== this.#generation) return;
    if (alive) this.#schedule();
    else {
      this.stop();
      this.#o.onDead(new Error(`The server did not answer the keep-alive probe within ${this.#o.timeoutMs} ms`));
    }
  }

  #probeOnce(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = new Timer(this.#o.clock);
      timer.start(this.#o.timeoutMs, () => resolve(false));
      this.#o.probe().then(
        () => {
          timer.clear();
          resolve(true);
        },
        () => {
          timer.clear();
          resolve(false);
        },
      );
    });
  }
}
