/**
 * The sending balancer's pure rules (docs/connector.md "Sending quality"; the reference's §5.1 and §3.14): the
 * bitrate by encoded width, what one balancing step wants on the camera sender, the scale that fits the largest size
 * the server takes, and whether a sender already has it. No timers, no I/O: the balancer (balancer.ts) acts on them.
 */
import { SPECTATOR_AUDIO_MAX_BITRATE, SPECTATOR_VIDEO_MAX_BITRATE } from '../conference/roles.js';
import type { MainCamCommand } from '../conference/types.js';
import type { BalancerParameters } from '../stats/types.js';

export interface Size {
  width: number;
  height: number;
}

/** Encoded width ≤ `width` → `maxBitrate` (bit/s); wider than the last row → {@link MAX_VIDEO_BITRATE}. */
export const BITRATE_BY_WIDTH: ReadonlyArray<{ width: number; maxBitrate: number }> = [
  { width: 64, maxBitrate: 60_000 },
  { width: 128, maxBitrate: 120_000 },
  { width: 256, maxBitrate: 250_000 },
  { width: 384, maxBitrate: 320_000 },
  { width: 426, maxBitrate: 380_000 },
  { width: 640, maxBitrate: 500_000 },
  { width: 848, maxBitrate: 700_000 },
  { width: 1280, maxBitrate: 1_000_000 },
  { width: 1920, maxBitrate: 2_000_000 },
];
export const MAX_VIDEO_BITRATE = 4_000_000;
export const MIN_VIDEO_BITRATE = 60_000;
/** AV1 needs less for the same picture. */
export const AV1_FACTOR = 0.6;
/** `PAUSEMAINCAM`: the camera is not shown, so practically nothing is sent. */
export const PAUSED_SCALE = 200;
/** What is put back on a sender when nothing better is known (the reference's restore fallbacks). */
export const RESTORE_AUDIO_BITRATE = 520_000;
export const SPECTATOR_CLAMP = { audio: SPECTATOR_AUDIO_MAX_BITRATE, video: SPECTATOR_VIDEO_MAX_BITRATE } as const;

function isAv1(codec: string | undefined): boolean {
  return codec?.toLowerCase().includes('av1') === true;
}

/** The cap for an encoded width (unknown or not positive → the codec's maximum), ×0.6 for AV1. */
export function maxBitrateForWidth(width: number | undefined, codec?: string): number {
  const row = width && width > 0 ? BITRATE_BY_WIDTH.find((r) => width <= r.width) : undefined;
  const bitrate = row?.maxBitrate ?? MAX_VIDEO_BITRATE;
  return isAv1(codec) ? Math.round(bitrate * AV1_FACTOR) : bitrate;
}

/** The restore fallback of a kind when the track's size is unknown (video: the codec's maximum). */
export function restoreBitrate(kind: 'audio' | 'video', codec?: string): number {
  return kind === 'audio' ? RESTORE_AUDIO_BITRATE : maxBitrateForWidth(undefined, codec);
}

/** `max(trackWidth / width, trackHeight / height, 1)`; 1 when the track's size or the limit is unknown. */
export function scaleToFit(track: Partial<Size> | undefined, limit: Size | undefined): number {
  if (!limit || !validSize(limit) || !track?.width || !track.height) return 1;
  return Math.max(track.width / limit.width, track.height / limit.height, 1);
}

function validSize(size: Size | undefined): size is Size {
  return size !== undefined && size.width > 0 && size.height > 0;
}

/** The last main-camera command of the server (`api:main-cam-control`). */
export interface CameraCommand {
  mainCam?: MainCamCommand;
  resolution?: Size;
}

export interface StepInput {
  command?: CameraCommand;
  /** The camera track's size (`getSettings()`), when known. */
  track?: Partial<Size>;
  /** `ConnectionConfig.maxAvailableResolution`. */
  maxAvailableResolution?: Size;
  codec?: string;
  spectator?: boolean;
  /** A stop puts back the parameters by track resolution (reason `restored`). */
  restoring?: boolean;
}

