/** Small helpers shared by the element tests. */

/** The shadow node with `part~=name`; throws (failing the test) when it is missing. */
export function part<T extends HTMLElement = HTMLElement>(el: Element, name: string): T {
  const found = el.shadowRoot?.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part "${name}" in <${el.localName}>`);
  return found;
}

/** True when the shadow root has a node with `part~=name`. */
export function hasPart(el: Element, name: string): boolean {
  return Boolean(el.shadowRoot?.querySelector(`[part~="${name}"]`));
}

/** Lets the deferred (one microtask) teardown of removed elements run. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 3; i++) await Promise.resolve();
}

/** Collects every `type` event fired on `target` until `stop()` is called. */
export function collect<T extends Event>(target: EventTarget, type: string): { events: T[]; stop: () => void } {
  const events: T[] = [];
  const listener = (event: Event) => events.push(event as T);
  target.addEventListener(type, listener);
  return { events, stop: () => target.removeEventListener(type, listener) };
}

/** A fresh custom element name, for tests that define a tag after its elements exist. */
export function uniqueTag(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Counts the element's renders (its `updated` calls) from now on. */
export function countRenders(el: Element): { readonly count: number; reset(): void } {
  const host = el as unknown as { updated(changed: unknown): void };
  const updated = host.updated.bind(el);
  let count = 0;
  host.updated = (changed) => {
    count++;
    updated(changed);
  };
  return {
    get count() {
      return count;
    },
    reset: () => void (count = 0),
  };
}
