/**
 * Our sip.js SessionDescriptionHandler. Unlike sip.js's default handler it owns transceivers (one per local
 * track, audio first), keeps every remote track (so camera and presentation can play side by side), waits for
 * ICE gathering with a bounded timeout (and, with no ICE servers, only until every transport has a host UDP
 * candidate), and reports remote-track and ICE changes through hooks.
 */
import type {
  BodyAndContentType,
  SessionDescriptionHandler,
  SessionDescriptionHandlerModifier,
  SessionDescriptionHandlerOptions,
} from 'sip.js';
import type { MediaOptions } from '../types.js';
import { addLocalTransceivers, attachToOfferedTransceivers } from './local-media.js';
import { RemoteTracks } from './remote-tracks.js';

export interface MediaHandlerHooks {
  /** Media options of the call (stream, directions, codecs …) read when local media is first attached. */
  mediaOptions(): MediaOptions;
  onRemoteTracksChanged(change: 'added' | 'removed', track: MediaStreamTrack): void;
  /** ICE/DTLS failed for good. */
  onConnectionFailed(): void;
  /** The far end's SDP could not be applied (sip.js then ends the call). */
  onNegotiationFailed(error: unknown): void;
}

export interface MediaHandlerConfig {
  iceServers: RTCIceServer[];
  iceGatheringTimeoutMs: number;
  hooks: MediaHandlerHooks;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
}

/** Options sip.js passes through from `invite({sessionDescriptionHandlerOptions})`. */
export interface VinteoSdhOptions extends SessionDescriptionHandlerOptions {
  iceRestart?: boolean;
}

export class MediaHandler implements SessionDescriptionHandler {
  readonly peerConnection: RTCPeerConnection;
  readonly remote: RemoteTracks;
  /** The transceiver the presentation sends on (set by the presentation manager; kept for the whole call). */
  presentationTransceiver?: RTCRtpTransceiver;
  #config: MediaHandlerConfig;
  #mainVideo?: RTCRtpTransceiver;
  #localAttached = false;
  #closed = false;