/** What one balancing step wants on the camera sender. */
export function decideParameters(input: StepInput): BalancerParameters {
  const { command, codec } = input;
  if (input.spectator) return { ...byTrack(input), maxBitrate: SPECTATOR_CLAMP.video, reason: 'spectator' };
  if (input.restoring) return { ...byTrack(input), reason: 'restored' };
  if (command?.mainCam === 'PAUSEMAINCAM')
    return { maxBitrate: maxBitrateForWidth(MIN_WIDTH, codec), scaleResolutionDownBy: PAUSED_SCALE, reason: 'paused' };
  if (command?.mainCam === 'MAXMAINCAMRESOLUTION' && validSize(command.resolution))
    return byLimit(input, command.resolution);
  return byTrack(input);
}

const MIN_WIDTH = 1;

/** By the track's own size, within `maxAvailableResolution`: the table's bitrate for the encoded width. */
function byTrack(input: StepInput): BalancerParameters {
  const scale = scaleToFit(input.track, input.maxAvailableResolution);
  const width = input.track?.width ? input.track.width / scale : undefined;
  return {
    maxBitrate: maxBitrateForWidth(width, input.codec),
    scaleResolutionDownBy: scale,
    reason: 'track-resolution',
  };
}

/**
 * The server's largest size (and `maxAvailableResolution`, whichever is smaller): the scale that fits both, the bitrate
 * for the width then encoded (the server's width while the track's size is unknown).
 */
function byLimit(input: StepInput, limit: Size): BalancerParameters {
  const scale = Math.max(scaleToFit(input.track, limit), scaleToFit(input.track, input.maxAvailableResolution));
  const width = input.track?.width ? input.track.width / scale : limit.width;
  return { maxBitrate: maxBitrateForWidth(width, input.codec), scaleResolutionDownBy: scale, reason: 'max-resolution' };
}

/**
 * The encodings a new camera or presentation sender starts with under `maxAvailableResolution` (scale `s`): none
 * → `[{scaleResolutionDownBy: s}]`; existing ones keep a larger scale of their own (`max(existing, s)`), or exactly 1
 * when `s ≤ 1` and they had none.
 */
export function resolveSendEncodings(
  encodings: RTCRtpEncodingParameters[] | undefined,
  scale: number,
): RTCRtpEncodingParameters[] | undefined {
  const s = Number.isFinite(scale) && scale > 1 ? scale : 1;
  if (!encodings?.length) return s > 1 ? [{ scaleResolutionDownBy: s }] : encodings;
  return encodings.map((e) => ({ ...e, scaleResolutionDownBy: Math.max(e.scaleResolutionDownBy ?? 1, s) }));
}

const EPSILON = 1e-3;

/** Whether any encoding of `params` differs from what `wanted` asks (bitrate exactly, scale within rounding). */
export function parametersDiffer(
  params: RTCRtpSendParameters,
  wanted: Pick<BalancerParameters, 'maxBitrate' | 'scaleResolutionDownBy'>,
): boolean {
  const encodings = params.encodings ?? [];
  return encodings.some(
    (e) =>
      e.maxBitrate !== wanted.maxBitrate ||
      Math.abs((e.scaleResolutionDownBy ?? 1) - wanted.scaleResolutionDownBy) > EPSILON,
  );
}

/** `params` with every encoding given `wanted` (the object getParameters returned, edited in place, as setParameters wants). */
export function withParameters(
  params: RTCRtpSendParameters,
  wanted: Pick<BalancerParameters, 'maxBitrate' | 'scaleResolutionDownBy'>,
): RTCRtpSendParameters {
  for (const e of params.encodings ?? []) {
    e.maxBitrate = wanted.maxBitrate;
    e.scaleResolutionDownBy = wanted.scaleResolutionDownBy;
  }
  return params;
}
