/** Registers an element once: a second copy of the bundle, or a second import, is a no-op instead of a throw. */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return;
  customElements.define(tag, ctor);
}
