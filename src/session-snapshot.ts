/**
 * One read model of the whole session — connection, call, conference (room, role, licence …), presentation — and a
 * selector-based subscription that calls back only when the selected part really changes.
 */
import type { Listener } from './emitter.js';
import { sameData } from './util/same-data.js';
import type { MediaSnapshot, SessionSnapshot, VinteoConnectorApi } from './types.js';

type SnapshotParts = Pick<
  VinteoConnectorApi,
  | 'connectionState'
  | 'callState'
  | 'callReconnecting'
  | 'conference'
  | 'presentation'
  | 'micEnabled'
  | 'cameraEnabled'
  | 'localStream'
  | 'remoteTracks'
  | 'remoteStreamsView'
>;

/** The events after which the snapshot may differ. */
const CHANGES = [
  'connection:state',
  'call:state',
  'conference:changed',
  'call:reconnecting',
  'call:resumed',
  'call:ended',
  'call:failed',
  'presentation:state',
  'call:media-state',
  'call:local-stream-changed',
  'call:remote-tracks-changed',
  'call:remote-streams-changed',
] as const;

function mediaOf(c: SnapshotParts): MediaSnapshot {
  const { main, content } = c.remoteStreamsView;
  return {
    micEnabled: c.micEnabled,
    cameraEnabled: c.cameraEnabled,
    localStreamId: c.localStream?.id,
    remoteTrackIds: c.remoteTracks.map((track) => track.id),
    mainStreamId: main?.id,
    contentStreamId: content?.id,
  };
}

/** The snapshot of a connector (the real one and the testing fake build it the same way). */
export function snapshotOf(c: SnapshotParts): SessionSnapshot {
  return {
    connection: c.connectionState,
    call: c.callState,
    callReconnecting: c.callReconnecting,
    conference: c.conference,
    presentation: c.presentation.state,
    media: mediaOf(c),
  };
}

/** What `subscribeSnapshot` needs from a connector (the real one and the testing fake both have it). */
export interface SnapshotSource {
  readonly snapshot: SessionSnapshot;
  on(name: (typeof CHANGES)[number], listener: Listener<unknown>): () => void;
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
  const offs = CHANGES.map((name) => source.on(name, check));
  return () => offs.forEach((off) => off());
}
