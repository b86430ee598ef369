/**
 * The calls' WebRTC side as the call manager sees it: the SessionDescriptionHandler factory given to the UserAgent
 * (one media handler per sip.js session) and the remote tracks shown for the call (its own, or another source's
 * such as the spectator's receive-only session). Emits nothing itself: `onRemoteChange` reports to the manager.
 */
import type { Session, SessionDescriptionHandler } from 'sip.js';
import type { MediaOptions } from '../types.js';
import { MediaHandler } from '../media/media-handler.js';
import type { RemoteGroup } from '../media/remote-tracks.js';
import { RemoteSource, type RemoteView } from '../media/remote-source.js';

export interface CallMediaHooks {
  config: () => { iceServers?: RTCIceServer[]; iceGatheringTimeoutMs?: number } | undefined;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  /** The media options of the call that owns `session` (none once it is not the current call). */
  mediaOptions: (session: Session) => MediaOptions;
  /** ICE of `session`'s peer connection failed. */
  onConnectionFailed: (session: Session) => void;
  /** Negotiating `session`'s media failed. */
  onNegotiationFailed: (session: Session, error: unknown) => void;
  /** sip.js created `session`'s media handler (an outgoing call's after it was adopted, an incoming one's before). */
  onHandler: (session: Session, handler: MediaHandler) => void;
  /** A remote track of the source in use came or went. */
  onRemoteChange: (change: 'added' | 'removed', track: MediaStreamTrack) => void;
}

export class CallMedia {
  #hooks: CallMediaHooks;
  #handlers = new WeakMap<Session, MediaHandler>();
  #current: () => MediaHandler | undefined;
  #remote: RemoteSource;

  constructor(hooks: CallMediaHooks, currentHandler: () => MediaHandler | undefined) {
    this.#hooks = hooks;
    this.#current = currentHandler;
    this.#remote = new RemoteSource(() => this.#current()?.remote, hooks.onRemoteChange);
  }

  /** The SessionDescriptionHandler factory given to the UserAgent. */
  readonly sdhFactory = (session: Session): SessionDescriptionHandler => {
    const config = this.#hooks.config();
    const hooks = this.#hooks;
    const handler = new MediaHandler({
      iceServers: config?.iceServers ?? [],
      iceGatheringTimeoutMs: config?.iceGatheringTimeoutMs ?? 1000,
      createPeerConnection: hooks.createPeerConnection,
      hooks: {
        mediaOptions: () => hooks.mediaOptions(session),
        onRemoteTracksChanged: (change, track) => this.#remote.ownChanged(change, track),
        onConnectionFailed: () => hooks.onConnectionFailed(session),
        onNegotiationFailed: (error) => hooks.onNegotiationFailed(session, error),
      },
    });
    this.#handlers.set(session, handler);
    hooks.onHandler(session, handler);
    return handler;
  };

  /** The media handler sip.js created for `session` (once it asked for one). */
  handlerOf(session: Session): MediaHandler | undefined {
    return this.#handlers.get(session);
  }

  get remoteTracks(): MediaStreamTrack[] {
    return this.#remote.tracks;
  }
  get remoteStreams(): MediaStream[] {
    return this.#remote.streams;
  }
  /** The remote streams with their names, and whether they come from another source (the spectator's session). */
  get remoteGroups(): { groups: RemoteGroup[]; otherSource: boolean } {
    return this.#remote.groups;
  }

  /** Shows another source's remote tracks instead of the call's (undefined: the call's again). */
  useRemoteSource(source: RemoteView | undefined): void {
    this.#remote.use(source);
  }

  /** A track of `source` came or went; reported only while it is the source in use. */
  remoteSourceChanged(source: RemoteView, change: 'added' | 'removed', track: MediaStreamTrack): void {
    this.#remote.sourceChanged(source, change, track);
  }

  /** The call ended: no remote tracks until the next one. */
  reset(): void {
    this.#remote.reset();
  }
}
