/**
 * Telling the remote main and content streams apart (§3.11): the pure rule, the names RemoteTracks reads from a real
 * loopback pair (msid stream / track ids), and the event that fires only when the (main, content) pair changes.
 */
import { expect } from '@open-wc/testing';
import { RemoteTracks, type RemoteGroup } from '../../src/call/remote-tracks.js';
import type { ConferenceSnapshot } from '../../src/conference/types.js';
import { TappedEmitter } from '../../src/emitter.js';
import { PresentationManager } from '../../src/presentation/presentation-manager.js';
import { computeView } from '../../src/presentation/remote-streams-view.js';
import type { RemoteStreamsView } from '../../src/presentation/types.js';
import { createFakeStream } from '../../src/testing/fake-media.js';
import type { ConnectorEvents } from '../../src/types.js';

const group = (id: string, ...names: string[]): RemoteGroup => ({ id, stream: new MediaStream(), names: [id, ...names] });

describe('remote streams view', () => {
  it('participant: main is the first stream without "dual"; content is the "dual" one, only while available', () => {
    const main = group('abc', 'video-1');
    const dual = group('xyz', 'Dual-Video');
    const groups = [dual, main];
    expect(computeView({ groups, spectator: false, content: { available: false } })).to.deep.equal({ main: main.stream });
    expect(computeView({ groups, spectator: false, content: { available: true, codec: 'H264' } }))
      .to.deep.equal({ main: main.stream, content: dual.stream, contentCodec: 'H264' });
    expect(computeView({ groups: [main], spectator: false, content: { available: true } }), 'no other stream, no content').to.deep.equal({ main: main.stream });
    const peer = group('p2p-screen');
    const screen = createFakeStream({ audio: false });
    peer.stream = screen;
    expect(computeView({ groups: [main, peer], spectator: false, content: { available: true } }), 'a P2P peer\'s second video (no dual)')
      .to.deep.equal({ main: main.stream, content: screen });
    screen.getTracks().forEach((t) => t.stop());
  });

  it('spectator: default is main; content_{codec} is content, only while available with that codec', () => {
    const main = group('default');
    const vp8 = group('content_vp8');
    const groups = [vp8, main];
    expect(computeView({ groups, spectator: true, content: { available: true, codec: 'VP8' } }))
      .to.deep.equal({ main: main.stream, content: vp8.stream, contentCodec: 'VP8' });
    expect(computeView({ groups, spectator: true, content: { available: true } })).to.deep.equal({ main: main.stream });
    expect(computeView({ groups, spectator: true, content: { available: true, codec: 'H264' } })).to.deep.equal({ main: main.stream });
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

  it('call:remote-streams-changed fires only when the pair changes, and resets on call end', () => {
    const events = new TappedEmitter<ConnectorEvents>();
    let groups: RemoteGroup[] = [];
    let content: ConferenceSnapshot['content'] = { available: false };
    const manager = new PresentationManager({
      events, log: () => undefined,
      call: {
        activeSession: () => { throw new Error('no call'); }, roomStatus: () => 'in-room', role: () => ({ type: 'participant' }),
        content: () => content, remoteGroups: () => ({ groups, otherSource: false }), maxAvailableResolution: () => undefined,
      },
    });
    const seen: RemoteStreamsView[] = [];
    events.on('call:remote-streams-changed', (view) => seen.push(view));
    const main = group('m');
    const dual = group('d-dual');
    const track = createFakeStream({ audio: false }).getVideoTracks()[0];
    const tracksChanged = () => events.emit('call:remote-tracks-changed', { tracks: [], streams: [], change: 'added', track });
    groups = [main];
    tracksChanged();
    tracksChanged();
    groups = [main, dual];
    tracksChanged();
    content = { available: true, codec: 'VP8' };
    events.emit('conference:changed', {} as ConnectorEvents['conference:changed']);
    events.emit('conference:changed', {} as ConnectorEvents['conference:changed']);
    groups = [];
    events.emit('call:ended', { call: { id: '1', direction: 'outgoing', target: '1', remoteUri: 'sip:1@x' }, originator: 'remote', cause: 'hangup' });
    track.stop();
    expect(seen).to.deep.equal([{ main: main.stream }, { main: main.stream, content: dual.stream, contentCodec: 'VP8' }, {}]);
    expect(manager.remoteStreamsView).to.deep.equal({});
  });
});
