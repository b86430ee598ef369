/**
 * Builds the local side of a peer connection from a MediaStream: one transceiver per local track,
 * audio first, directions, send encodings, degradation preference, content hint and codec preferences.
 * Pure WebRTC, no SIP.
 */
import type { MediaDirection, MediaOptions } from '../types.js';

type Kind = 'audio' | 'video';

/** Audio tracks first, then video (the order Vinteo expects for m-lines). */
export function orderedTracks(stream: MediaStream | undefined): MediaStreamTrack[] {
  if (!stream) return [];
  return [...stream.getAudioTracks(), ...stream.getVideoTracks()];
}

export function directionFor(kind: Kind, options: MediaOptions): MediaDirection {
  return (kind === 'audio' ? options.directionAudio : options.directionVideo) ?? 'sendrecv';
}

/** Whether a direction sends local media. */
export function sends(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

function wantsReceive(kind: Kind, options: MediaOptions): boolean {
  return (kind === 'audio' ? options.offerToReceiveAudio : options.offerToReceiveVideo) !== false;
}

/** Sorts codecs: preferred mime types first (in their order), excluded ones removed. */
export function orderCodecs<T extends { mimeType: string }>(
  codecs: T[],
  preferred: string[] = [],
  excluded: string[] = [],
): T[] {
  const lower = (s: string) => s.toLowerCase();
  const pref = preferred.map(lower);
  const excl = new Set(excluded.map(lower));
  const rank = (c: T) => {
    const i = pref.indexOf(lower(c.mimeType));
    return i === -1 ? pref.length : i;
  };
  return codecs.filter((c) => !excl.has(lower(c.mimeType))).sort((a, b) => rank(a) - rank(b));
}

/** Applies codec preferences to a video transceiver (sender ∩ receiver capabilities). */
export function applyCodecPreferences(transceiver: RTCRtpTransceiver, options: MediaOptions): void {
  if (!options.preferredVideoCodecs?.length && !options.excludedVideoCodecs?.length) return;
  const caps = globalThis.RTCRtpReceiver?.getCapabilities?.('video')?.codecs;
  const sendCaps = globalThis.RTCRtpSender?.getCapabilities?.('video')?.codecs;
  if (!caps || !sendCaps || typeof transceiver.setCodecPreferences !== 'function') return;
  const common = caps.filter((c) => sendCaps.some((s) => s.mimeType === c.mimeType && s.sdpFmtpLine === c.sdpFmtpLine));
  const ordered = orderCodecs(common, options.preferredVideoCodecs, options.excludedVideoCodecs);
  if (ordered.length) transceiver.setCodecPreferences(ordered);
}

export function applyContentHint(track: MediaStreamTrack, options: MediaOptions): void {
  if (track.kind === 'video' && options.contentHint !== undefined) track.contentHint = options.contentHint;
}

/** Sets `degradationPreference` on a sender when asked (best effort: not every browser supports it). */
export async function applyDegradation(sender: RTCRtpSender, options: MediaOptions): Promise<void> {
  if (!options.degradationPreference || !sender.track || sender.track.kind !== 'video') return;
  try {
    const params = sender.getParameters() as RTCRtpSendParameters & { degradationPreference?: string };
    params.degradationPreference = options.degradationPreference;
    await sender.setParameters(params);
  } catch {
    // Browsers that do not support it keep their default; not worth failing a call for.
  }
}

function transceiverInit(track: MediaStreamTrack, stream: MediaStream, options: MediaOptions): RTCRtpTransceiverInit {
  const init: RTCRtpTransceiverInit = { direction: directionFor(track.kind as Kind, options), streams: [stream] };
  if (track.kind === 'video' && options.sendEncodings?.length) init.sendEncodings = options.sendEncodings;
  return init;
}

/** Offerer side: adds a transceiver per local track (audio first) and recvonly ones for missing kinds. */
export function addLocalTransceivers(
  pc: RTCPeerConnection,
  stream: MediaStream | undefined,
  options: MediaOptions,
): RTCRtpTransceiver[] {
  const added: RTCRtpTransceiver[] = [];
  for (const kind of ['audio', 'video'] as const) {
    const sending = sends(directionFor(kind, options));
    const tracks = sending ? orderedTracks(stream).filter((t) => t.kind === kind) : [];
    for (const track of tracks) {
      applyContentHint(track, options);
      const transceiver = pc.addTransceiver(track, transceiverInit(track, stream as MediaStream, options));
      added.push(transceiver);
      notifyAdded(transceiver, track, options);
    }
    if (!tracks.length && wantsReceive(kind, options)) added.push(addReceiveOnly(pc, kind, options));
  }
  return added;
}

function addReceiveOnly(pc: RTCPeerConnection, kind: Kind, options: MediaOptions): RTCRtpTransceiver {
  const transceiver = pc.addTransceiver(kind, { direction: 'recvonly' });
  notifyAdded(transceiver, undefined, options);
  return transceiver;
}

function notifyAdded(transceiver: RTCRtpTransceiver, track: MediaStreamTrack | undefined, options: MediaOptions): void {
  if (transceiver.receiver.track.kind === 'video') applyCodecPreferences(transceiver, options);
  if (track) void applyDegradation(transceiver.sender, options);
  options.onAddedTransceiver?.(transceiver, track);
}

/** A transceiver of `kind` negotiated by the remote offer whose sender carries nothing yet. */
export function freeTransceiver(
  pc: RTCPeerConnection,
  kind: string,
  taken: Set<RTCRtpTransceiver>,
): RTCRtpTransceiver | undefined {
  return pc
    .getTransceivers()
    .find(
      (t) =>
        !taken.has(t) &&
        t.mid !== null &&
        t.receiver.track.kind === kind &&
        !t.sender.track &&
        t.currentDirection !== 'stopped',
    );
}

/** Answerer side: puts local tracks on the transceivers the remote offer created. */
export async function attachToOfferedTransceivers(
  pc: RTCPeerConnection,
  stream: MediaStream | undefined,
  options: MediaOptions,
): Promise<void> {
  const taken = new Set<RTCRtpTransceiver>();
  for (const track of orderedTracks(stream)) {
    const direction = directionFor(track.kind as Kind, options);
    const transceiver = sends(direction) ? freeTransceiver(pc, track.kind, taken) : undefined;
    if (!transceiver) continue;
    taken.add(transceiver);
    applyContentHint(track, options);
    await transceiver.sender.replaceTrack(track);
    transceiver.sender.setStreams?.(stream as MediaStream);
    transceiver.direction = direction;
    notifyAdded(transceiver, track, options);
  }
}
