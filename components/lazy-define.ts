/**
 * The code-split CDN entry (`dist/cdn/split/vinteo-elements.js`, built by vite.split.config.ts): registers
 * `<vinteo-connector>` and `<vinteo-call>` at once and loads every other element's module the first time its tag
 * appears — in the document, or in the open shadow root of one of our elements (`<vinteo-prejoin>` renders a
 * `<vinteo-devices>`). A tag inside some other shadow root is not seen: call `loadElement(tag)` for it.
 * Exports what the single file does except the lazy classes: the two eager classes, the events, the context, the
 * controller and the strings; a lazy class comes from `await loadElement('vinteo-stats')`.
 */
import { attachContextRoot } from './base/context-root.js';
import './connector/vinteo-connector.js';
import './call/vinteo-call.js';

export { VinteoConnectorElement } from './connector/vinteo-connector.component.js';
export { VinteoCallElement } from './call/vinteo-call.component.js';
export { connectorContext } from './context.js';
export { ConnectorController, type ConnectorControllerOptions } from './controllers/connector-controller.js';
export * from './events/index.js';
export { translate, languageOf, type StringKey } from './i18n.js';

/** The elements loaded on first use, each its own chunk. */
const LAZY: Record<string, () => Promise<unknown>> = {
  'vinteo-dialpad': () => import('./dialpad/vinteo-dialpad.js'),
  'vinteo-presentation': () => import('./presentation/vinteo-presentation.js'),
  'vinteo-devices': () => import('./devices/vinteo-devices.js'),
  'vinteo-stats': () => import('./stats/vinteo-stats.js'),
  'vinteo-prejoin': () => import('./prejoin/vinteo-prejoin.js'),
};
/** Every tag of ours: a lazy one to load, any one to look into its shadow root. */
const OURS = ['vinteo-connector', 'vinteo-call', ...Object.keys(LAZY)].join(',');
const loading = new Map<string, Promise<CustomElementConstructor>>();
const observed = new WeakSet<Node>();

/**
 * Loads (once) and registers the element `tag`; resolves with its class. A failed load is forgotten, so the next
 * call, or the next time the tag appears, tries again.
 */
export function loadElement(tag: string): Promise<CustomElementConstructor> {
  const defined = typeof customElements === 'undefined' ? undefined : customElements.get(tag);
  if (defined) return Promise.resolve(defined);
  const load = LAZY[tag];
  if (!load) return Promise.reject(new Error(`vinteo-elements: no element <${tag}> to load`));
  let pending = loading.get(tag);
  if (!pending) {
    pending = load().then(() => {
      // Upgraded elements now have their shadow roots: look into them (and observe them) too.
      if (typeof document !== 'undefined') scan(document);
      return customElements.get(tag)!;
    });
    pending.catch(() => loading.delete(tag));
    loading.set(tag, pending);
  }
  return pending;
}

function visit(element: Element): void {
  const tag = element.localName;
  if (tag in LAZY && !customElements.get(tag) && !loading.has(tag)) {
    loadElement(tag).catch((error: unknown) => console.error(`vinteo-elements: could not load <${tag}>`, error));
  }
  const shadow = element.shadowRoot;
  if (shadow) {
    observe(shadow);
    scan(shadow);
  }
}

function scan(root: ParentNode): void {
  for (const element of root.querySelectorAll(OURS)) visit(element);
}

function observe(root: Document | ShadowRoot): void {
  if (observed.has(root)) return;
  observed.add(root);
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (node.matches(OURS)) visit(node);
        scan(node);
      }
    }
  }).observe(root, { childList: true, subtree: true });
}

if (typeof document !== 'undefined' && typeof customElements !== 'undefined') {
  attachContextRoot();
  observe(document);
  scan(document);
}
