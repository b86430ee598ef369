// @ts-check
// One call (INVITE dialog) between the server and a browser, in either direction: its identity, in-dialog
// requests the server sends, 2xx retransmission until ACK, and the werift media peer.
import { MediaPeer } from './media-peer.js';
import { newBranch, serialize } from './sip-wire.js';

const T1 = 500;
const T2 = 4000;
const ACK_GIVE_UP = 32_000;

/**
 * A client's WebSocket; `connectionId` numbers the accepted connections (1, 2, …) in the order they came.
 * @typedef {{ send(text: string): void, readyState: number, connectionId?: number }} Socket
 * @typedef {'ringing' | 'confirmed' | 'terminated'} DialogState
 */

export class Dialog {
  /** @type {DialogState} */
  state = 'ringing';
  /** @type {number | undefined} */
  finalStatus;
  /** @type {string[]} */
  infoDigits = [];
  peer;
  localCSeq = 1;
  /** @type {{ branch: string, cseq: number } | undefined} */
  pendingInvite;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #retransmit;
  /** @type {(() => void) | undefined} */
  #onAckTimeout;
  /** The conference an incoming call joins (undefined for special targets and calls the server places). */
  /** @type {string | undefined} */
  conference;
  /** The caller's display name from From (original case), if any. */
  displayName = '';
  /** True when the INVITE asked for the waiting room (`X-Vinteo-Purgatory-Call: yes`). */
  guest = false;
  /** True for a content-only call (`X-Vinteo-Presentation-Call: yes`): its video is a presentation. */
  presentationCall = false;
  /** Called once when the dialog ends, however it ends. */
  onTerminated = () => {};
  /** Set while the client's socket is closed: when it fires, the dialog is forgotten (a late refresh gets 481). */
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #grace;
  /** When the client's socket closed (undefined while connected). */
  /** @type {number | undefined} */
  orphanedAt;

  /**
   * @param {{ callId: string, direction: 'incoming' | 'outgoing', user: string, target: string, socket: Socket,
   *   localUri: string, localTag: string, remoteUri: string, remoteTag?: string, remoteTarget: string, contact: string }} init
   */
  constructor(init) {
    this.callId = init.callId;
    this.direction = init.direction;
    this.user = init.user;
    this.target = init.target;
    this.socket = init.socket;
    this.localUri = init.localUri;
    this.localTag = init.localTag;
    this.remoteUri = init.remoteUri;
    this.remoteTag = init.remoteTag;
    this.remoteTarget = init.remoteTarget;
    this.contact = init.contact;
    this.peer = new MediaPeer({ videoOnRequest: init.target === 'keyframe' });
  }

  /** Resends a final 2xx with T1 doubling to T2 until `ackReceived()`; gives up after 32 s. @param {string} text @param {() => void} onTimeout */
  sendReliably(text, onTimeout) {
    this.#onAckTimeout = onTimeout;
    const started = Date.now();
    let interval = T1;
    const tick = () => {
      if (Date.now() - started > ACK_GIVE_UP) return this.#onAckTimeout?.();
      this.send(text);
      interval = Math.min(interval * 2, T2);
      this.#retransmit = setTimeout(tick, interval);
    };
    tick();
  }

  /** @returns {boolean} true when this ACK confirmed the dialog */
  ackReceived() {
    clearTimeout(this.#retransmit);
    this.#retransmit = undefined;
    if (this.state !== 'ringing') return false;
    this.state = 'confirmed';
    return true;
  }

  /**
   * Builds an in-dialog request from the server (BYE, INFO, re-INVITE, ACK).
   * @param {string} method  @param {Array<[string, string]>} [headers]  @param {string} [body]  @param {number} [cseq]
   */
  request(method, headers = [], body = '', cseq) {
    const number = cseq ?? ++this.localCSeq;
    const branch = newBranch();
    const text = serialize(
      `${method} ${this.remoteTarget} SIP/2.0`,
      [
        ['Via', `SIP/2.0/WSS vinteo.local;branch=${branch}`],
        ['Max-Forwards', 70],
        ['From', `<${this.localUri}>;tag=${this.localTag}`],
        ['To', `<${this.remoteUri}>${this.remoteTag ? `;tag=${this.remoteTag}` : ''}`],
        ['Call-ID', this.callId],
        ['CSeq', `${number} ${method}`],
        ['Contact', this.contact],
        ...headers,
      ],
      body,
    );
    return { text, branch, cseq: number };
  }

  /** @param {string} text */
  send(text) {
    if (this.socket.readyState === 1) this.socket.send(text);
  }

  /** The client's socket closed: media goes on; the dialog ends unless `adopt` comes within `graceMs`. @param {number} graceMs */
  orphan(graceMs) {
    if (this.state === 'terminated' || this.#grace) return;
    this.orphanedAt = Date.now();
    this.#grace = setTimeout(() => this.terminate(), graceMs);
  }

  /** The client reached this dialog over another socket: later server requests go there. @param {Socket} socket */
  adopt(socket) {
    clearTimeout(this.#grace);
    this.#grace = undefined;
    this.orphanedAt = undefined;
    this.socket = socket;
  }

  terminate() {
    clearTimeout(this.#grace);
    clearTimeout(this.#retransmit);
    const ended = this.state !== 'terminated';
    this.state = 'terminated';
    this.peer.close();
    if (ended) this.onTerminated();
  }

  snapshot() {
    return {
      callId: this.callId,
      direction: this.direction,
      user: this.user,
      target: this.target,
      state: this.state,
      connectionId: this.socket.connectionId ?? 0,
      connected: this.socket.readyState === 1,
      orphanedAt: this.orphanedAt,
      finalStatus: this.finalStatus,
      infoDigits: [...this.infoDigits],
      media: {
        audio: { ...this.peer.media.audio },
        video: { ...this.peer.media.video },
        rfc4733Digits: [...this.peer.media.rfc4733Digits],
      },
      ice: this.peer.ice,
    };
  }
}
