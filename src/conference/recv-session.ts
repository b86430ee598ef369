/**
 * The spectator's receive-only session (docs/protocol.md §10): a separate peer connection with five `recvonly`
 * transceivers (audio, main video, three content videos) whose offer goes to the server over HTTPS instead of SIP:
 * `POST {apiUrl}/api/v2/rtp2webrtc/offer/{conference}?quality=…&audio=…` with the bearer token, answered with
 * `{type, sdp}`. Every wait is bounded; the POST is retried; a newer negotiation cancels an older one.
 * Unlike the reference, nothing here can end the SIP call: failures reject with a {@link RecvSessionError}.
 */
import { everyTransportHasUdpCandidate } from '../media/media-handler.js';
import { RemoteTracks } from '../media/remote-tracks.js';
import { RecvSessionError, VinteoError } from '../errors.js';
import type { RecvQuality } from './types.js';

export type EffectiveQuality = 'low' | 'medium' | 'high';

/** `auto` is served as `high` (there is no adaptation yet). */
export function effectiveQuality(quality: RecvQuality): EffectiveQuality {
  return quality === 'auto' ? 'high' : quality;
}

/** What a negotiation asks the server for. */
export interface RecvTarget {
  apiUrl: string;
  tokenConference: string;
  token: string;
  audioId: string;
  quality: EffectiveQuality;
}

export interface RecvTimings {
  /** Longest wait of each step: ready to offer, each POST, connected, first media (default 10 000 ms). */
  stepTimeoutMs: number;
  /** Pause between POST attempts (default 500 ms). */
  retryDelayMs: number;
  /** POST attempts in all (default 10). */
  maxAttempts: number;
  /** Longest wait for ICE candidates before the offer is posted (default 1 000 ms). */
  iceGatheringTimeoutMs: number;
}

export const DEFAULT_RECV_TIMINGS: RecvTimings = {
  stepTimeoutMs: 10_000,
  retryDelayMs: 500,
  maxAttempts: 10,
  iceGatheringTimeoutMs: 1000,
};

export interface RecvSessionOptions {
  iceServers: RTCIceServer[];
  fetch: typeof fetch;
  createPeerConnection: (config: RTCConfiguration) => RTCPeerConnection;
  onTracksChanged: (change: 'added' | 'removed', track: MediaStreamTrack) => void;
  timings?: Partial<RecvTimings>;
}

/** Rejection of a negotiation that a newer one (or close) replaced; callers ignore it. */
export function superseded(): VinteoError {
  return new VinteoError('canceled', 'The receive-only negotiation was superseded');
}

export function isSuperseded(error: unknown): boolean {
  return error instanceof VinteoError && error.code === 'canceled';
}

export class RecvSession {
  readonly peerConnection: RTCPeerConnection;
  readonly remote: RemoteTracks;
  readonly #options: RecvSessionOptions;
  readonly #timings: RecvTimings;
  #attempt?: AbortController;
  #closed = false;

  constructor(options: RecvSessionOptions) {
    this.#options = options;
    this.#timings = { ...DEFAULT_RECV_TIMINGS, ...options.timings };
    this.peerConnection = options.createPeerConnection({
      iceServers: options.iceServers,
      bundlePolicy: 'balanced',
      rtcpMuxPolicy: 'require',
    });
    this.peerConnection.addTransceiver('audio', { direction: 'recvonly' });
    for (let i = 0; i < 4; i++) this.peerConnection.addTransceiver('video', { direction: 'recvonly' });
    this.remote = new RemoteTracks(this.peerConnection, options.onTracksChanged);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Offers, posts, applies the answer and waits until connected (and, with `waitForMedia`, until audio and video
   * arrived). A newer call cancels this one, which then rejects with a `canceled` error.
   */
  async negotiate(target: RecvTarget, waitForMedia: boolean): Promise<void> {
    this.#attempt?.abort();
    const attempt = new AbortController();
    this.#attempt = attempt;
    const signal = attempt.signal;
    try {
      await this.#negotiate(target, waitForMedia, signal);
    } catch (error) {
      if (signal.aborted || this.#closed) throw superseded();
      throw error instanceof RecvSessionError ? error : new RecvSessionError(describe(error), { cause: error });
    } finally {
      if (this.#attempt === attempt) this.#attempt = undefined;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#attempt?.abort();
    this.remote.dispose();
    this.peerConnection.close();
  }

  async #negotiate(target: RecvTarget, waitForMedia: boolean, signal: AbortSignal): Promise<void> {
    const pc = this.peerConnection;
    if (pc.signalingState === 'have-local-offer') await pc.setLocalDescription({ type: 'rollback' });
    await this.#until(() => readyToOffer(pc), 'the receive-only connection to be ready to offer', signal);
    await pc.setLocalDescription(await pc.createOffer());
    await waitForCandidates(pc, this.#timings.iceGatheringTimeoutMs, this.#options.iceServers.length === 0, signal);
    const answer = await this.#postWithRetries(target, pc.localDescription as RTCSessionDescription, signal);
    if (signal.aborted) throw superseded();
    await pc.setRemoteDescription(answer);
    this.remote.refresh();
    await this.#until(() => connected(pc), 'the receive-only connection to connect', signal);
    if (waitForMedia)
      await this.#until(() => this.#hasMedia(), 'audio and video from the receive-only connection', signal);
  }

  async #postWithRetries(
    target: RecvTarget,
    offer: RTCSessionDescriptionInit,
    signal: AbortSignal,
  ): Promise<RTCSessionDescriptionInit> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#post(target, offer, signal);
      } catch (error) {
        if (signal.aborted) throw superseded();
        if (attempt >= this.#timings.maxAttempts)
          throw new RecvSessionError(`The offer was refused after ${attempt} attempts: ${describe(error)}`, {
            cause: error,
          });
        await sleep(this.#timings.retryDelayMs, signal);
      }
    }
  }

  async #post(
    target: RecvTarget,
    offer: RTCSessionDescriptionInit,
    signal: AbortSignal,
  ): Promise<RTCSessionDescriptionInit> {
    const request = linkedController(signal, this.#timings.stepTimeoutMs);
    try {
      const response = await this.#options.fetch(offerUrl(target), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${target.token}` },
        body: JSON.stringify({ type: offer.type, sdp: offer.sdp }),
        credentials: 'same-origin',
        signal: request.signal,
      });
      if (!response.ok) throw new Error(`the offer got HTTP ${response.status}`);
      return answerFrom(await response.json());
    } finally {
      request.dispose();
    }
  }

