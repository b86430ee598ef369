/**
 * Swapping one local track of a call for another with `replaceTrack` (no renegotiation): the camera on the call's
 * main video sender (never the presentation's), the microphone on the sender that carries it. The local stream is
 * updated in place, so whoever holds it (the app, an element, a redial) sees the track that is sent.
 */
import { InvalidStateError } from '../errors.js';

export interface CallMedia {
  peerConnection: RTCPeerConnection;
  /** The call's local stream (edited in place). */
  stream: MediaStream;
  /** The main camera sender (`senders.mainVideo`). */
  mainVideo?: RTCRtpSender;
  /** The presentation's transceiver: never touched. */
  presentation?: RTCRtpTransceiver;
}

/** Puts `next` on the main sender of its kind and into the stream in place of the old track; returns the old one. */
export async function swapLocalTrack(media: CallMedia, next: MediaStreamTrack): Promise<MediaStreamTrack | undefined> {
  const kind = next.kind as 'audio' | 'video';
  const old = media.stream.getTracks().find((t) => t.kind === kind);
  const sender = kind === 'video' ? media.mainVideo : audioSender(media, old);
  if (!sender || sender === media.presentation?.sender)
    throw new InvalidStateError(`The call has no ${kind} sender to switch`);
  await sender.replaceTrack(next);
  if (old) media.stream.removeTrack(old);
  media.stream.addTrack(next);
  return old;
}

function audioSender(media: CallMedia, old: MediaStreamTrack | undefined): RTCRtpSender | undefined {
  const live = media.peerConnection
    .getTransceivers()
    .filter((t) => t !== media.presentation && t.currentDirection !== 'stopped');
  const carrying = old && live.find((t) => t.sender.track === old);
  return (carrying ?? live.find((t) => t.receiver.track.kind === 'audio'))?.sender;
}