  constructor(config: MediaHandlerConfig) {
    this.#config = config;
    const create = config.createPeerConnection ?? ((c: RTCConfiguration) => new RTCPeerConnection(c));
    this.peerConnection = create({ iceServers: config.iceServers, bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' });
    this.remote = new RemoteTracks(this.peerConnection, config.hooks.onRemoteTracksChanged);
    this.peerConnection.addEventListener('connectionstatechange', this.#onConnectionState);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The main camera's video transceiver: the first video transceiver of the call (the camera's, or the receive-only
   * main video of a call without camera), fixed once seen. Never the presentation's (protocol.md §18 item 11).
   */
  get mainVideoTransceiver(): RTCRtpTransceiver | undefined {
    this.#mainVideo ??= this.peerConnection
      .getTransceivers()
      .find((t) => t.receiver.track.kind === 'video' && t !== this.presentationTransceiver);
    return this.#mainVideo;
  }

  /** Which sender carries what: the main camera and the presentation. */
  get senders(): { mainVideo?: RTCRtpSender; presentation?: RTCRtpSender } {
    return { mainVideo: this.mainVideoTransceiver?.sender, presentation: this.presentationTransceiver?.sender };
  }

  /** See {@link ensureVideoReceivers}. */
  ensureVideoReceivers(count: number): void {
    ensureVideoReceivers(this.peerConnection, count);
  }

  hasDescription(contentType: string): boolean {
    return contentType.split(';')[0].trim().toLowerCase() === 'application/sdp';
  }

  async getDescription(
    options?: VinteoSdhOptions,
    modifiers?: SessionDescriptionHandlerModifier[],
  ): Promise<BodyAndContentType> {
    this.#assertOpen();
    const pc = this.peerConnection;
    const answering = pc.signalingState === 'have-remote-offer';
    await this.#attachLocalMedia(answering);
    let description = answering
      ? await pc.createAnswer()
      : await pc.createOffer({ iceRestart: options?.iceRestart === true });
    description = await applyModifiers(description, modifiers);
    this.#assertOpen();
    await pc.setLocalDescription(description);
    if (answering) this.remote.refresh();
    await this.#waitForIceGathering(!answering && options?.iceRestart === true);
    this.#assertOpen();
    return { body: pc.localDescription?.sdp ?? '', contentType: 'application/sdp' };
  }

  async setDescription(
    sdp: string,
    _options?: SessionDescriptionHandlerOptions,
    modifiers?: SessionDescriptionHandlerModifier[],
  ): Promise<void> {
    this.#assertOpen();
    const pc = this.peerConnection;
    const type: RTCSdpType = pc.signalingState === 'have-local-offer' ? 'answer' : 'offer';
    const description = await applyModifiers({ type, sdp }, modifiers);
    try {
      await pc.setRemoteDescription(description);
    } catch (error) {
      this.#config.hooks.onNegotiationFailed(error);
      throw error;
    }
    if (type === 'answer') this.remote.refresh();
  }

  async rollbackDescription(): Promise<void> {
    if (this.#closed || this.peerConnection.signalingState === 'stable') return;
    await this.peerConnection.setLocalDescription({ type: 'rollback' });
  }

  /** RFC 4733 tones on the audio sender. */
  sendDtmf(tones: string, options?: { duration?: number; interToneGap?: number }): boolean {
    const sender = this.peerConnection.getSenders().find((s) => s.track?.kind === 'audio' && s.dtmf);
    if (!sender?.dtmf?.canInsertDTMF) return false;
    sender.dtmf.insertDTMF(tones, options?.duration ?? 120, options?.interToneGap ?? 100);
    return true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.peerConnection.removeEventListener('connectionstatechange', this.#onConnectionState);
    this.remote.dispose();
    this.peerConnection.close();
  }

  async #attachLocalMedia(answering: boolean): Promise<void> {
    if (this.#localAttached) return;
    this.#localAttached = true;
    const options = this.#config.hooks.mediaOptions();
    if (answering) await attachToOfferedTransceivers(this.peerConnection, options.mediaStream, options);
    else addLocalTransceivers(this.peerConnection, options.mediaStream, options);
    void this.mainVideoTransceiver;
  }

  /**
   * Waits until the local description holds the candidates worth sending: gathering complete, the timeout, or —
   * with no ICE servers, where nothing but host candidates can come — a UDP candidate on every ICE transport
   * (plus a short settle for other interfaces' host candidates). Chromium reports its host UDP candidates within
   * milliseconds but completes gathering only after its TCP phase, ~100 ms later, adding only TCP "active"
   * candidates (port 9, which the far end cannot connect to anyway).
   */
  #waitForIceGathering(restarting: boolean): Promise<void> {
    const pc = this.peerConnection;
    // After an ICE restart the state still says `complete` (the old generation's) until the new gathering starts.
    if (pc.iceGatheringState === 'complete' && !restarting) return Promise.resolve();
    const hostOnly = this.#config.iceServers.length === 0;
    return new Promise((resolve) => {
      let settle: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(timer);
        clearTimeout(settle);
        pc.removeEventListener('icegatheringstatechange', onChange);
        pc.removeEventListener('icecandidate', onCandidate);
        resolve();
      };
      const onChange = () => {
        if (pc.iceGatheringState === 'complete') done();
      };
      const onCandidate = () => {
        if (hostOnly && settle === undefined && everyTransportHasUdpCandidate(pc))
          settle = setTimeout(done, HOST_CANDIDATE_SETTLE_MS);
      };
      const timer = setTimeout(done, this.#config.iceGatheringTimeoutMs);
      pc.addEventListener('icegatheringstatechange', onChange);
      pc.addEventListener('icecandidate', onCandidate);
      onCandidate();
    });
  }

  #onConnectionState = (): void => {
    if (this.peerConnection.connectionState === 'failed') this.#config.hooks.onConnectionFailed();
  };

  #assertOpen(): void {
    if (this.#closed) throw new Error('The media session is closed');
  }
}

/** How long to wait for more host candidates once every ICE transport has a UDP one. */
/**
 * Adds receive-only video transceivers until `pc` has `count` live video lines (the server will send that many
 * videos). Only ever adds, and never to a call without video (it stays audio-only); the next offer carries them.
 */
export function ensureVideoReceivers(pc: RTCPeerConnection, count: number): void {
  const live = (t: RTCRtpTransceiver) =>
    t.receiver.track.kind === 'video' && t.currentDirection !== 'stopped' && t.direction !== 'stopped';
  let videos = pc.getTransceivers().filter(live).length;
  if (videos === 0) return;
  for (; videos < count; videos++) pc.addTransceiver('video', { direction: 'recvonly' });
}

export const HOST_CANDIDATE_SETTLE_MS = 20;

/**
 * Whether the local description has a UDP candidate for every ICE transport in use. Bundled m-sections share
 * their transport (and its candidates); where the browser does not expose transports, each m-section counts as
 * its own, which errs towards waiting.
 */
export function everyTransportHasUdpCandidate(pc: RTCPeerConnection): boolean {
  const sdp = pc.localDescription?.sdp;
  if (!sdp) return false;
  const withUdp = new Set<string>();
  for (const section of sdp.split(/\r?\nm=/).slice(1)) {
    const mid = /^a=mid:(\S+)/m.exec(section)?.[1];
    if (mid !== undefined && /^a=candidate:\S+ \d+ udp /im.test(section)) withUdp.add(mid);
  }
  const transports = new Map<unknown, boolean>();
  for (const t of pc.getTransceivers()) {
    if (t.mid === null || t.direction === 'stopped' || t.currentDirection === 'stopped') continue;
    const key = t.sender.transport ?? t.mid;
    transports.set(key, (transports.get(key) ?? false) || withUdp.has(t.mid));
  }
  return transports.size > 0 && [...transports.values()].every(Boolean);
}

async function applyModifiers(
  description: RTCSessionDescriptionInit,
  modifiers?: SessionDescriptionHandlerModifier[],
): Promise<RTCSessionDescriptionInit> {
  let result = description;
  for (const modifier of modifiers ?? []) result = await modifier(result);
  return result;
}
