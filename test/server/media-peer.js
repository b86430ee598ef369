// @ts-check
// A real WebRTC peer (werift) that answers the browser's offer and echoes its audio and video back, unless a
// conference feeds its main (first) audio and video senders with another participant's media (forwarder.js).
// It counts RTP per kind and decodes RFC 4733 telephone-events. Loopback only, no STUN.
import { RTCPeerConnection, RTCRtpCodecParameters, useOPUS, useVP8, usePCMU } from 'werift';
import { Listeners, outletOf, watchKeyFrameRequests } from './forwarder.js';

const DTMF_EVENTS = '0123456789*#ABCD';

export function peerConfig() {
  return {
    iceServers: [],
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceAdditionalHostAddresses: ['127.0.0.1'],
    codecs: {
      audio: [useOPUS(), usePCMU(), new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, channels: 1 })],
      video: [useVP8()],
    },
  };
}

export class MediaPeer {
  media = {
    audio: { packetsReceived: 0, bytesReceived: 0, packetsSent: 0 },
    video: { packetsReceived: 0, bytesReceived: 0, packetsSent: 0 },
    /** @type {string[]} */
    rfc4733Digits: [],
  };
  #pc = new RTCPeerConnection(/** @type {any} */ (peerConfig()));
  /** @type {Set<number>} */
  #dtmfTimestamps = new Set();
  /** @type {ReturnType<typeof setInterval>[]} */
  #timers = [];
  #closed = false;
  /** False until a key frame is requested, for a far end that only starts video when asked (RFC 5168). */
  videoOn = true;
  /** The first transceiver of each kind: what a conference forwards to others, and where it sends to this peer. */
  main = { audio: /** @type {any} */ (undefined), video: /** @type {any} */ (undefined) };
  /** True while another participant's media feeds the main senders (then they do not echo). */
  fed = false;
  #rtpListeners = { audio: new Listeners(), video: new Listeners() };
  #keyFrameListeners = new Listeners();
  /** @type {WeakMap<object, import('./forwarder.js').Outlet>} */
  #outlets = new WeakMap();
  /** What each transceiver's echo asks for key frames: PLI for the video track it receives. */
  /** @type {WeakMap<object, import('./forwarder.js').Origin>} */
  #echoOrigins = new WeakMap();

