import { expect } from '@open-wc/testing';
import {
  HOST_CANDIDATE_SETTLE_MS,
  MediaHandler,
  ensureVideoReceivers,
  everyTransportHasUdpCandidate,
} from '../../src/media/media-handler.js';

const hooks = {
  mediaOptions: () => ({}),
  onRemoteTracksChanged: () => undefined,
  onConnectionFailed: () => undefined,
  onNegotiationFailed: () => undefined,
};

/** A peer connection that gathers only when told to: candidates per m-section, then `complete`. */
class GatheringPc extends EventTarget {
  iceGatheringState: RTCIceGatheringState = 'new';
  signalingState: RTCSignalingState = 'stable';
  localDescription: { type: RTCSdpType; sdp: string } | null = null;
  #transceivers: Array<{
    mid: string | null;
    direction: string;
    currentDirection: null;
    sender: { transport: object | null; track: null };
    receiver: { track: { kind: string; id: string } };
  }> = [];
  #candidates = new Map<string, string[]>();
  constructor(private readonly bundled: boolean) {
    super();
  }
  addTransceiver(kind: string, init: { direction: string }) {
    const t = {
      mid: null,
      direction: init.direction,
      currentDirection: null,
      sender: { transport: null, track: null },
      receiver: { track: { kind, id: `${kind}-${this.#transceivers.length}` } },
    };
    this.#transceivers.push(t);
    return t;
  }
  getTransceivers() {
    return this.#transceivers;
  }
  async createOffer() {
    return { type: 'offer' as const, sdp: '' };
  }
  async setLocalDescription() {
    const shared = {};
    this.#transceivers.forEach((t, i) => {
      t.mid = String(i);
      t.sender.transport = this.bundled ? shared : {};
    });
    this.iceGatheringState = 'gathering';
    this.signalingState = 'have-local-offer';
    this.#write();
  }
  close() {}
  candidate(mid: string, protocol: 'udp' | 'tcp') {
    this.#candidates.set(mid, [
      ...(this.#candidates.get(mid) ?? []),
      `a=candidate:1 1 ${protocol} 2113937151 127.0.0.1 ${protocol === 'udp' ? 50000 : 9} typ host`,
    ]);
    this.#write();
    this.dispatchEvent(new Event('icecandidate'));
  }
  complete() {
    this.iceGatheringState = 'complete';
    this.dispatchEvent(new Event('icegatheringstatechange'));
  }
  #write() {
    const sections = this.#transceivers.map((t) =>
      [
        `m=${t.receiver.track.kind} 9 UDP/TLS/RTP/SAVPF 96`,
        `a=mid:${t.mid}`,
        ...(this.#candidates.get(t.mid as string) ?? []),
      ].join('\r\n'),
    );
    this.localDescription = {
      type: 'offer',
      sdp: ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', ...sections, ''].join('\r\n'),
    };
  }
}

function handlerOn(pc: GatheringPc, iceServers: RTCIceServer[] = []): MediaHandler {
  return new MediaHandler({
    iceServers,
    iceGatheringTimeoutMs: 5000,
    hooks,
    createPeerConnection: () => pc as unknown as RTCPeerConnection,
  });
}

/** Starts getDescription and reports whether it has resolved, polling by a few ms. */
function track(promise: Promise<unknown>): { settled: () => boolean } {
  let settled = false;
  void promise.then(() => {
    settled = true;
  });
  return { settled: () => settled };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MediaHandler ICE gathering wait', () => {
  it('with no ICE servers, sends the offer once every transport has a UDP candidate, without waiting for gathering to complete', async () => {
    const pc = new GatheringPc(false);
    const offer = track(handlerOn(pc).getDescription());
    await sleep(0);
    pc.candidate('0', 'udp');
    await sleep(HOST_CANDIDATE_SETTLE_MS + 50);
    expect(offer.settled(), 'the video transport has no candidate yet').to.equal(false);
    pc.candidate('1', 'udp');
    await sleep(HOST_CANDIDATE_SETTLE_MS + 50);
    expect(offer.settled()).to.equal(true);
    expect(pc.iceGatheringState).to.equal('gathering');
  });

  it('counts bundled m-sections as one transport and TCP candidates as not enough', async () => {
    const pc = new GatheringPc(true);
    const offer = track(handlerOn(pc).getDescription());
    await sleep(0);
    pc.candidate('0', 'tcp');
    await sleep(HOST_CANDIDATE_SETTLE_MS + 50);
    expect(offer.settled()).to.equal(false);
    pc.candidate('0', 'udp');
    await sleep(HOST_CANDIDATE_SETTLE_MS + 50);
    expect(offer.settled()).to.equal(true);
  });

  it('with ICE servers, still waits for gathering to complete (server-reflexive and relay candidates come later)', async () => {
    const pc = new GatheringPc(false);
    const offer = track(handlerOn(pc, [{ urls: 'stun:stun.example.org' }]).getDescription());
    await sleep(0);
    pc.candidate('0', 'udp');
    pc.candidate('1', 'udp');
    await sleep(HOST_CANDIDATE_SETTLE_MS + 50);
    expect(offer.settled()).to.equal(false);
    pc.complete();
    await sleep(10);
    expect(offer.settled()).to.equal(true);
  });

  it('reads UDP candidates per transport from the local description', () => {
    const pc = new GatheringPc(false);
    expect(everyTransportHasUdpCandidate(pc as unknown as RTCPeerConnection), 'no local description').to.equal(false);
  });

  it('a real peer connection offers a UDP candidate on every m-line well before its gathering timeout', async () => {
    const handler = new MediaHandler({ iceServers: [], iceGatheringTimeoutMs: 5000, hooks });
    try {
      const t0 = performance.now();
      const { body } = await handler.getDescription();
      const elapsed = performance.now() - t0;
      const sections = body.split(/\r\nm=/).slice(1);
      expect(sections).to.have.length(2);
      for (const section of sections) expect(section).to.match(/^a=candidate:\S+ \d+ udp /im);
      expect(elapsed).to.be.below(2500);
    } finally {
      handler.close();
    }
  });
});

describe('ensureVideoReceivers (a server-requested restart with two videos)', () => {
  const videos = (pc: RTCPeerConnection) =>
    pc
      .getTransceivers()
      .filter((t) => t.receiver.track.kind === 'video')
      .map((t) => t.direction);

  it('adds receive-only video lines up to the count, never removes, and leaves an audio-only call alone', () => {
    const pc = new RTCPeerConnection();
    const audioOnly = new RTCPeerConnection();
    try {
      pc.addTransceiver('audio');
      pc.addTransceiver('video');
      ensureVideoReceivers(pc, 2);
      expect(videos(pc)).to.deep.equal(['sendrecv', 'recvonly']);
      ensureVideoReceivers(pc, 2);
      ensureVideoReceivers(pc, 1);
      expect(videos(pc), 'already enough: nothing added or removed').to.deep.equal(['sendrecv', 'recvonly']);
      audioOnly.addTransceiver('audio');
      ensureVideoReceivers(audioOnly, 2);
      expect(videos(audioOnly), 'an audio-only call stays audio-only').to.deep.equal([]);
    } finally {
      pc.close();
      audioOnly.close();
    }
  });
});
