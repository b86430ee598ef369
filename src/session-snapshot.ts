/**
 * One read model of the whole session — connection, call and conference (room, role, licence …) — and a
 * selector-based subscription that calls back only when the selected part really changes.
 */
import type { ConferenceSnapshot } from './conference/types.js';
import type { Listener } from './emitter.js';
import type { CallState, ConnectionState } from './types.js';

export interface SessionSnapshot {
  connection: ConnectionState;
  call: CallState;
  /** True while the call is kept through an outage (see `call:reconnecting`). */
  callReconnecting: boolean;
  conference: ConferenceSnapshot;
}

/** What `subscribeSnapshot` needs from a connector (the real one and the testing fake both have it). */
export interface SnapshotSource {
  readonly snapshot: SessionSnapshot;
  on(name: 'connection:state' | 'call:state' | 'conference:changed' | 'call:reconnecting' | 'call:resumed' | 'call:ended' | 'call:failed', listener: Listener<unknown>): () => void;
}

/** Equal when the same value, or plain data with the same JSON (snapshots are rebuilt on every change). */
export function sameData(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

/**
 * Calls `listener(value, previous)` whenever `selector(snapshot)` changes (by `equals`, default {@link sameData}).
 * Returns the unsubscribe function.
 */
export function subscribeSnapshot<T>(
  source: SnapshotSource,
  selector: (snapshot: SessionSnapshot) => T,
  listener: (value: T, previous: T) => void,
  equals: (a: T, b: T) => boolean = sameData,
): () => void {
  let current = selector(source.snapshot);
  const check = (): void => {
    const next = selector(source.snapshot);
    if (equals(next, current)) return;
    const previous = current;
    current = next;
    listener(next, previous);
  };
  const offs = (['connection:state', 'call:state', 'conference:changed', 'call:reconnecting', 'call:resumed', 'call:ended', 'call:failed'] as const).map((name) => source.on(name, check));
  return () => offs.forEach((off) => off());
}
