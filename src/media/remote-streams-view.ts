/**
 * Which remote stream is the conference (main) and which the shared content (docs/protocol.md §12). A participant's
 * content is the stream whose stream id, track id, label or msid track id contains `dual` (else, as in the reference,
 * another stream with video: a peer's presentation in a direct P2P call carries no `dual`); a spectator's receive-only
 * session names them `default` and `content_{codec}`. Content is shown only while the server says it is available
 * (between YOUCANRECEIVECONTENT and CONTENTEND).
 */
import type { RemoteGroup } from './remote-tracks.js';
import type { ConferenceSnapshot } from '../conference/types.js';
import type { RemoteStreamsView } from '../presentation/types.js';

export interface ViewInput {
  groups: RemoteGroup[];
  /** The streams come from the spectator's receive-only session. */
  spectator: boolean;
  content: ConferenceSnapshot['content'];
}

const isDual = (group: RemoteGroup) => group.names.some((name) => name.toLowerCase().includes('dual'));
const named = (group: RemoteGroup, name: string) => group.names.some((n) => n.toLowerCase() === name);

export function computeView({ groups, spectator, content }: ViewInput): RemoteStreamsView {
  const view: RemoteStreamsView = {};
  const main = spectator ? groups.find((g) => named(g, 'default')) : groups.find((g) => !isDual(g));
  if (main) view.main = main.stream;
  if (!content.available) return view;
  const contentGroup = spectator
    ? content.codec && groups.find((g) => named(g, `content_${content.codec?.toLowerCase()}`))
    : (groups.find((g) => g !== main && isDual(g)) ??
      groups.find((g) => g !== main && g.stream.getVideoTracks().length > 0));
  if (!contentGroup) return view;
  view.content = contentGroup.stream;
  if (content.codec) view.contentCodec = content.codec;
  return view;
}

/** Same (main, content) pair. */
export function samePair(a: RemoteStreamsView, b: RemoteStreamsView): boolean {
  return a.main === b.main && a.content === b.content;
}

export interface ViewSource {
  remoteGroups(): { groups: RemoteGroup[]; otherSource: boolean };
  content(): ConferenceSnapshot['content'];
}

/** Keeps the current main/content view and reports it when the pair changes. */
export class RemoteViewTracker {
  #view: RemoteStreamsView = {};
  readonly #source: ViewSource;
  readonly #onChange: (view: RemoteStreamsView) => void;

  constructor(source: ViewSource, onChange: (view: RemoteStreamsView) => void) {
    this.#source = source;
    this.#onChange = onChange;
  }

  get view(): RemoteStreamsView {
    return { ...this.#view };
  }

  /** Recomputes the view (remote tracks, the conference's content or the receive-only session changed). */
  refresh(): void {
    const { groups, otherSource } = this.#source.remoteGroups();
    const next = computeView({ groups, spectator: otherSource, content: this.#source.content() });
    const changed = !samePair(next, this.#view);
    this.#view = next;
    if (changed) this.#onChange({ ...next });
  }
}
