/**
 * The stage's corner of `<vinteo-call>`: the call timer (from the moment the call is answered, ticking once a second
 * only while a call is established and the element is in the page) and full screen for the video area.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { CallState } from '../../src/types.js';
import { translate } from '../i18n.js';
import { button } from './call-controls.js';
import { icons } from './icons.js';

type Host = ReactiveControllerHost & HTMLElement;

/** `m:ss`, or `h:mm:ss` from an hour on. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

export class StageUi implements ReactiveController {
  #host: Host;
  #now: () => number;
  #since?: number;
  #tick?: ReturnType<typeof setInterval>;
  #fullscreen = false;

  constructor(host: Host, now: () => number = () => Date.now()) {
    this.#host = host;
    this.#now = now;
    host.addController(this);
  }

  /** Follows the call state: the timer starts when the call is answered and stops when it ends. */
  sync(state: CallState): void {
    if (state === 'active') this.#since ??= this.#now();
    else if (state !== 'ending') this.#since = undefined;
    this.#schedule();
  }

  hostConnected(): void {
    this.#schedule();
  }

  hostDisconnected(): void {
    this.#stop();
  }

  /** Milliseconds since the call was answered (undefined outside a call). */
  get elapsed(): number | undefined {
    return this.#since === undefined ? undefined : this.#now() - this.#since;
  }

  #schedule(): void {
    if (this.#since === undefined || !this.#host.isConnected) return this.#stop();
    this.#tick ??= setInterval(() => this.#host.requestUpdate(), 1000);
  }

  #stop(): void {
    if (this.#tick !== undefined) clearInterval(this.#tick);
    this.#tick = undefined;
  }

  /** The stage (`part="stage"`) fills the screen, or leaves it. */
  async toggleFullscreen(): Promise<void> {
    const root = this.#host.shadowRoot;
    const stage = root?.querySelector<HTMLElement>('[part="stage"]');
    if (root?.fullscreenElement) await document.exitFullscreen().catch(() => undefined);
    else await stage?.requestFullscreen?.().catch(() => undefined);
  }

  /** The stage entered or left full screen (its `fullscreenchange`). */
  onFullscreenChange(): void {
    this.#fullscreen = Boolean(this.#host.shadowRoot?.fullscreenElement);
    this.#host.requestUpdate();
  }

  /** Timer and full-screen button (nothing outside a call). */
  renderCorner(hasVideo: boolean): TemplateResult | typeof nothing {
    const elapsed = this.elapsed;
    if (elapsed === undefined) return nothing;
    const time = formatDuration(elapsed);
    const full = this.#fullscreen;
    const toggle =
      hasVideo && document.fullscreenEnabled
        ? button(
            this.#host,
            'fullscreen-button',
            full ? 'exitFullscreen' : 'fullscreen',
            () => void this.toggleFullscreen(),
            {
              icon: full ? icons.exitFullscreen : icons.fullscreen,
              pressed: full,
            },
          )
        : nothing;
    return html`<span part="timer" role="timer" aria-label=${translate(this.#host, 'timer')}>${time}</span>${toggle}`;
  }
}
