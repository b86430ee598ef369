/** The connection's states and the moves between them; the connection manager and the testing fake both follow this table. */
import type { ConnectionState } from '../types.js';

export const CONNECTION_TRANSITIONS = {
  disconnected: ['connecting'],
  connecting: ['connected', 'registered', 'disconnecting', 'disconnected'],
  connected: ['registered', 'reconnecting', 'disconnecting', 'disconnected'],
  registered: ['connected', 'reconnecting', 'disconnecting', 'disconnected'],
  reconnecting: ['connected', 'registered', 'disconnecting', 'disconnected'],
  disconnecting: ['disconnected'],
} as const satisfies Record<ConnectionState, readonly ConnectionState[]>;
