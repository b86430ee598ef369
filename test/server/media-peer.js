// @ts-check
// A real WebRTC peer (werift) that answers the browser's offer and echoes its audio and video back, unless a
// conference feeds its main (first) audio and video senders with another participant's media (forwarder.js).
// It counts RTP per kind and decodes RFC 4733 telephone-events. Loopback only, no STUN.
// The second video m-line is the content (presentation) line: what the participant shares arrives on it, and
// another participant's presentation is sent on it (msid `content dual-video`, the label Vinteo gives content).
// A presentation call's content is its first video.
import { RTCPeerConnection, RTCRtpCodecParameters, useOPUS, useVP8, usePCMU } from 'werift';
import { Listeners, outletOf, watchKeyFrameRequests } from './forwarder.js';
import { bridgeIceRestarts, resumeRestartedIce } from './ice-restart.js';

const DTMF_EVENTS = '0123456789*#ABCD';
/** The msid of the content sender: the browser's remote stream id and msid track id contain `dual` (reference §3.11). */
export const CONTENT_MSID = { stream: 'content', track: 'dual-video' };

export function peerConfig() {
  return {
    iceServers: [],
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceAdditionalHostAddresses: ['127.0.0.1'],
    codecs: {
      audio: [
        useOPUS(),
        usePCMU(),
        new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, channels: 1 }),
      ],
      video: [useVP8()],
    },
  };
}

export class MediaPeer {
  media = {
    audio: { packetsReceived: 0, bytesReceived: 0, packetsSent: 0 },
    video: { packetsReceived: 0, bytesReceived: 0, packetsSent: 0 },
    /** The content line: the presentation received from this participant, and another's sent to it. */
    content: { packetsReceived: 0, bytesReceived: 0, packetsSent: 0 },
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
  /** The second video transceiver: the content line (see above). */
  content = /** @type {any} */ (undefined);
  /** True while another participant's presentation feeds the content sender. */
  contentFed = false;
  /** False while this participant presents in a conference: its content is not echoed back to it. */
  contentEcho = true;
  /** A presentation call (`X-Vinteo-Presentation-Call: yes`): its first video is its content. */
  presentationCall = false;
  /** What a content outlet asks for key frames: PLI for the content this peer receives from the browser. */
  contentOrigin = { requestKeyFrame: () => this.requestContentKeyFrame() };
  #rtpListeners = { audio: new Listeners(), video: new Listeners(), content: new Listeners() };
  #keyFrameListeners = new Listeners();
  #contentKeyFrameListeners = new Listeners();
  /** Serialises offer/answer exchanges (the browser's re-INVITEs and the server's own). */
  #negotiation = Promise.resolve();
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
  answer(offer) {
    return this.#serialised(async () => {
      await this.#pc.setRemoteDescription({ type: 'offer', sdp: offer });
      const answer = await this.#pc.createAnswer();
      await this.#pc.setLocalDescription(answer);
      resumeRestartedIce(this.#pc);
      bridgeIceRestarts(this.#pc);
      await this.#gathered();
      if (this.videoStop?.untilReoffer) this.videoStop = undefined;
      if (!this.sending || this.rtpLoss) this.#gateTransports();
      return this.#pc.localDescription?.sdp ?? '';
    });
  }

  /**
   * A re-offer that adds the content line (sendrecv), for a browser whose call has none; `exchange` sends the
   * offer (a re-INVITE) and resolves with the answer SDP. Nothing is added when the line exists already.
   * @param {(offer: string) => Promise<string>} exchange
   */
  addContentLine(exchange) {
    return this.#serialised(async () => {
      if (
        this.#closed ||
        (this.content &&
          this.content.mid !== undefined &&
          this.content.mid !== null &&
          this.#pc.remoteDescription?.sdp.includes(`a=mid:${this.content.mid}`))
      )
        return false;
      // After a refused offer (491) the transceiver we added is still there: offer it again.
      if (!this.content) this.#attach(this.#pc.addTransceiver('video', { direction: 'sendrecv' }));
      await this.#pc.setLocalDescription(await this.#pc.createOffer());
      await this.#gathered();
      try {
        await this.#pc.setRemoteDescription({
          type: 'answer',
          sdp: await exchange(this.#pc.localDescription?.sdp ?? ''),
        });
      } catch (error) {
        if (this.#pc.signalingState !== 'stable')
          await this.#pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
        throw error;
      }
      return true;
    });
  }

  /** @template T @param {() => Promise<T>} task @returns {Promise<T>} */
  #serialised(task) {
    const run = this.#negotiation.then(task, task);
    this.#negotiation = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
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

  /** RTP received on the main transceiver of a kind, or the content this participant presents. @param {'audio' | 'video' | 'content'} kind @param {(rtp: any) => void} listener */
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

  /** PLI/FIR from the browser for the content sender. @param {() => void} listener */
  onContentKeyFrameRequest(listener) {
    return this.#contentKeyFrameListeners.add(listener);
  }

