/**
 * One SIP dialog with its media: in-dialog INFO both ways, DTMF, renegotiation through the offer queue,
 * stream replacement and mute. Created by the CallManager for each outgoing or incoming call.
 */
import type { Info, Session } from 'sip.js';
import { SessionState } from 'sip.js';
import { InvalidStateError, MediaError, VinteoError } from '../errors.js';
import type {
  CallBehaviour,
  DtmfOptions,
  InfoMessage,
  InfoResponse,
  MediaOptions,
  ReplaceStreamOptions,
} from '../types.js';
import { headersOf, isValidHeaderLine } from '../util/headers.js';
import { delay } from '../util/wait.js';
import { DTMF_RELAY, dtmfRelayBody, parseDtmfRelay, parseTones } from './dtmf.js';
import { CallRejectedError } from '../errors.js';
import { swapLocalTrack } from '../media/call-tracks.js';
import { applyContentHint, directionFor, sends } from '../media/local-media.js';
import type { MediaHandler } from '../media/media-handler.js';
import { KeyFrameWatchdog, MEDIA_CONTROL, PICTURE_FAST_UPDATE } from '../media/keyframe-watchdog.js';
import { OfferQueue, RequestPendingError } from './offer-queue.js';
import type { StatsFeed } from '../stats/types.js';

export interface CallSessionEvents {
  onInfo(message: InfoMessage): void;
  onDtmf(tone: string, duration: number, originator: 'local' | 'remote'): void;
  onRenegotiated(initiator: 'local' | 'remote'): void;
  onKeyFrameRequested(reason: 'no-frames' | 'stalled' | 'manual'): void;
  /** The local stream sent changed (replaced, or one of its tracks swapped). */
  onLocalStreamChanged(stream: MediaStream): void;
}

export class CallSession {
  readonly session: Session;
  readonly queue = new OfferQueue();
  media: MediaOptions & CallBehaviour;
  #events: CallSessionEvents;
  #handler?: MediaHandler;
  #watchdog?: KeyFrameWatchdog;
  /** Resolves while signalling is up; while reconnecting it waits (bounded) or rejects with a typed error. */
  #ready: () => Promise<void>;

