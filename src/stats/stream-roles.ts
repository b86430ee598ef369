/**
 * Which stream of a report is the main audio, the main video or the content, from what the connector knows (pure):
 * outbound by the transceiver's `mid` (the camera's is the call's first video transceiver, the presentation's its
 * own), else by the sent track; inbound by the remote track the main/content view shows (protocol.md §12).
 */
import type { StreamRole, StreamStats } from './types.js';

/** What the connector tells the normaliser about the active peer connection (see `statsRoles` in the connector). */
export interface StreamRoleHints {
  /** The camera's (main video) transceiver mid. */
  mainVideoMid?: string;
  /** The presentation's transceiver mid. */
  contentMid?: string;
  /** The tracks sent on them (a report without `mid`). */
  mainVideoTrackId?: string;
  contentTrackId?: string;
  /** Remote track ids of the main stream and of the content stream, as the remote view tells them apart. */
  inboundMainTrackIds?: string[];
  inboundContentTrackIds?: string[];
}

/** `videoIndex`: the stream's place among outbound video streams (the last resort: first is the camera). */
export function roleOfOutbound(stream: StreamStats, hints: StreamRoleHints, videoIndex: number): StreamRole {
  if (stream.mid !== undefined && (hints.mainVideoMid !== undefined || hints.contentMid !== undefined)) {
    return stream.mid === hints.contentMid ? 'content' : 'video';
  }
  if (stream.trackId !== undefined && (hints.mainVideoTrackId !== undefined || hints.contentTrackId !== undefined)) {
    return stream.trackId === hints.contentTrackId ? 'content' : 'video';
  }
  return videoIndex === 0 ? 'video' : 'content';
}

export function roleOfInbound(stream: StreamStats, hints: StreamRoleHints): StreamRole {
  return stream.trackId !== undefined && hints.inboundContentTrackIds?.includes(stream.trackId) ? 'content' : 'video';
}

/** Per second, over `ms` (0 when no time passed). */
export function rate(amount: number, ms: number): number {
  return ms > 0 && amount > 0 ? (amount * 1000) / ms : 0;
}

/** A share in percent with one decimal, 0–100. */
export function ratio(part: number, whole: number): number {
  if (whole <= 0 || part <= 0) return 0;
  return Math.min(100, Math.round((part / whole) * 1000) / 10);
}
