/** The conference read model's value helpers, shared by the connector and the testing fake. */
import { sameData } from '../util/same-data.js';
import { PARTICIPANT, sameRole } from './roles.js';
import type { ConferenceEvents, ConferenceSnapshot } from './types.js';

export function initialSnapshot(): ConferenceSnapshot {
  return {
    room: { status: 'idle', hasToken: false, isDirectPeerToPeer: false },
    role: PARTICIPANT,
    syncForced: false,
    content: { available: false },
    recvSession: 'none',
    recvQuality: 'auto',
    moderator: false,
  };
}

type Emit = <K extends keyof ConferenceEvents>(name: K, payload: ConferenceEvents[K]) => void;

/**
 * Emits what changed between two snapshots: `conference:room-changed`, `conference:role-changed`, then
 * `conference:changed`. Returns false (and emits nothing) when nothing changed.
 */
export function publishChange(previous: ConferenceSnapshot, next: ConferenceSnapshot, emit: Emit): boolean {
  if (sameData(previous, next)) return false;
  if (!sameData(next.room, previous.room))
    emit('conference:room-changed', { room: next.room, previous: previous.room });
  if (!sameRole(next.role, previous.role))
    emit('conference:role-changed', { role: next.role, previous: previous.role });
  emit('conference:changed', { snapshot: next, previous });
  return true;
}