  constructor(
    session: Session,
    media: MediaOptions & CallBehaviour,
    events: CallSessionEvents,
    ready: () => Promise<void> = () => Promise.resolve(),
  ) {
    this.session = session;
    this.media = media;
    this.#events = events;
    this.#ready = ready;
    session.delegate = {
      onInfo: (info) => this.#onInfo(info),
      onInvite: () => queueMicrotask(() => this.#events.onRenegotiated('remote')),
    };
  }

  get handler(): MediaHandler | undefined {
    return this.#handler;
  }

  set handler(handler: MediaHandler | undefined) {
    this.#handler = handler;
  }

  /** Sends an in-dialog INFO; resolves on 2xx, rejects with `info-rejected` otherwise. Waits while reconnecting. */
  async sendInfo(contentType: string, body = '', headers: string[] = []): Promise<InfoResponse> {
    if (!isValidHeaderLine(`Content-Type: ${contentType}`) || !contentType.trim()) {
      throw new VinteoError('invalid-argument', 'contentType must be a MIME type');
    }
    if (!headers.every(isValidHeaderLine)) {
      throw new VinteoError('invalid-argument', 'headers must be "Name: value" strings without line breaks');
    }
    await this.#ready();
    return new Promise((resolve, reject) => {
      const requestOptions = body
        ? { extraHeaders: headers, body: { contentDisposition: 'render', contentType, content: body } }
        : { extraHeaders: [`Content-Type: ${contentType}`, ...headers] };
      this.session
        .info({
          requestOptions,
          requestDelegate: {
            onAccept: (r) =>
              resolve({ statusCode: r.message.statusCode ?? 200, reasonPhrase: r.message.reasonPhrase ?? '' }),
            onReject: (r) => reject(infoRejected(r.message.statusCode ?? 0, r.message.reasonPhrase ?? '')),
          },
        })
        .catch((error: unknown) => reject(new InvalidStateError('The call cannot send INFO now', { cause: error })));
    });
  }

  async sendDtmf(tones: string, options: DtmfOptions = {}): Promise<void> {
    const list = parseTones(tones);
    const duration = clamp(options.duration ?? 120, 40, 6000);
    if (options.mode === 'rfc4733') return this.#sendRtpDtmf(list, duration, clamp(options.gap ?? 100, 30, 6000));
    const gap = clamp(options.gap ?? 600, 0, 10_000);
    for (const [index, tone] of list.entries()) {
      if (index > 0) await delay(gap);
      await this.sendInfo(DTMF_RELAY, dtmfRelayBody(tone, duration));
      this.#events.onDtmf(tone, duration, 'local');
    }
  }

  /** Re-INVITE through the queue. `iceRestart` asks for new ICE credentials. */
  renegotiate(options: { iceRestart?: boolean } = {}): Promise<void> {
    return this.queue.run(() => this.#reinvite(options));
  }

  /**
   * One offer job: `prepare` (attach or change media) then a re-INVITE, with no other offer in between. On a 491 the
   * whole job is retried, so `prepare` must be idempotent.
   */
  offer(prepare: () => Promise<void>): Promise<void> {
    return this.queue.run(async () => {
      await prepare();
      await this.#reinvite({});
    });
  }

  /** A server-requested media restart: `videoReceivers` video lines at least, then a re-INVITE with an ICE restart (one job). */
  restartMedia(options: { videoReceivers?: number } = {}): Promise<void> {
    return this.queue.run(async () => {
      if (options.videoReceivers) this.#handler?.ensureVideoReceivers(options.videoReceivers);
      await this.#reinvite({ iceRestart: true });
    });
  }

  setTrackEnabled(kind: 'audio' | 'video', enabled: boolean): void {
    for (const track of this.media.mediaStream?.getTracks() ?? []) if (track.kind === kind) track.enabled = enabled;
  }

  /** Swaps local tracks with replaceTrack; re-INVITEs only when a track starts or stops being sent (e.g. a second video). */
  replaceStream(stream: MediaStream, options: ReplaceStreamOptions = {}): Promise<void> {
    return this.queue.run(async () => {
      const pc = this.#requirePc();
      const previous = this.media.mediaStream;
      const merged: MediaOptions = { ...this.media, ...options, mediaStream: stream };
      let renegotiate = options.forceRenegotiation === true;
      const presentation = this.#handler?.presentationTransceiver;
      for (const kind of ['audio', 'video'] as const)
        renegotiate = (await swapKind(pc, kind, stream, merged, presentation)) || renegotiate;
      this.media = merged;
      if (renegotiate) await this.#reinvite({});
      if (options.stopReplaced !== false) stopTracksNotIn(previous, stream);
      this.#events.onLocalStreamChanged(stream);
    });
  }

  /** Puts `track` on the main sender of its kind with `replaceTrack` (no re-INVITE); the local stream is edited in place. */
  swapTrack(track: MediaStreamTrack): Promise<MediaStreamTrack | undefined> {
    return this.queue.run(async () => {
      const { peerConnection, senders, presentationTransceiver } = this.#requireHandler();
      const stream = this.media.mediaStream;
      if (!stream) throw new InvalidStateError('The call has no local media to switch');
      const old = await swapLocalTrack(
        { peerConnection, stream, mainVideo: senders.mainVideo, presentation: presentationTransceiver },
        track,
      );
      this.#events.onLocalStreamChanged(stream);
      return old;
    });
  }

  /** RFC 5168: asks the far end for a video key frame. */
  async requestKeyFrame(): Promise<void> {
    this.#events.onKeyFrameRequested('manual');
    await this.sendInfo(MEDIA_CONTROL, PICTURE_FAST_UPDATE);
  }

  /** Starts asking for key frames while remote video decodes nothing (unless `requestKeyFrames: false`); `feed`: read the stats collector. */
  startKeyFrameWatchdog(feed?: StatsFeed): void {
    const pc = this.#handler?.peerConnection;
    if (!pc || this.media.requestKeyFrames === false || this.#watchdog) return;
    this.#watchdog = new KeyFrameWatchdog({
      pc,
      feed,
      onRequested: (reason) => this.#events.onKeyFrameRequested(reason),
      request: () => this.sendInfo(MEDIA_CONTROL, PICTURE_FAST_UPDATE).catch(() => this.#watchdog?.stop()),
    });
    this.#watchdog.start();
  }

  close(): void {
    this.#watchdog?.stop();
    this.queue.close();
  }

  async #reinvite(options: { iceRestart?: boolean }): Promise<void> {
    await this.#ready();
    await new Promise<void>((resolve, reject) => {
      this.session
        .invite({
          sessionDescriptionHandlerOptions: { iceRestart: options.iceRestart === true } as never,
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (r) =>
              reject(
                r.message.statusCode === 491 ? new RequestPendingError() : reinviteRejected(r.message.statusCode ?? 0),
              ),
          },
        })
        .catch((error: unknown) => reject(isGlare(error) ? new RequestPendingError() : error));
    });
    this.#events.onRenegotiated('local');
  }

