/**
 * Browser to browser through Kamailio and rtpengine (WebRTC on both legs): two registered connectors, each with its
 * own WebSocket and peer connection, call each other; a re-INVITE adding a second video track (the base for
 * presentation) gives the callee two live remote videos at once.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import { canvasTrack, fakeMedia, rtpTotals, waitUntil } from '../support/media.js';
import { account, interop, type StackInfo } from './stack-client.js';

/** Inbound video RTP streams that have decoded frames. */
async function decodingVideos(pc: RTCPeerConnection): Promise<number> {
  let count = 0;
  (await pc.getStats()).forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video' && Number(s.framesDecoded) > 0) count += 1;
  });
  return count;
}

describe('interop: two browsers through Kamailio + rtpengine', function () {
  this.timeout(60_000);
  let stack: StackInfo;
  const connectors: VinteoConnector[] = [];
  const streams: MediaStream[] = [];

  before(async () => {
    stack = await interop('start');
  });

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
    streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
  });

  async function registered(user: string): Promise<VinteoConnector> {
    const c = new VinteoConnector({ log: () => undefined });
    connectors.push(c);
    await c.connect(account(stack, user));
    return c;
  }

  async function media(): Promise<MediaStream> {
    const stream = await fakeMedia();
    streams.push(stream);
    return stream;
  }

  it('alice presents to bob (startPresentation): one re-INVITE through Kamailio, bob has camera and screen live and decoding', async () => {
    const [alice, bob] = [await registered('alice'), await registered('bob')];
    const bobStream = await media();
    bob.on('incoming-call:ringing', () => void bob.answer({ mediaStream: bobStream }));
    await alice.startCall('bob', { mediaStream: await media() });
    await waitUntil(() => bob.callState === 'active', "bob's call to be active", 10_000);
    await waitUntil(
      async () => (await decodingVideos(bob.peerConnection as RTCPeerConnection)) === 1,
      'camera video at bob',
      20_000,
    );
    const renegotiated = bob.wait('call:renegotiated', 10_000);
    const screen = canvasTrack('#36c');
    await alice.startPresentation(screen);
    expect(alice.presentation.state).to.equal('active');
    await renegotiated;
    await waitUntil(
      () => bob.remoteTracks.filter((t) => t.kind === 'video' && t.readyState === 'live').length === 2,
      'camera and screen live at bob',
      10_000,
    );
    await waitUntil(
      async () => (await decodingVideos(bob.peerConnection as RTCPeerConnection)) === 2,
      'both videos decoding at bob',
      20_000,
    );
    const sender = (alice.peerConnection as RTCPeerConnection).getSenders().find((s) => s.track === screen);
    expect(sender?.getParameters().encodings[0]?.maxBitrate).to.equal(1_000_000);
    await alice.stopPresentation();
    expect(screen.readyState).to.equal('ended');
    expect(alice.callState).to.equal('active');
  });

  it('alice calls bob; media both ways; a re-INVITE adding a second video gives bob two live remote videos', async () => {
    const [alice, bob] = [await registered('alice'), await registered('bob')];
    const bobStream = await media();
    bob.on('incoming-call:ringing', () => void bob.answer({ mediaStream: bobStream }));
    const aliceCam = await media();
    await alice.startCall('bob', { mediaStream: aliceCam });
    await waitUntil(() => bob.callState === 'active', "bob's call to be active", 10_000);
    for (const c of [alice, bob]) {
      await waitUntil(
        async () => {
          const t = await rtpTotals(c.peerConnection as RTCPeerConnection);
          return t.inbound.audio.packets > 20 && t.inbound.video.framesDecoded > 5;
        },
        'audio and video arriving at both browsers',
        20_000,
      );
    }
    const renegotiated = bob.wait('call:renegotiated', 10_000);
    await alice.replaceMediaStream(new MediaStream([...aliceCam.getTracks(), canvasTrack()]), { stopReplaced: false });
    expect((await renegotiated).initiator).to.equal('remote');
    await waitUntil(
      () => bob.remoteTracks.filter((t) => t.kind === 'video' && t.readyState === 'live').length === 2,
      'two live remote videos at bob',
      10_000,
    );
    await waitUntil(
      async () => (await decodingVideos(bob.peerConnection as RTCPeerConnection)) === 2,
      "frames decoded on both of bob's remote videos",
      20_000,
    );
    const ended = bob.wait('call:ended', 10_000);
    await alice.hangUp();
    expect((await ended).originator).to.equal('remote');
  });
});
