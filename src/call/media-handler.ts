/**
 * Our sip.js SessionDescriptionHandler. Unlike sip.js's default handler it owns transceivers (one per local
 * track, audio first), keeps every remote track (so camera and presentation can play side by side), waits for
 * ICE gathering with a bounded timeout, and reports remote-track and ICE changes through hooks.
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
  #config: MediaHandlerConfig;
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

  hasDescription(contentType: string): boolean {
    return contentType.split(';')[0].trim().toLowerCase() === 'application/sdp';
  }

  async getDescription(options?: VinteoSdhOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<BodyAndContentType> {
    this.#assertOpen();
    const pc = this.peerConnection;
    const answering = pc.signalingState === 'have-remote-offer';
    await this.#attachLocalMedia(answering);
    let description = answering ? await pc.createAnswer() : await pc.createOffer({ iceRestart: options?.iceRestart === true });
    description = await applyModifiers(description, modifiers);
    this.#assertOpen();
    await pc.setLocalDescription(description);
    if (answering) this.remote.refresh();
    await this.#waitForIceGathering();
    this.#assertOpen();
    return { body: pc.localDescription?.sdp ?? '', contentType: 'application/sdp' };
  }

  async setDescription(sdp: string, _options?: SessionDescriptionHandlerOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<void> {
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
  }

  #waitForIceGathering(): Promise<void> {
    const pc = this.peerConnection;
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pc.removeEventListener('icegatheringstatechange', onChange);
        resolve();
      };
      const onChange = () => { if (pc.iceGatheringState === 'complete') done(); };
      const timer = setTimeout(done, this.#config.iceGatheringTimeoutMs);
      pc.addEventListener('icegatheringstatechange', onChange);
    });
  }

  #onConnectionState = (): void => {
    if (this.peerConnection.connectionState === 'failed') this.#config.hooks.onConnectionFailed();
  };

  #assertOpen(): void {
    if (this.#closed) throw new Error('The media session is closed');
  }
}

async function applyModifiers(description: RTCSessionDescriptionInit, modifiers?: SessionDescriptionHandlerModifier[]): Promise<RTCSessionDescriptionInit> {
  let result = description;
  for (const modifier of modifiers ?? []) result = await modifier(result);
  return result;
}
