import { attachContextRoot } from './context-root.js';

/**
 * Registers an element once: a second copy of the bundle, or a second import, is a no-op instead of a throw.
 * The page's ContextRoot is attached before the first registration, so late providers reach their consumers.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  attachContextRoot();
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
