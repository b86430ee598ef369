/**
 * Telling the remote main and content streams apart (§3.11): the pure rule, the names RemoteTracks reads from a real
 * loopback pair (msid stream / track ids), and the event that fires only when the (main, content) pair changes.
 */
import { expect } from '@open-wc/testing';
import { RemoteTracks, type RemoteGroup } from '../../src/media/remote-tracks.js';
import type { ConferenceSnapshot } from '../../src/conference/types.js';
import { computeView, RemoteViewTracker } from '../../src/media/remote-streams-view.js';
import type { RemoteStreamsView } from '../../src/presentation/types.js';
import { createFakeStream } from '../../src/testing/fake-media.js';

const group = (id: string, ...names: string[]): RemoteGroup => ({
  id,
  stream: new MediaStream(),
  names: [id, ...names],
});

describe('remote streams view', () => {
  it('participant: main is the first stream without "dual"; content is the "dual" one, only while available', () => {
    const main = group('abc', 'video-1');
    const dual = group('xyz', 'Dual-Video');
    const groups = [dual, main];
    expect(computeView({ groups, spectator: false, content: { available: false } })).to.deep.equal({
      main: main.stream,
    });
    expect(computeView({ groups, spectator: false, content: { available: true, codec: 'H264' } })).to.deep.equal({
      main: main.stream,
      content: dual.stream,
      contentCodec: 'H264',
    });
    expect(
      computeView({ groups: [main], spectator: false, content: { available: true } }),
      'no other stream, no content',
    ).to.deep.equal({ main: main.stream });
    const peer = group('p2p-screen');
    const screen = createFakeStream({ audio: false });
    peer.stream = screen;
    expect(
      computeView({ groups: [main, peer], spectator: false, content: { available: true } }),
      "a P2P peer's second video (no dual)",
    ).to.deep.equal({ main: main.stream, content: screen });
    screen.getTracks().forEach((t) => t.stop());
  });

  it('spectator: default is main; content_{codec} is content, only while available with that codec', () => {
    const main = group('default');
    const vp8 = group('content_vp8');
    const groups = [vp8, main];
    expect(computeView({ groups, spectator: true, content: { available: true, codec: 'VP8' } })).to.deep.equal({
      main: main.stream,
      content: vp8.stream,
      contentCodec: 'VP8',
    });
    expect(computeView({ groups, spectator: true, content: { available: true } })).to.deep.equal({ main: main.stream });
    expect(computeView({ groups, spectator: true, content: { available: true, codec: 'H264' } })).to.deep.equal({
      main: main.stream,
    });
  });

  it('RemoteTracks names each stream by its msid (stream and track ids) on a real pair', async () => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    const camera = createFakeStream({ audio: false });
    const screen = createFakeStream({ audio: false });
    const remote = new RemoteTracks(b, () => undefined);
    try {
      a.addTrack(camera.getVideoTracks()[0], camera);
      a.addTrack(screen.getVideoTracks()[0], screen);
      const offer = await a.createOffer();
      const sdp = (offer.sdp as string).replaceAll(screen.id, 'content-dual').replaceAll(camera.id, 'main-stream');
      await b.setRemoteDescription({ type: 'offer', sdp });
      const names = remote.groups.map((g) => g.id);
      expect(names).to.deep.equal(['main-stream', 'content-dual']);
      const view = computeView({ groups: remote.groups, spectator: false, content: { available: true } });
      expect(view.content?.getVideoTracks()).to.have.length(1);
      expect(view.main).to.not.equal(view.content);
      expect(remote.groups[1].names).to.include(screen.getVideoTracks()[0].id);
    } finally {
      remote.dispose();
      a.close();
      b.close();
      [...camera.getTracks(), ...screen.getTracks()].forEach((t) => t.stop());
    }
  });

  it('the view tracker reports only when the (main, content) pair changes, and empties with the tracks', () => {
    let groups: RemoteGroup[] = [];
    let content: ConferenceSnapshot['content'] = { available: false };
    const seen: RemoteStreamsView[] = [];
    const tracker = new RemoteViewTracker(
      { content: () => content, remoteGroups: () => ({ groups, otherSource: false }) },
      (view) => seen.push(view),
    );
    const main = group('m');
    const dual = group('d-dual');
    groups = [main];
    tracker.refresh();
    tracker.refresh();
    groups = [main, dual];
    tracker.refresh();
    content = { available: true, codec: 'VP8' };
    tracker.refresh();
    tracker.refresh();
    groups = [];
    tracker.refresh();
    expect(seen).to.deep.equal([
      { main: main.stream },
      { main: main.stream, content: dual.stream, contentCodec: 'VP8' },
      {},
    ]);
    expect(tracker.view).to.deep.equal({});
  });
});
