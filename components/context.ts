import { createContext } from '@lit/context';
import type { VinteoConnectorApi } from '../src/types.js';

/** The one context key. `Symbol.for` so two copies of the bundle on one page still meet. */
export const connectorContext = createContext<VinteoConnectorApi>(Symbol.for('vinteo.connector'));
