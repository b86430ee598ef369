/**
 * The stats collector's view of the connector's media (a port built by the composition root): the receive-only
 * session's peer connection while it is active, else the confirmed call's; what tells their streams apart (the
 * camera's and the presentation's transceivers, the remote main/content view).
 */
import type { CallManager } from '../call/call-manager.js';
import type { ConferenceManager } from '../conference/conference-manager.js';
import type { RemoteViewTracker } from '../media/remote-streams-view.js';
import type { StatsSourcePort } from './stats-hub.js';

/** What the stats collector polls: the receive-only session while it is active, else the confirmed call. */
export function statsSource(
  calls: CallManager,
  conference: ConferenceManager,
  view: RemoteViewTracker,
  listening: () => boolean,
  collecting?: () => boolean,
): StatsSourcePort {
  const trackIds = (stream?: MediaStream) => stream?.getTracks().map((t) => t.id) ?? [];
  return {
    active: () => {
      const recv = conference.recvPeerConnection;
      if (recv) return { pc: recv, source: 'recv-session' };
      const pc = calls.state === 'active' ? calls.handler?.peerConnection : undefined;
      return pc && { pc, source: 'call' };
    },
    roles: (pc) => {
      const handler = calls.handler?.peerConnection === pc ? calls.handler : undefined;
      const main = handler?.mainVideoTransceiver;
      const content = handler?.presentationTransceiver;
      const { main: mainStream, content: contentStream } = view.view;
      return {
        mainVideoMid: main?.mid ?? undefined,
        contentMid: content?.mid ?? undefined,
        mainVideoTrackId: main?.sender.track?.id,
        contentTrackId: content?.sender.track?.id,
        inboundMainTrackIds: trackIds(mainStream),
        inboundContentTrackIds: trackIds(contentStream),
      };
    },
    listening,
    collecting,
  };
}
