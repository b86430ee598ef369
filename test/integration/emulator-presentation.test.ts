/**
 * Presentation in the conference emulator (reference §3.10, §3.11, §3.6 share-state rows), with the real
 * VinteoConnector in Chromium. The sharer is driven by hand (the permission INFO, then a second video track that
 * re-INVITEs), so these tests pin the server side whatever the connector's presentation API does.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import type { ConnectionConfig } from '../../src/types.js';
import { canvasTrack, fakeMedia, waitUntil } from '../support/media.js';
import {
  type ConferenceParticipant,
  type ConferenceSnapshot,
  type ServerInfo,
  vinteoServer,
} from '../support/server.js';

const SHARE = 'application/vinteo.webrtc.sharedesktop';
let server: ServerInfo;
const connectors: VinteoConnector[] = [];
const streams: MediaStream[] = [];

function account(user: string, displayName: string): ConnectionConfig {
  return {
    server: server.wsUrl,
    domain: server.domain,
    apiUrl: server.apiUrl,
    register: true,
    user,
    password: `${user}-secret`,
    displayName,
  };
}

async function camera(): Promise<MediaStream> {
  const mic = await fakeMedia({ audio: true });
  const stream = new MediaStream([...mic.getAudioTracks(), canvasTrack('#37a')]);
  streams.push(mic, stream);
  return stream;
}

/** A registered connector in `conference`, in the room. */
async function inRoom(conference: string, user: string, displayName: string): Promise<VinteoConnector> {
  const c = new VinteoConnector({ log: () => undefined });
  connectors.push(c);
  await c.connect(account(user, displayName));
  const entered = c.wait('api:enter-room', 10_000);
  await c.startCall(conference, { mediaStream: await camera() });
  await entered;
  await waitUntil(() => c.conference.room.status === 'in-room', `${user} in the room`);
  return c;
}

/** Asks permission, then adds a canvas as the second video (one re-INVITE). */
async function share(c: VinteoConnector): Promise<MediaStreamTrack> {
  await c.sendInfo(SHARE, '', ['x-webrtc-share-state: LETMESTARTPRESENTATION']);
  const slide = canvasTrack('#c33');
  const cam = c.localStream as MediaStream;
  const withSlide = new MediaStream([...cam.getTracks(), slide]);
  streams.push(withSlide);
  await c.replaceMediaStream(withSlide, { stopReplaced: false });
  return slide;
}

async function conference(name: string): Promise<ConferenceSnapshot> {
  return (await vinteoServer.conferences()).find((c) => c.conference === name) as ConferenceSnapshot;
}

async function participant(name: string, user: string): Promise<ConferenceParticipant> {
  return (await conference(name)).participants.find((p) => p.user === user) as ConferenceParticipant;
}

const header = (headers: Record<string, string>, name: string) =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

/** The remote video track whose msid marks it as the presentation (`dual`, §3.11). */
function dualTrack(c: VinteoConnector): MediaStreamTrack | undefined {
  const pc = c.peerConnection as RTCPeerConnection;
  const sdp = pc.remoteDescription?.sdp ?? '';
  return pc.getTransceivers().find((t) => {
    if (t.receiver.track.kind !== 'video' || t.receiver.track.readyState !== 'live' || !t.mid) return false;
    const section = sdp.split(/^(?=m=)/m).find((m) => new RegExp(`^a=mid:${t.mid}\\r?$`, 'm').test(m)) ?? '';
    return /^a=msid:\S*\s+\S*dual\S*/m.test(section);
  })?.receiver.track;
}

/** framesDecoded of the inbound RTP stream carrying `track`. */
async function framesDecoded(pc: RTCPeerConnection, track: MediaStreamTrack): Promise<number> {
  const report = await pc.getStats(track);
  let frames = 0;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp') frames += Number(s.framesDecoded ?? 0);
  });
  return frames;
}

