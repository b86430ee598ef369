/**
 * The presentation's sender (docs/protocol.md §11): which transceiver carries the shared track, and its caps —
 * `maxBitrate` (1 Mbit/s by default), `scaleResolutionDownBy` to fit the largest size the server takes, the
 * degradation preference — and the track's `contentHint`. Pure WebRTC, no SIP.
 */
import { applyCodecPreferences } from './local-media.js';
import type { MediaOptions } from '../types.js';
import type { PresentationOptions } from '../presentation/types.js';

export const PRESENTATION_MAX_BITRATE = 1_000_000;

/** Options with their defaults applied. */
export interface PresentationSettings {
  contentHint: NonNullable<PresentationOptions['contentHint']>;
  maxBitrate: number;
  maxResolution?: { width: number; height: number };
  degradationPreference?: PresentationOptions['degradationPreference'];
}

export function resolveSettings(
  options: PresentationOptions,
  maxAvailableResolution?: { width: number; height: number },
): PresentationSettings {
  const maxBitrate = options.maxBitrate ?? PRESENTATION_MAX_BITRATE;
  const settings: PresentationSettings = {
    contentHint: options.contentHint ?? 'detail',
    maxBitrate: Number.isFinite(maxBitrate) && maxBitrate > 0 ? maxBitrate : PRESENTATION_MAX_BITRATE,
  };
  const maxResolution = validSize(options.maxResolution) ?? validSize(maxAvailableResolution);
  if (maxResolution) settings.maxResolution = maxResolution;
  if (options.degradationPreference) settings.degradationPreference = options.degradationPreference;
  return settings;
}

function validSize(size: { width: number; height: number } | undefined): { width: number; height: number } | undefined {
  return size && size.width > 0 && size.height > 0 ? { width: size.width, height: size.height } : undefined;
}

/** `max(trackWidth / width, trackHeight / height, 1)`; 1 when the size of the track or the limit is unknown. */
export function scaleFor(track: MediaStreamTrack, max: { width: number; height: number } | undefined): number {
  if (!max) return 1;
  const { width, height } = track.getSettings();
  if (!width || !height) return 1;
  return Math.max(width / max.width, height / max.height, 1);
}

export function encodingFor(track: MediaStreamTrack, settings: PresentationSettings): RTCRtpEncodingParameters {
  return { maxBitrate: settings.maxBitrate, scaleResolutionDownBy: scaleFor(track, settings.maxResolution) };
}

export function applyHint(track: MediaStreamTrack, settings: PresentationSettings): void {
  try {
    track.contentHint = settings.contentHint;
  } catch {
    // Not every browser lets every hint be set; the stream still flows.
  }
}

/** Puts the caps on every encoding of `sender` (nothing to do while it has none: the next call after negotiation sets them). */
export async function capSender(
  sender: RTCRtpSender,
  track: MediaStreamTrack,
  settings: PresentationSettings,
): Promise<void> {
  const params = sender.getParameters() as RTCRtpSendParameters & { degradationPreference?: string };
  if (!params.encodings?.length) return;
  const encoding = encodingFor(track, settings);
  for (const e of params.encodings) Object.assign(e, encoding);
  if (settings.degradationPreference) params.degradationPreference = settings.degradationPreference;
  await sender.setParameters(params);
}

/**
 * Puts `track` on a sender, in this order: the transceiver a previous presentation of this call used (replaceTrack);
 * else a video transceiver that only receives (`currentDirection` `recvonly`, no track) other than the main camera's;
 * else a new `sendrecv` transceiver. Returns the transceiver; idempotent (a 491 retry calls it again).
 */
export async function attachTrack(
  pc: RTCPeerConnection,
  track: MediaStreamTrack,
  previous: RTCRtpTransceiver | undefined,
  main: RTCRtpTransceiver | undefined,
  settings: PresentationSettings,
  media: MediaOptions,
): Promise<RTCRtpTransceiver> {
  const live = pc.getTransceivers();
  const reuse =
    previous && live.includes(previous) && previous.currentDirection !== 'stopped'
      ? previous
      : receiveOnlyVideo(live, main);
  if (reuse) {
    await reuse.sender.replaceTrack(track);
    reuse.sender.setStreams?.(new MediaStream([track]));
    if (reuse.direction !== 'sendrecv') reuse.direction = 'sendrecv';
    return reuse;
  }
  const transceiver = pc.addTransceiver(track, {
    direction: 'sendrecv',
    streams: [new MediaStream([track])],
    sendEncodings: [encodingFor(track, settings)],
  });
  applyCodecPreferences(transceiver, media);
  media.onAddedTransceiver?.(transceiver, track);
  return transceiver;
}

function receiveOnlyVideo(
  transceivers: RTCRtpTransceiver[],
  main: RTCRtpTransceiver | undefined,
): RTCRtpTransceiver | undefined {
  return transceivers.find(
    (t) =>
      t !== main &&
      t.receiver.track.kind === 'video' &&
      t.currentDirection === 'recvonly' &&
      !t.sender.track &&
      t.direction !== 'stopped',
  );
}
