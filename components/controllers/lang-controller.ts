import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders the host when the language that picks its strings changes: its own `lang`, the nearest `[lang]`
 * ancestor's (as found when it was connected) or the document's.
 */
export class LangController implements ReactiveController {
  #host: ReactiveControllerHost & HTMLElement;
  #observer?: MutationObserver;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof MutationObserver === 'undefined') return;
    this.#observer ??= new MutationObserver(() => this.#host.requestUpdate());
    const watched = new Set<Element>([this.#host, this.#host.ownerDocument.documentElement]);
    const ancestor = this.#host.parentElement?.closest('[lang]');
    if (ancestor) watched.add(ancestor);
    for (const element of watched) this.#observer.observe(element, { attributes: true, attributeFilter: ['lang'] });
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
  }
}