  #sendRtpDtmf(tones: string[], duration: number, gap: number): Promise<void> {
    if (!this.#handler?.sendDtmf(tones.join(''), { duration, interToneGap: gap })) {
      return Promise.reject(new MediaError('RFC 4733 DTMF needs an audio sender that supports telephone-event'));
    }
    for (const tone of tones) this.#events.onDtmf(tone, duration, 'local');
    return delay(tones.length * (duration + gap));
  }

  #onInfo(info: Info): void {
    void info.accept().catch(() => undefined);
    const request = info.request;
    const contentType = (request.getHeader('Content-Type') ?? '').trim();
    const body = request.body ?? '';
    if (contentType.toLowerCase().startsWith(DTMF_RELAY)) {
      const dtmf = parseDtmfRelay(body);
      if (dtmf) this.#events.onDtmf(dtmf.tone, dtmf.duration, 'remote');
    }
    this.#events.onInfo({ contentType, headers: headersOf(request as never), body });
  }

  #requirePc(): RTCPeerConnection {
    return this.#requireHandler().peerConnection;
  }

  #requireHandler(): MediaHandler {
    const handler = this.#handler;
    if (!handler || handler.closed) throw new InvalidStateError('The call has no media session');
    return handler;
  }
}

/**
 * Gives the kind's live transceivers the stream's tracks of that kind, in order; tracks beyond them get new
 * transceivers. The presentation's transceiver is never touched. True when the SDP must be renegotiated.
 */
async function swapKind(
  pc: RTCPeerConnection,
  kind: 'audio' | 'video',
  stream: MediaStream,
  options: MediaOptions,
  presentation?: RTCRtpTransceiver,
): Promise<boolean> {
  const tracks = sends(directionFor(kind, options)) ? stream.getTracks().filter((t) => t.kind === kind) : [];
  const transceivers = pc
    .getTransceivers()
    .filter(
      (t) => t !== presentation && t.mid !== null && t.receiver.track.kind === kind && t.currentDirection !== 'stopped',
    );
  let renegotiate = false;
  for (const [i, transceiver] of transceivers.entries())
    renegotiate = (await swapTrack(transceiver, tracks[i], stream, options)) || renegotiate;
  for (const track of tracks.slice(transceivers.length))
    renegotiate = addTransceiver(pc, track, stream, options) || renegotiate;
  return renegotiate;
}

async function swapTrack(
  transceiver: RTCRtpTransceiver,
  track: MediaStreamTrack | undefined,
  stream: MediaStream,
  options: MediaOptions,
): Promise<boolean> {
  if (track) applyContentHint(track, options);
  await transceiver.sender.replaceTrack(track ?? null);
  transceiver.sender.setStreams?.(stream);
  const direction = track ? 'sendrecv' : 'recvonly';
  if (transceiver.direction === direction) return false;
  transceiver.direction = direction;
  return true;
}

function addTransceiver(
  pc: RTCPeerConnection,
  track: MediaStreamTrack,
  stream: MediaStream,
  options: MediaOptions,
): boolean {
  applyContentHint(track, options);
  const transceiver = pc.addTransceiver(track, { direction: 'sendrecv', streams: [stream] });
  options.onAddedTransceiver?.(transceiver, track);
  return true;
}

/**
 * Our re-INVITE met one in progress: sip.js's own "request pending", or its dialog refusing to start a re-INVITE
 * while the far end's re-INVITE server transaction is open. Both are retried like a 491 (RFC 3261 §14.1).
 */
function isGlare(error: unknown): boolean {
  return error instanceof Error && (error.name === 'RequestPendingError' || /ongoing re-INVITE/i.test(error.message));
}

function stopTracksNotIn(previous: MediaStream | undefined, next: MediaStream): void {
  const keep = new Set(next.getTracks().map((t) => t.id));
  for (const track of previous?.getTracks() ?? []) if (!keep.has(track.id)) track.stop();
}

function infoRejected(status: number, reason: string): VinteoError {
  return new CallRejectedError('info-rejected', `INFO refused: ${status} ${reason}`.trim(), { statusCode: status });
}

function reinviteRejected(status: number): VinteoError {
  return new CallRejectedError('rejected', `Renegotiation refused: ${status}`, { statusCode: status });
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

/** CANCEL while the INVITE is pending, BYE once established, reject if still an unanswered invitation. */
export async function endSession(session: Session): Promise<void> {
  if (session.state === SessionState.Established) {
    await session.bye();
    return;
  }
  if (session.state === SessionState.Terminated || session.state === SessionState.Terminating) return;
  const withCancel = session as Session & { cancel?: () => Promise<void>; reject?: () => Promise<void> };
  if (typeof withCancel.cancel === 'function') await withCancel.cancel();
  else if (typeof withCancel.reject === 'function') await withCancel.reject();
}