  #hasMedia(): boolean | Error {
    const kinds = new Set(this.remote.tracks.filter((t) => t.readyState === 'live').map((t) => t.kind));
    return kinds.has('audio') && kinds.has('video');
  }

  /** Waits until `check` is true (or returns an Error to fail at once), bounded by the step timeout. */
  #until(check: () => boolean | Error, what: string, signal: AbortSignal): Promise<void> {
    return until(this.peerConnection, check, { timeoutMs: this.#timings.stepTimeoutMs, what, signal });
  }
}

/** The POST URL (conference and audio id encoded). */
export function offerUrl(target: RecvTarget): string {
  const base = target.apiUrl.replace(/\/+$/, '');
  const query = `quality=${target.quality}&audio=${encodeURIComponent(target.audioId)}`;
  return `${base}/api/v2/rtp2webrtc/offer/${encodeURIComponent(target.tokenConference)}?${query}`;
}

function answerFrom(json: unknown): RTCSessionDescriptionInit {
  const value = json as { type?: unknown; sdp?: unknown } | null;
  if (!value || value.type !== 'answer' || typeof value.sdp !== 'string' || !value.sdp.trim()) {
    throw new Error('the server did not answer with {type: "answer", sdp}');
  }
  return { type: 'answer', sdp: value.sdp };
}

function readyToOffer(pc: RTCPeerConnection): boolean | Error {
  if (pc.connectionState === 'failed' || pc.connectionState === 'closed')
    return new Error(`the connection is ${pc.connectionState}`);
  return pc.signalingState === 'stable';
}

function connected(pc: RTCPeerConnection): boolean | Error {
  if (pc.connectionState === 'failed' || pc.connectionState === 'closed')
    return new Error(`the connection is ${pc.connectionState}`);
  return pc.connectionState === 'connected';
}

const PC_EVENTS = ['signalingstatechange', 'connectionstatechange', 'track', 'icegatheringstatechange', 'icecandidate'];

/** Resolves when `check()` holds, re-checking on every peer-connection event; rejects on timeout, abort or an Error. */
export function until(
  pc: RTCPeerConnection,
  check: () => boolean | Error,
  options: { timeoutMs: number; what: string; signal: AbortSignal },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      for (const name of PC_EVENTS) pc.removeEventListener(name, evaluate);
      options.signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const evaluate = () => {
      const result = check();
      if (result instanceof Error) finish(result);
      else if (result) finish();
    };
    const onAbort = () => finish(superseded());
    const timer = setTimeout(
      () => finish(new RecvSessionError(`Timed out after ${options.timeoutMs} ms waiting for ${options.what}`)),
      options.timeoutMs,
    );
    for (const name of PC_EVENTS) pc.addEventListener(name, evaluate);
    options.signal.addEventListener('abort', onAbort);
    if (options.signal.aborted) onAbort();
    else evaluate();
  });
}

/** ICE gathering complete, the timeout, or (with no ICE servers) a UDP candidate on every transport. */
function waitForCandidates(
  pc: RTCPeerConnection,
  timeoutMs: number,
  hostOnly: boolean,
  signal: AbortSignal,
): Promise<void> {
  const done = () => pc.iceGatheringState === 'complete' || (hostOnly && everyTransportHasUdpCandidate(pc));
  return until(pc, done, { timeoutMs, what: 'ICE candidates', signal }).catch((error: unknown) => {
    if (signal.aborted) throw superseded();
    if (!(error instanceof RecvSessionError)) throw error;
    // Timed out: send what we have, as the call's media handler does.
  });
}

/** An AbortController aborted by `parent` or after `timeoutMs`. */
function linkedController(parent: AbortSignal, timeoutMs: number): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, timeoutMs);
  parent.addEventListener('abort', abort);
  if (parent.aborted) abort();
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', abort);
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(superseded());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A message for an error, never containing the token (it is only ever in the Authorization header). */
function describe(error: unknown): string {
  if (error instanceof Error && error.name === 'AbortError') return 'the request timed out';
  return error instanceof Error ? error.message : String(error);
}
