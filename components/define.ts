/** Registers every <vinteo-*> element (the side-effect entry: `vinteo-elements/define`, and the CDN bundle). */
import { ContextRoot } from '@lit/context';
import './connector/vinteo-connector.js';
import './call/vinteo-call.js';
import './dialpad/vinteo-dialpad.js';

export * from './index.js';

const ROOT_FLAG = Symbol.for('vinteo.context-root');

/** A ContextRoot lets a provider that upgrades after its consumers still reach them. Attached once per page. */
const root = typeof document === 'undefined' ? undefined : (document.documentElement as HTMLElement & Record<symbol, boolean>);
if (root && !root[ROOT_FLAG]) {
  root[ROOT_FLAG] = true;
  new ContextRoot().attach(root);
}