/** framesDecoded of every remote video except `except`. */
async function otherVideoFrames(pc: RTCPeerConnection, except?: MediaStreamTrack): Promise<number> {
  let frames = 0;
  for (const r of pc.getReceivers())
    if (r.track.kind === 'video' && r.track !== except) frames += await framesDecoded(pc, r.track);
  return frames;
}

async function videoSize(track: MediaStreamTrack): Promise<number> {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = new MediaStream([track]);
  document.body.append(video);
  try {
    await video.play().catch(() => undefined);
    return await waitUntil(() => video.videoWidth, 'the presentation to render', 10_000);
  } finally {
    video.remove();
  }
}

describe('presentation in the conference emulator', function () {
  this.timeout(60_000);

  before(async () => {
    server = await vinteoServer.info();
    await vinteoServer.reset();
  });

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
    streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
    await vinteoServer.reset();
  });

  it('A shares: B gets YOUCANRECEIVECONTENT (VP8) and a decoding `dual` video next to the camera; STOPPRESENTATION → CONTENTEND', async () => {
    const a = await inRoom('3100', 'alice', 'Alice');
    const b = await inRoom('3100', 'bob', 'Bob');
    const available = b.wait('api:contented-stream:available', 15_000);
    const started = Date.now();
    await share(a);
    expect((await available).codec).to.equal('VP8');
    const announcedMs = Date.now() - started;

    const slide = await waitUntil(() => dualTrack(b), 'a remote `dual` video at B', 10_000);
    const bpc = b.peerConnection as RTCPeerConnection;
    await waitUntil(async () => (await framesDecoded(bpc, slide)) > 10, 'presentation frames decoded at B', 15_000);
    expect(await videoSize(slide)).to.be.greaterThan(0);
    const decodedMs = Date.now() - started;
    // Chromium takes the remote track id from the msid line: `content dual-video`.
    expect(slide.id).to.contain('dual');

    // The cameras keep flowing both ways.
    const apc = a.peerConnection as RTCPeerConnection;
    const before = [await otherVideoFrames(apc), await otherVideoFrames(bpc, slide)];
    await waitUntil(
      async () =>
        (await otherVideoFrames(apc)) > before[0] + 10 && (await otherVideoFrames(bpc, slide)) > before[1] + 10,
      'camera frames both ways',
      10_000,
    );

    const snap = await conference('3100');
    const [pa, pb] = [
      snap.participants.find((p) => p.user === 'alice'),
      snap.participants.find((p) => p.user === 'bob'),
    ];
    expect(snap.presenter?.user).to.equal('alice');
    expect(pa?.presentation).to.equal('presenting');
    expect(pb?.content).to.include({ receives: pa?.callId, announced: true, line: true });
    expect(pb?.content?.packetsSent).to.be.greaterThan(0);
    expect(pa?.content?.receives).to.equal(null);
    expect(pa?.infos.map((i) => [header(i.headers, 'x-webrtc-share-state'), i.status])).to.deep.include([
      'LETMESTARTPRESENTATION',
      200,
    ]);
    // B's call got its content line from a server re-INVITE.
    expect((await vinteoServer.dialogs()).find((d) => d.user === 'bob')?.state).to.equal('confirmed');

    const ended = b.wait('api:contented-stream:not-available', 10_000);
    await a.sendInfo(SHARE, '', ['x-webrtc-share-state: STOPPRESENTATION']);
    await ended;
    await waitUntil(async () => (await conference('3100')).presenter === null, 'no presenter');
    expect((await participant('3100', 'bob')).content).to.include({ receives: null, announced: false });
    // B's camera view goes on.
    const after = await otherVideoFrames(bpc, slide);
    await waitUntil(
      async () => (await otherVideoFrames(bpc, slide)) > after + 10,
      'camera frames at B after the presentation',
      10_000,
    );
    console.log(
      `presentation figures: YOUCANRECEIVECONTENT ${announcedMs} ms, 10 frames decoded at B ${decodedMs} ms after LETMESTARTPRESENTATION`,
    );
  });

  it('every other participant gets the content, also one who joins while A presents', async () => {
    const a = await inRoom('3104', 'alice', 'Alice');
    const b = await inRoom('3104', 'bob', 'Bob');
    const available = b.wait('api:contented-stream:available', 15_000);
    await share(a);
    await available;
    const c = await inRoom('3104', 'carol', 'Carol');
    await waitUntil(() => c.conference.content.available, 'content available at C', 15_000);
    for (const viewer of [b, c]) {
      const slide = await waitUntil(() => dualTrack(viewer), 'a remote `dual` video', 10_000);
      await waitUntil(
        async () => (await framesDecoded(viewer.peerConnection as RTCPeerConnection, slide)) > 10,
        'presentation frames decoded',
        15_000,
      );
    }
    const snap = await conference('3104');
    const alice = snap.participants.find((p) => p.user === 'alice');
    expect(
      snap.participants
        .filter((p) => p.content?.receives === alice?.callId)
        .map((p) => p.user)
        .sort(),
    ).to.deep.equal(['bob', 'carol']);
  });

  it("a spectator's receive-only session opened during a presentation gets it on its second video m-line (msid content_vp8)", async () => {
    const a = await inRoom('3105', 'alice', 'Alice');
    const b = await inRoom('3105', 'bob', 'Bob');
    const available = a.wait('api:contented-stream:available', 15_000);
    await share(b);
    expect((await available).codec).to.equal('VP8');
    // The session opens while B presents (its content m-line sends only if someone presents at offer time).
    await vinteoServer.setRole({ user: 'alice', role: 'spectator', audioId: '7' });
    await waitUntil(() => a.conference.recvSession === 'active', 'receive-only session active', 15_000);
    // The connector finds it by its msid stream id `content_vp8` (reference §3.11).
    const slide = await waitUntil(
      () => a.remoteStreamsView.content?.getVideoTracks().find((t) => t.readyState === 'live'),
      'the content stream of the receive-only session',
      10_000,
    );
    expect(a.remoteStreamsView.main?.getVideoTracks()).to.not.include(slide);
    expect(await videoSize(slide)).to.be.greaterThan(0);
    await waitUntil(
      async () => ((await conference('3105')).viewers[0]?.packetsSent.content ?? 0) > 10,
      'the emulator sending content to the viewer',
    );
  });

  // B re-INVITEs itself (adding its own second video) right when A's content starts: B's line is then its own
  // m-line, or the server's re-INVITE meets B's (a 491 either way, retried by the server). B ends up with the
  // content in every case. (At ~25 ms sip.js refuses B's own re-INVITE while the server's is in progress; the
  // connector retries it after the RFC 3261 §14.1 delay.)
  for (const delay of [0, 25, 50])
    it(`a receiver re-INVITING ${delay} ms after the sharer's re-INVITE still gets the content`, async () => {
      const room = `31${60 + delay}`;
      const a = await inRoom(room, 'alice', 'Alice');
      const b = await inRoom(room, 'bob', 'Bob');
      const available = b.wait('api:contented-stream:available', 15_000);
      await a.sendInfo(SHARE, '', ['x-webrtc-share-state: LETMESTARTPRESENTATION']);
      const bTwo = new MediaStream([...(b.localStream as MediaStream).getTracks(), canvasTrack('#3c3')]);
      const aTwo = new MediaStream([...(a.localStream as MediaStream).getTracks(), canvasTrack('#c33')]);
      streams.push(aTwo, bTwo);
      await a.replaceMediaStream(aTwo, { stopReplaced: false });
      await new Promise((r) => setTimeout(r, delay));
      // B's own re-INVITE succeeds too: one that meets the server's in-progress re-INVITE is retried like a 491.
      await b.replaceMediaStream(bTwo, { stopReplaced: false });
      await available;
      const slide = await waitUntil(() => dualTrack(b), 'a remote `dual` video at B', 10_000);
      await waitUntil(
        async () => (await framesDecoded(b.peerConnection as RTCPeerConnection, slide)) > 10,
        'presentation frames decoded at B',
        15_000,
      );
      const alice = (await participant(room, 'alice')).callId;
      expect((await participant(room, 'bob')).content).to.include({ receives: alice, announced: true, line: true });
    });

  it('a conference that refuses presentations answers LETMESTARTPRESENTATION 403; a setInfoReply rule wins over allow', async () => {
    await vinteoServer.configureConference({ conference: '3101', presentation: 'refuse' });
    const a = await inRoom('3101', 'alice', 'Alice');
    const refused = await a.sendInfo(SHARE, '', ['x-webrtc-share-state: LETMESTARTPRESENTATION']).then(
      () => 0,
      (e: { status?: number; message: string }) => e,
    );
    expect(String((refused as Error).message ?? refused)).to.match(/403/);
    expect((await participant('3101', 'alice')).infos.at(-1)?.status).to.equal(403);
    expect((await participant('3101', 'alice')).presentation).to.equal('none');

    await vinteoServer.configureConference({ conference: '3101', presentation: 'allow' });
    await vinteoServer.setInfoReply({
      conference: '3101',
      contentType: SHARE,
      match: { 'x-webrtc-share-state': 'LETMESTARTPRESENTATION' },
      status: 603,
    });
    const declined = await a.sendInfo(SHARE, '', ['x-webrtc-share-state: LETMESTARTPRESENTATION']).then(
      () => 0,
      (e: Error) => e,
    );
    expect(String((declined as Error).message ?? declined)).to.match(/603/);
    await vinteoServer.setInfoReply({
      conference: '3101',
      contentType: SHARE,
      match: { 'x-webrtc-share-state': 'LETMESTARTPRESENTATION' },
      status: 200,
    });
    expect((await a.sendInfo(SHARE, '', ['x-webrtc-share-state: LETMESTARTPRESENTATION'])).statusCode).to.equal(200);
    expect((await participant('3101', 'alice')).presentation).to.equal('granted');
  });

  it('stopPresentation sends YOUMUSTSTOPSENDCONTENT to the presenter; hanging up ends the content for the others', async () => {
    const a = await inRoom('3102', 'alice', 'Alice');
    const b = await inRoom('3102', 'bob', 'Bob');
    const available = b.wait('api:contented-stream:available', 15_000);
    await share(a);
    await available;
    const mustStop = a.wait('api:presentation:must-stop', 10_000);
    const sent = await vinteoServer.stopPresentation({ conference: '3102' });
    expect(sent).to.include({ status: 200, user: 'alice' });
    await mustStop;

    const ended = b.wait('api:contented-stream:not-available', 10_000);
    await a.hangUp();
    await ended;
    expect((await conference('3102')).presenter).to.equal(null);
  });

  it('a presentation call (X-Vinteo-Presentation-Call: yes) presents its video to the room without enter-room', async () => {
    const b = await inRoom('3103', 'bob', 'Bob');
    const p = new VinteoConnector({ log: () => undefined });
    connectors.push(p);
    await p.connect(account('alice', 'Alice'));
    const slides = new MediaStream([canvasTrack('#c33')]);
    streams.push(slides);
    const available = b.wait('api:contented-stream:available', 15_000);
    let enterRoom = false;
    p.on('api:enter-room', () => {
      enterRoom = true;
    });
    await p.startCall('3103', { mediaStream: slides, presentationCall: true });
    expect((await available).codec).to.equal('VP8');
    const slide = await waitUntil(() => dualTrack(b), 'a remote `dual` video at B', 10_000);
    await waitUntil(
      async () => (await framesDecoded(b.peerConnection as RTCPeerConnection, slide)) > 10,
      'presentation frames decoded at B',
      15_000,
    );
    const snap = await conference('3103');
    expect(snap.presenter).to.deep.include({ user: 'alice', presentationCall: true });
    expect(snap.participants.find((x) => x.user === 'alice')?.infos).to.deep.equal([]);
    expect(enterRoom).to.equal(false);

    const ended = b.wait('api:contented-stream:not-available', 10_000);
    await p.hangUp();
    await ended;
  });
});
