/**
 * Tracks every remote track of a peer connection, grouped by the stream the far end put it in. Read from the
 * transceivers after each remote description and from `track` events, so several remote video tracks coexist.
 */

/** A remote stream as the far end named it: its msid stream id, our MediaStream, and every name its tracks carry. */
export interface RemoteGroup {
  id: string;
  stream: MediaStream;
  /** Stream id, track ids, track labels and the msid track ids of its tracks (for `dual` / `content_*` matching). */
  names: string[];
}

type ChangeListener = (change: 'added' | 'removed', track: MediaStreamTrack) => void;

export class RemoteTracks {
  #pc: RTCPeerConnection;
  #onChange: ChangeListener;
  #tracks = new Map<string, { track: MediaStreamTrack; streamId: string; onEnded: () => void }>();
  #streams = new Map<string, MediaStream>();

  constructor(pc: RTCPeerConnection, onChange: ChangeListener) {
    this.#pc = pc;
    this.#onChange = onChange;
    pc.addEventListener('track', this.#onTrack);
  }

  /** Live remote tracks, audio first. */
  get tracks(): MediaStreamTrack[] {
    const all = [...this.#tracks.values()].map((entry) => entry.track);
    return [...all.filter((t) => t.kind === 'audio'), ...all.filter((t) => t.kind !== 'audio')];
  }

  /** One MediaStream per remote stream id, holding the live tracks of that stream. */
  get streams(): MediaStream[] {
    return [...this.#streams.values()].filter((s) => s.getTracks().length > 0);
  }

  /** The live streams with their names, in arrival order. */
  get groups(): RemoteGroup[] {
    const groups: RemoteGroup[] = [];
    for (const [id, stream] of this.#streams) {
      const tracks = stream.getTracks();
      if (!tracks.length) continue;
      const names = [
        id,
        ...tracks.flatMap((t) => [t.id, t.label, msidTrackId(this.#pc, t)].filter((n): n is string => Boolean(n))),
      ];
      groups.push({ id, stream, names });
    }
    return groups;
  }

  /** Re-reads receiving transceivers; removes tracks whose m-line no longer receives. */
  refresh(): void {
    const receiving = new Set<string>();
    for (const t of this.#pc.getTransceivers()) {
      const dir = t.currentDirection;
      // null: not negotiated yet (an offer is pending) — keep what the browser announced.
      if (dir === null || dir === 'sendrecv' || dir === 'recvonly') receiving.add(t.receiver.track.id);
    }
    for (const [id, entry] of this.#tracks) {
      if (!receiving.has(id) || entry.track.readyState === 'ended') this.#remove(id);
    }
  }

  dispose(): void {
    this.#pc.removeEventListener('track', this.#onTrack);
    for (const id of [...this.#tracks.keys()]) this.#remove(id, false);
  }

  #onTrack = (event: RTCTrackEvent): void => {
    const { track } = event;
    if (this.#tracks.has(track.id)) return;
    const streamId = event.streams[0]?.id ?? `track-${track.id}`;
    const onEnded = (): void => this.#remove(track.id);
    this.#tracks.set(track.id, { track, streamId, onEnded });
    this.#streamFor(streamId).addTrack(track);
    track.addEventListener('ended', onEnded, { once: true });
    this.#onChange('added', track);
  };

  #streamFor(id: string): MediaStream {
    let stream = this.#streams.get(id);
    if (!stream) this.#streams.set(id, (stream = new MediaStream()));
    return stream;
  }

  #remove(id: string, notify = true): void {
    const entry = this.#tracks.get(id);
    if (!entry) return;
    this.#tracks.delete(id);
    entry.track.removeEventListener('ended', entry.onEnded);
    const stream = this.#streams.get(entry.streamId);
    stream?.removeTrack(entry.track);
    if (stream && !stream.getTracks().length) this.#streams.delete(entry.streamId);
    if (notify) this.#onChange('removed', entry.track);
  }
}

/** The msid track id the remote description gives the m-line `track` arrives on (`a=msid:{stream} {track}`). */
function msidTrackId(pc: RTCPeerConnection, track: MediaStreamTrack): string | undefined {
  const mid = pc.getTransceivers().find((t) => t.receiver.track === track)?.mid;
  const sdp = pc.remoteDescription?.sdp;
  if (mid === null || mid === undefined || !sdp) return undefined;
  for (const section of sdp.split(/\r?\nm=/).slice(1)) {
    if (/^a=mid:(\S+)/m.exec(section)?.[1] !== mid) continue;
    return /^a=msid:\S+ (\S+)/m.exec(section)?.[1];
  }
  return undefined;
}
