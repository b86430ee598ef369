// @ts-check
// A real WebRTC peer (werift) that answers the browser's offer and echoes its audio and video back.
// It counts RTP per kind and decodes RFC 4733 telephone-events. Loopback only, no STUN.
import { RTCPeerConnection, RTCRtpCodecParameters, useOPUS, useVP8, usePCMU } from 'werift';


const DTMF_EVENTS = '0123456789*#ABCD';

function peerConfig() {
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

  /** @param {{ videoOnRequest?: boolean }} [options] */
  constructor(options = {}) {
    this.videoOn = !options.videoOnRequest;
    this.#pc.onRemoteTransceiverAdded.subscribe((t) => {
      t.setDirection('sendrecv');
      this.#echo(t);
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
    this.#echo(this.#pc.addTransceiver('audio', { direction: 'sendrecv' }));
    this.#echo(this.#pc.addTransceiver('video', { direction: 'sendrecv' }));
    await this.#pc.setLocalDescription(await this.#pc.createOffer());
    await this.#gathered();
    return this.#pc.localDescription?.sdp ?? '';
  }

  /** @param {string} answer SDP */
  async accept(answer) {
    await this.#pc.setRemoteDescription({ type: 'answer', sdp: answer });
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
  #echo(transceiver) {
    transceiver.onTrack.subscribe((/** @type {any} */ track) => {
      const kind = /** @type {'audio' | 'video'} */ (track.kind);
      track.onReceiveRtp.subscribe((/** @type {any} */ rtp) => this.#onRtp(kind, transceiver, rtp));
      if (kind === 'video') this.#askKeyFrames(transceiver, track);
    });
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
    if (kind === 'video' && !this.videoOn) return;
    transceiver.sender.sendRtp(rtp).then(() => { counters.packetsSent++; }, () => undefined);
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

  /** The echo needs key frames: ask the browser for one now and then. @param {any} transceiver @param {any} track */
  #askKeyFrames(transceiver, track) {
    const ask = () => { if (track.ssrc) transceiver.receiver.sendRtcpPLI(track.ssrc).catch(() => undefined); };
    setTimeout(ask, 200);
    this.#timers.push(setInterval(ask, 2000));
  }
}