  /** @param {{ videoOnRequest?: boolean }} [options] */
  constructor(options = {}) {
    this.videoOn = !options.videoOnRequest;
    this.#pc.onRemoteTransceiverAdded.subscribe((t) => {
      t.setDirection('sendrecv');
      this.#attach(t);
    });
  }

  /** @param {string} offer SDP */
  async answer(offer) {
    await this.#pc.setRemoteDescription({ type: 'offer', sdp: offer });
    const answer = await this.#pc.createAnswer();
    await this.#pc.setLocalDescription(answer);
    await this.#gathered();
    return this.#pc.localDescription?.sdp ?? '';
  }

  /** An offer with sendrecv audio + video (for calls the server places). */
  async offer() {
    this.#attach(this.#pc.addTransceiver('audio', { direction: 'sendrecv' }));
    this.#attach(this.#pc.addTransceiver('video', { direction: 'sendrecv' }));
    await this.#pc.setLocalDescription(await this.#pc.createOffer());
    await this.#gathered();
    return this.#pc.localDescription?.sdp ?? '';
  }

  /** @param {string} answer SDP */
  async accept(answer) {
    await this.#pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  /** RTP received on the main transceiver of a kind. @param {'audio' | 'video'} kind @param {(rtp: any) => void} listener */
  onRtp(kind, listener) {
    return this.#rtpListeners[kind].add(listener);
  }

  /** PLI/FIR from the browser for the main video sender. @param {() => void} listener */
  onKeyFrameRequest(listener) {
    return this.#keyFrameListeners.add(listener);
  }

  /** Sends another peer's packet on the main sender of a kind. @param {'audio' | 'video'} kind @param {any} rtp @param {import('./forwarder.js').Origin} origin */
  sendMain(kind, rtp, origin) {
    const transceiver = this.main[kind];
    if (transceiver && !this.#closed) this.#send(transceiver, kind, rtp, origin);
  }

  /** Asks the browser for a key frame of the video it sends (RTCP PLI). */
  requestKeyFrame() {
    if (this.main.video) this.#echoOrigins.get(this.main.video)?.requestKeyFrame();
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#timers.forEach(clearInterval);
    this.#pc.close().catch(() => undefined);
  }

  async #gathered() {
    const deadline = Date.now() + 3000;
    while (this.#pc.iceGatheringState !== 'complete' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  /** @param {any} transceiver */
  #attach(transceiver) {
    const kind = /** @type {'audio' | 'video'} */ (transceiver.kind);
    if (!this.main[kind]) this.#becomeMain(kind, transceiver);
    this.#echoOrigins.set(transceiver, { requestKeyFrame: () => undefined });
    transceiver.onTrack.subscribe((/** @type {any} */ track) => {
      track.onReceiveRtp.subscribe((/** @type {any} */ rtp) => this.#onRtp(kind, transceiver, rtp));
      if (kind === 'video') this.#askKeyFrames(transceiver, track);
    });
  }

  /** @param {'audio' | 'video'} kind  @param {any} transceiver */
  #becomeMain(kind, transceiver) {
    this.main[kind] = transceiver;
    if (kind === 'video') watchKeyFrameRequests(transceiver.sender, () => this.#keyFrameListeners.emit());
  }

  /** @param {any} transceiver  @param {'audio' | 'video'} kind  @param {any} rtp  @param {import('./forwarder.js').Origin} origin */
  #send(transceiver, kind, rtp, origin) {
    const counters = this.media[kind];
    outletOf(this.#outlets, transceiver).send(rtp, origin).then(() => { counters.packetsSent++; }, () => undefined);
  }

  /** @param {'audio' | 'video'} kind  @param {any} transceiver  @param {any} rtp */
  #onRtp(kind, transceiver, rtp) {
    const counters = this.media[kind];
    counters.packetsReceived++;
    counters.bytesReceived += rtp.payload.length + 12;
    const codec = transceiver.codecs?.find((/** @type {any} */ c) => c.payloadType === rtp.header.payloadType);
    const mime = String(codec?.mimeType ?? '').toLowerCase();
    if (mime === 'audio/telephone-event') return this.#onDtmf(rtp);
    if (mime.endsWith('/rtx') || mime.endsWith('/red') || mime.endsWith('/ulpfec')) return;
    const main = transceiver === this.main[kind];
    if (main) this.#rtpListeners[kind].emit(rtp);
    if ((main && this.fed) || (kind === 'video' && !this.videoOn)) return;
    this.#send(transceiver, kind, rtp, /** @type {import('./forwarder.js').Origin} */ (this.#echoOrigins.get(transceiver)));
  }

  /** RFC 4733: event in byte 0, end bit in byte 1; count an event once per timestamp. @param {any} rtp */
  #onDtmf(rtp) {
    const payload = rtp.payload;
    if (payload.length < 4 || this.#dtmfTimestamps.has(rtp.header.timestamp)) return;
    if ((payload[1] & 0x80) === 0) return;
    this.#dtmfTimestamps.add(rtp.header.timestamp);
    const digit = DTMF_EVENTS[payload[0]];
    if (digit) this.media.rfc4733Digits.push(digit);
  }

  /** The echo needs key frames: ask the browser for one now and then, and when a receiver needs one. @param {any} transceiver @param {any} track */
  #askKeyFrames(transceiver, track) {
    const ask = () => { if (track.ssrc && !this.#closed) transceiver.receiver.sendRtcpPLI(track.ssrc).catch(() => undefined); };
    this.#echoOrigins.set(transceiver, { requestKeyFrame: ask });
    setTimeout(ask, 200);
    this.#timers.push(setInterval(ask, 2000));
  }
}
