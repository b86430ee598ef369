/**
 * The fake moves through the real transition tables: a move the real connector could never make is a bug in the
 * fake (or in a test driving it), so it throws at once instead of drifting silently.
 */
import type { TransitionTable } from '../util/state-machine.js';

export function checkMove<S extends string>(what: string, table: TransitionTable<S>, from: S, to: S): void {
  if (from !== to && !table[from].includes(to))
    throw new Error(`FakeConnector: ${what} cannot go ${from} -> ${to} (not in the real table)`);
}
