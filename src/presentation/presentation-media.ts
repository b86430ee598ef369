/**
 * The media steps of our presentation: getting the screen track, putting it on its own sender (never the camera's
 * transceiver), capping it, and taking it off again. The presentation manager sequences them (docs/protocol.md §11).
 */
import type { CallSession } from '../call/call-session.js';
import { CallRejectedError, InvalidStateError, VinteoError, toVinteoError } from '../errors.js';
import { captureScreen, type ScreenSource } from '../media/capture.js';
import { attachTrack, capSender, type PresentationSettings } from '../media/sender-params.js';
import type { PresentationHandshake } from './types.js';

/** The presentation in progress. */
export interface Current {
  session: CallSession;
  handshake: PresentationHandshake;
  track: MediaStreamTrack;
  settings: PresentationSettings;
  /** The track is on a sender (so it is ours to stop). */
  attached: boolean;
  /** We opened the track (getDisplayMedia): ours to stop on any failure. */
  owned: boolean;
  /** The app's track is handed over (`stopTrack`, default true): stopped once it was attached and is taken off. */
  handedOver: boolean;
}

/** Whether taking `track` off the sender stops it: ours always, the app's only when handed over. */
export function stopsOnRelease(current: Current): boolean {
  return current.owned || (current.attached && current.handedOver);
}

/** The track to share: the app's, or one we capture (stopped at once when the start went stale meanwhile). */
export async function acquireTrack(
  given: MediaStreamTrack | undefined,
  source: ScreenSource | undefined,
  stale: () => boolean,
): Promise<{ track: MediaStreamTrack; owned: boolean }> {
  if (given) return { track: given, owned: false };
  const track = await captureScreen(source);
  if (stale()) track.stop();
  return { track, owned: true };
}

/** Puts the track on the presentation's transceiver (added once, reused after) and caps it. */
export async function attachPresentation(current: Current): Promise<void> {
  const handler = current.session.handler;
  if (!handler || handler.closed) throw new InvalidStateError('The call has no media session');
  const transceiver = await attachTrack(
    handler.peerConnection,
    current.track,
    handler.presentationTransceiver,
    handler.mainVideoTransceiver,
    current.settings,
    current.session.media,
  );
  handler.presentationTransceiver = transceiver;
  current.attached = true;
  await capSender(transceiver.sender, current.track, current.settings).catch(() => undefined);
}

export function presentationSender(current: Current): RTCRtpSender {
  const sender = current.session.handler?.presentationTransceiver?.sender;
  if (!sender) throw new InvalidStateError('The presentation has no sender');
  return sender;
}

/** The caps again once negotiated (encodings exist now). */
export function capPresentation(current: Current): Promise<void> {
  return capSender(presentationSender(current), current.track, current.settings);
}

/** Takes the track off its sender (the m-line stays) and stops it. */
export async function releasePresentation(current: Current): Promise<void> {
  const sender = current.session.handler?.presentationTransceiver?.sender;
  if (stopsOnRelease(current)) current.track.stop();
  if (current.attached && sender?.track === current.track) await sender.replaceTrack(null).catch(() => undefined);
}

export class CallEnded extends InvalidStateError {
  constructor() {
    super('The call ended');
  }
}

/** A promise that rejects with CallEnded when `end()` is called. */
export function callOver(): { promise: Promise<never>; end(): void } {
  let end!: () => void;
  const promise = new Promise<never>((_resolve, reject) => {
    end = () => reject(new CallEnded());
  });
  promise.catch(() => undefined);
  return { promise, end };
}

/** The server answered the INFO with a non-2xx. */
export function isRefusal(error: unknown): boolean {
  return error instanceof CallRejectedError && error.code === 'info-rejected';
}

export function refusedOr(error: unknown): VinteoError {
  if (!isRefusal(error)) return toVinteoError(error);
  const rejected = error as CallRejectedError;
  return new VinteoError(
    'presentation-refused',
    `The server refused the presentation (${rejected.statusCode ?? '?'})`,
    { cause: error, statusCode: rejected.statusCode },
  );
}