  /** Sends another participant's presentation on the content sender. @param {any} rtp @param {import('./forwarder.js').Origin} origin */
  sendContent(rtp, origin) {
    if (!this.content || this.#closed) return;
    outletOf(this.#outlets, this.content)
      .send(rtp, origin)
      .then(
        () => {
          this.media.content.packetsSent++;
        },
        () => undefined,
      );
  }

  /** Asks the browser for a key frame of the video it sends (RTCP PLI). */
  requestKeyFrame() {
    if (this.main.video) this.#echoOrigins.get(this.main.video)?.requestKeyFrame();
  }

  /** Asks the browser for a key frame of the content it sends. */
  requestContentKeyFrame() {
    const line = this.#contentIn;
    if (line) this.#echoOrigins.get(line)?.requestKeyFrame();
  }

  /** Where this participant's presentation arrives: the content line, or a presentation call's first video. */
  get #contentIn() {
    return this.presentationCall ? this.main.video : this.content;
  }

  /** The ICE connection (bundled: the first): its generation (+1 per restart), whether a pair of it is nominated, its state. */
  get ice() {
    const ice = /** @type {any} */ (this.#pc.dtlsTransports[0]?.iceTransport);
    const connection = ice?.connection;
    return {
      generation: connection?.generation ?? 0,
      nominated: Boolean(connection?.nominated),
      state: String(ice?.state ?? 'new'),
    };
  }

  /**
   * False: nothing leaves this peer on SRTP/SRTCP (RTP and RTCP: a far end that vanished silently), while ICE
   * keeps answering connectivity checks. Applies to the DTLS transports in use now and after later negotiations.
   * @param {boolean} sending
   */
  setSending(sending) {
    this.sending = sending;
    this.#gateTransports();
  }

  sending = true;

  /**
   * Drops `share` (0–1) of the RTP this peer sends, evenly spread (every fifth packet at 0.2), audio, video and
   * retransmissions alike; RTCP and ICE are untouched. 0 lifts it.
   * @param {number} share
   */
  setRtpLoss(share) {
    if (!Number.isFinite(share) || share < 0 || share > 1) throw new Error('share must be a number from 0 to 1');
    this.rtpLoss = share;
    this.#lossCredit = 0;
    this.#gateTransports();
  }

  rtpLoss = 0;
  #lossCredit = 0;
  /** RTP packets this peer dropped on purpose (setRtpLoss). */
  rtpDropped = 0;

  /** Whether the next outgoing RTP packet is one of the dropped share. */
  dropsRtp() {
    if (!this.rtpLoss) return false;
    this.#lossCredit += this.rtpLoss;
    if (this.#lossCredit < 1) return false;
    this.#lossCredit -= 1;
    this.rtpDropped++;
    return true;
  }

  /**
   * The main video sender stops (a stuck camera or encoder at the far end; audio and content go on), until
   * `stopVideo(false)`, or with `untilReoffer` until the browser's next offer (a re-INVITE) restarts it.
   * @type {{ untilReoffer: boolean } | undefined}
   */
  videoStop = undefined;

  #gateTransports() {
    for (const transceiver of this.#pc.getTransceivers()) {
      const dtls = /** @type {any} */ (transceiver.sender.dtlsTransport ?? transceiver.receiver.dtlsTransport);
      if (dtls && !dtls.gatedBy) gated(dtls, this);
    }
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#timers.forEach(clearInterval);
    this.#pc.close().catch(() => undefined);
  }

  async #gathered() {
    const deadline = Date.now() + 3000;
    while (this.#pc.iceGatheringState !== 'complete' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
  }

  /** @param {any} transceiver */
  #attach(transceiver) {
    const kind = /** @type {'audio' | 'video'} */ (transceiver.kind);
    if (!this.main[kind]) this.#becomeMain(kind, transceiver);
    else if (kind === 'video' && !this.content) this.#becomeContent(transceiver);
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

  /** @param {any} transceiver */
  #becomeContent(transceiver) {
    this.content = transceiver;
    transceiver.sender.streamId = CONTENT_MSID.stream;
    transceiver.sender.trackId = CONTENT_MSID.track;
    watchKeyFrameRequests(transceiver.sender, () => this.#contentKeyFrameListeners.emit());
  }

  /** @param {any} transceiver  @param {'audio' | 'video'} kind  @param {any} rtp  @param {import('./forwarder.js').Origin} origin */
  #send(transceiver, kind, rtp, origin) {
    if (this.videoStop && transceiver === this.main.video) return;
    const counters = this.media[kind];
    outletOf(this.#outlets, transceiver)
      .send(rtp, origin)
      .then(
        () => {
          counters.packetsSent++;
        },
        () => undefined,
      );
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
    if (transceiver === this.#contentIn) {
      this.media.content.packetsReceived++;
      this.media.content.bytesReceived += rtp.payload.length + 12;
      this.#rtpListeners.content.emit(rtp);
    }
    if (transceiver === this.content && (this.contentFed || !this.contentEcho)) return;
    if ((main && this.fed) || (kind === 'video' && !this.videoOn)) return;
    this.#send(
      transceiver,
      kind,
      rtp,
      /** @type {import('./forwarder.js').Origin} */ (this.#echoOrigins.get(transceiver)),
    );
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
    const ask = () => {
      if (track.ssrc && !this.#closed) transceiver.receiver.sendRtcpPLI(track.ssrc).catch(() => undefined);
    };
    this.#echoOrigins.set(transceiver, { requestKeyFrame: ask });
    setTimeout(ask, 200);
    this.#timers.push(setInterval(ask, 2000));
  }
}

/**
 * Makes a werift DTLS transport's SRTP/SRTCP sends depend on `peer.sending`, and its SRTP sends on `peer.dropsRtp()`.
 * @param {any} dtls @param {{ sending: boolean, dropsRtp(): boolean }} peer
 */
function gated(dtls, peer) {
  const sendRtp = dtls.sendRtp.bind(dtls);
  const sendRtcp = dtls.sendRtcp.bind(dtls);
  dtls.gatedBy = peer;
  dtls.sendRtp = (/** @type {any[]} */ ...args) =>
    peer.sending && !peer.dropsRtp() ? sendRtp(...args) : Promise.resolve(0);
  dtls.sendRtcp = (/** @type {any[]} */ ...args) => (peer.sending ? sendRtcp(...args) : Promise.resolve());
}
