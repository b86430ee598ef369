// @ts-check
// RTP forwarding between werift peers, the way an MCU hands each participant one conference stream:
// a sink's main audio/video senders are fed by a source's main audio/video receivers. Key-frame requests
// (PLI/FIR) from the sink go back to the source, and a new route asks the source for a key frame at once.

import { Vp8RtpPayload } from 'werift';

/**
 * @typedef {'audio' | 'video'} Kind
 * @typedef {{ requestKeyFrame(): void }} Origin
 * @typedef {{ onRtp(kind: Kind, listener: (rtp: any) => void): () => void, requestKeyFrame(): void }} Source
 * @typedef {{ fed: boolean, sendMain(kind: Kind, rtp: any, origin: Origin): void, onKeyFrameRequest(listener: () => void): () => void }} Sink
 * @typedef {{ onRtp(kind: 'content', listener: (rtp: any) => void): () => void, contentOrigin: Origin }} ContentSource
 * @typedef {{ contentFed: boolean, sendContent(rtp: any, origin: Origin): void, onContentKeyFrameRequest(listener: () => void): () => void }} ContentSink
 */

const FIR = 4;

/**
 * Where forwarded packets leave: one sink transceiver's sender. When packets start coming from another origin,
 * sequence numbers and timestamps continue from where they were, and (video) the origin is asked for a key
 * frame every 250 ms until one has gone out on a connected transport.
 */
export class Outlet {
  /** @type {Origin | undefined} */
  #origin;
  #waitingForKeyFrame = true;
  #lastAsk = 0;

  /** @param {any} transceiver */
  constructor(transceiver) {
    this.transceiver = transceiver;
  }

  /** @param {any} rtp @param {Origin} origin */
  send(rtp, origin) {
    const packet = rtp.clone();
    const sender = this.transceiver.sender;
    if (this.#origin !== origin) {
      this.#origin = origin;
      this.#waitingForKeyFrame = true;
      rebase(sender, packet.header);
    }
    if (this.transceiver.kind === 'video' && this.#waitingForKeyFrame) this.#awaitKeyFrame(packet, origin);
    return sender.sendRtp(packet);
  }

  /** @param {any} packet @param {Origin} origin */
  #awaitKeyFrame(packet, origin) {
    const connected = this.transceiver.sender.dtlsTransport?.state === 'connected';
    if (connected && isVp8KeyFrameStart(packet.payload)) return void (this.#waitingForKeyFrame = false);
    if (Date.now() - this.#lastAsk < 250) return;
    this.#lastAsk = Date.now();
    origin.requestKeyFrame();
  }
}

/** @param {Buffer} payload */
function isVp8KeyFrameStart(payload) {
  try {
    const vp8 = Vp8RtpPayload.deSerialize(payload);
    return vp8.payloadHeaderExist && vp8.isKeyframe;
  } catch {
    return false;
  }
}

/** The outlet of a transceiver, made on first use. @param {WeakMap<object, Outlet>} outlets @param {any} transceiver */
export function outletOf(outlets, transceiver) {
  const existing = outlets.get(transceiver);
  if (existing) return existing;
  const made = new Outlet(transceiver);
  outlets.set(transceiver, made);
  return made;
}

/**
 * The next packet goes out as last sequence number + 1 and last timestamp + 20 ms. (werift's own replaceRTP
 * repeats the last sequence number, or with `discontinuity` adds the timestamp offset as a 16-bit number.)
 * @param {any} sender  @param {{ sequenceNumber: number, timestamp: number }} header
 */
function rebase(sender, header) {
  if (sender.sequenceNumber !== undefined)
    sender.seqOffset = (sender.sequenceNumber + 1 - header.sequenceNumber) & 0xffff;
  const step = Math.round((sender.codec?.clockRate ?? 90000) / 50);
  if (sender.timestamp !== undefined) sender.timestampOffset = (sender.timestamp + step - header.timestamp) >>> 0;
  sender.rtpCache = [];
}

/** Calls `listener` on PLI or FIR received for a sender; returns the unsubscribe. @param {any} sender @param {() => void} listener */
export function watchKeyFrameRequests(sender, listener) {
  const pli = sender.onPictureLossIndication.subscribe(() => listener());
  const fir = sender.onRtcp.subscribe((/** @type {any} */ packet) => {
    if (packet.feedback?.count === FIR) listener();
  });
  return () => {
    pli.unSubscribe();
    fir.unSubscribe();
  };
}

/** A small event list whose `add` returns its own removal. */
export class Listeners {
  /** @type {Set<(...args: any[]) => void>} */
  #set = new Set();

  /** @param {(...args: any[]) => void} listener */
  add(listener) {
    this.#set.add(listener);
    return () => {
      this.#set.delete(listener);
    };
  }

  /** @param {...any} args */
  emit(...args) {
    for (const listener of this.#set) listener(...args);
  }

  get size() {
    return this.#set.size;
  }
}

/**
 * Routes sinks to sources. The main forwarder joins main audio + video; `Forwarder.content()` joins a presenter's
 * content to other participants' content lines.
 * @template {object} [S=Sink] @template {object} [R=Source]
 */
export class Forwarder {
  /** @type {Map<S, { source: R, undo: () => void }>} */
  #routes = new Map();

  /** @param {(sink: S, source: R) => () => void} [join] @param {'fed' | 'contentFed'} [flag] */
  constructor(join = /** @type {any} */ (connect), flag = 'fed') {
    this.join = join;
    this.flag = flag;
  }

  /** @returns {Forwarder<ContentSink, ContentSource>} */
  static content() {
    return new Forwarder(connectContent, 'contentFed');
  }

  /** Feeds `sink` from `source`, or lets it echo again when `source` is undefined. @param {S} sink @param {R | undefined} source */
  route(sink, source) {
    const current = this.#routes.get(sink);
    if (current?.source === source) return;
    current?.undo();
    this.#routes.delete(sink);
    /** @type {any} */ (sink)[this.flag] = Boolean(source);
    if (source) this.#routes.set(sink, { source, undo: this.join(sink, source) });
  }

  /** @param {S} sink */
  sourceOf(sink) {
    return this.#routes.get(sink)?.source;
  }

  /** @param {S} sink */
  drop(sink) {
    this.route(sink, undefined);
  }

  clear() {
    for (const sink of [...this.#routes.keys()]) this.drop(sink);
  }
}

/** @param {Sink} sink @param {Source} source */
function connect(sink, source) {
  const undo = [
    source.onRtp('audio', (rtp) => sink.sendMain('audio', rtp, source)),
    source.onRtp('video', (rtp) => sink.sendMain('video', rtp, source)),
    sink.onKeyFrameRequest(() => source.requestKeyFrame()),
  ];
  source.requestKeyFrame();
  return () => undo.forEach((off) => off());
}

/** A presenter's content to a sink's content line; the sink's key-frame requests go to the presenter. @param {ContentSink} sink @param {ContentSource} source */
function connectContent(sink, source) {
  const undo = [
    source.onRtp('content', (rtp) => sink.sendContent(rtp, source.contentOrigin)),
    sink.onContentKeyFrameRequest(() => source.contentOrigin.requestKeyFrame()),
  ];
  source.contentOrigin.requestKeyFrame();
  return () => undo.forEach((off) => off());
}
