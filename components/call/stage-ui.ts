/**
 * The stage's corner of `<vinteo-call>`: the call timer (from the moment the call is answered; it ticks by itself,
 * see elapsed.ts, so the element does not re-render every second) and full screen for the video area.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { CallState } from '../../src/types.js';
import { translate } from '../i18n.js';
import { button } from './call-controls.js';
import { elapsed } from './elapsed.js';
import { icons } from './icons.js';

type Host = ReactiveControllerHost & HTMLElement;

export class StageUi {
  #host: Host;
  #now: () => number;
  #since?: number;
  #fullscreen = false;

  constructor(host: Host, now: () => number = () => Date.now()) {
    this.#host = host;
    this.#now = now;
  }

  /** Follows the call state: the timer starts when the call is answered and stops when it ends. */
  sync(state: CallState): void {
    if (state === 'active') this.#since ??= this.#now();
    else if (state !== 'ending') this.#since = undefined;
  }

  /** Milliseconds since the call was answered (undefined outside a call). */
  get elapsed(): number | undefined {
    return this.#since === undefined ? undefined : this.#now() - this.#since;
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
    const since = this.#since;
    if (since === undefined) return nothing;
    const time = elapsed(since, this.#now);
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
