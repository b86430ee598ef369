/**
 * The call timer's text as a Lit async directive: it ticks once a second by itself, writing only its own text, and
 * only while it is in the page — `<vinteo-call>` does not re-render every second for it.
 */

import { AsyncDirective, directive } from 'lit/async-directive.js';

/** `m:ss`, or `h:mm:ss` from an hour on. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

class ElapsedDirective extends AsyncDirective {
  #since = 0;
  #now: () => number = Date.now;
  #tick?: ReturnType<typeof setInterval>;
  #shown = '';

  render(since: number, now: () => number): string {
    this.#since = since;
    this.#now = now;
    this.#start();
    this.#shown = formatDuration(now() - since);
    return this.#shown;
  }

  protected override disconnected(): void {
    clearInterval(this.#tick);
    this.#tick = undefined;
  }

  protected override reconnected(): void {
    this.#update();
    this.#start();
  }

  #start(): void {
    if (this.isConnected) this.#tick ??= setInterval(() => this.#update(), 1000);
  }

  #update(): void {
    const text = formatDuration(this.#now() - this.#since);
    if (text === this.#shown) return;
    this.#shown = text;
    this.setValue(text);
  }
}

/** The time since `since` (ms, on `now`'s clock), kept current each second. */
export const elapsed = directive(ElapsedDirective);
