/**
 * Registers every <vinteo-*> element (the side-effect entry: `vinteo-elements/define`, and the CDN bundle) and
 * attaches the page's ContextRoot (once; only where a `document` exists), so a `<vinteo-connector>` that is
 * defined or upgraded after its `<vinteo-call>` still provides to it.
 */
import { attachContextRoot } from './base/context-root.js';
import './connector/vinteo-connector.js';
import './call/vinteo-call.js';
import './dialpad/vinteo-dialpad.js';
import './presentation/vinteo-presentation.js';
import './devices/vinteo-devices.js';
import './stats/vinteo-stats.js';
import './prejoin/vinteo-prejoin.js';

export * from './index.js';

attachContextRoot();
