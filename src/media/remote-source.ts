/**
 * Which remote media the app sees: the call's own tracks, or another source's (the spectator's receive-only
 * session). Switching emits `call:remote-tracks-changed` for each track that leaves or joins the view.
 */
import type { RemoteGroup } from './remote-tracks.js';

/** Remote media as the app sees it: the call's, or another source's (the spectator's receive-only session). */
export interface RemoteView {
  readonly tracks: MediaStreamTrack[];
  readonly streams: MediaStream[];
  /** The streams with the names the far end gave them (content identification, protocol.md §12). */
  readonly groups?: RemoteGroup[];
}

export class RemoteSource {
  #other?: RemoteView;
  readonly #own: () => RemoteView | undefined;
  readonly #changed: (change: 'added' | 'removed', track: MediaStreamTrack) => void;

  constructor(
    own: () => RemoteView | undefined,
    changed: (change: 'added' | 'removed', track: MediaStreamTrack) => void,
  ) {
    this.#own = own;
    this.#changed = changed;
  }

  get view(): RemoteView | undefined {
    return this.#other ?? this.#own();
  }
  get tracks(): MediaStreamTrack[] {
    return this.view?.tracks ?? [];
  }
  get streams(): MediaStream[] {
    return this.view?.streams ?? [];
  }
  get groups(): { groups: RemoteGroup[]; otherSource: boolean } {
    return { groups: this.view?.groups ?? [], otherSource: this.#other !== undefined };
  }

  use(source: RemoteView | undefined): void {
    if (source === this.#other) return;
    const before = this.tracks;
    this.#other = source;
    const after = this.tracks;
    for (const track of before) if (!after.includes(track)) this.#changed('removed', track);
    for (const track of after) if (!before.includes(track)) this.#changed('added', track);
  }

  /** A track of `source` came or went; reported only while it is the source in use. */
  sourceChanged(source: RemoteView, change: 'added' | 'removed', track: MediaStreamTrack): void {
    if (source === this.#other) this.#changed(change, track);
  }

  /** A track of the call itself came or went; reported while no other source is shown. */
  ownChanged(change: 'added' | 'removed', track: MediaStreamTrack): void {
    if (!this.#other) this.#changed(change, track);
  }

  reset(): void {
    this.#other = undefined;
  }
}
