/**
 * The local server as a Vinteo conference emulator, driven by the real connector: enter-room and licence INFOs
 * after the call is confirmed, the waiting room and admission, the control actions' INFOs and NOTIFYs, media
 * between two participants, and the spectator receive-only offer endpoint.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import type { VinteoError } from '../../src/errors.js';
import type { ConnectionConfig, InfoMessage } from '../../src/types.js';
import { canvasTrack, fakeMedia, rtpTotals, waitUntil } from '../support/media.js';
import { type ConferenceParticipant, type ServerInfo, vinteoServer } from '../support/server.js';

let server: ServerInfo;
const connectors: VinteoConnector[] = [];
const streams: MediaStream[] = [];
const peers: RTCPeerConnection[] = [];

const header = (message: InfoMessage, name: string) =>
  Object.entries(message.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
const ofType = (infos: InfoMessage[], type: string) =>
  infos.filter((i) => i.contentType === `application/vinteo.webrtc.${type}`);

function registered(user: string, displayName?: string): ConnectionConfig {
  return {
    server: server.wsUrl,
    domain: server.domain,
    register: true,
    user,
    password: `${user}-secret`,
    ...(displayName ? { displayName } : {}),
  };
}

function guest(displayName = 'Ann Lee'): ConnectionConfig {
  return { server: server.wsUrl, domain: server.domain, displayName };
}

/** A connector that records every INFO it receives, connected with `config`. */
async function joined(config: ConnectionConfig, conference: string, video?: MediaStreamTrack) {
  const c = new VinteoConnector({ log: () => undefined });
  connectors.push(c);
  const infos: InfoMessage[] = [];
  c.on('call:info', (message) => infos.push(message));
  await c.connect(config);
  const mic = await fakeMedia({ audio: true });
  const stream = new MediaStream([...mic.getAudioTracks(), video ?? canvasTrack()]);
  streams.push(mic, stream);
  await c.startCall(conference, { mediaStream: stream });
  return { c, infos };
}

async function participant(conference: string, user: string): Promise<ConferenceParticipant> {
  return waitUntil(
    async () =>
      (await vinteoServer.conferences())
        .find((c) => c.conference === conference)
        ?.participants.find((p) => p.user === user),
    `${user} in ${conference}`,
  ) as Promise<ConferenceParticipant>;
}

/** One playing <video> per remote track, to sample its pixels. */
const players = new Map<MediaStreamTrack, HTMLVideoElement>();

function player(track: MediaStreamTrack): HTMLVideoElement {
  const existing = players.get(track);
  if (existing) return existing;
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.srcObject = new MediaStream([track]);
  void video.play().catch(() => undefined);
  players.set(track, video);
  return video;
}

/** The colour at the top-left of the remote video as its dominant channel ('r', 'g', 'b'), or '' before any frame. */
function remoteColour(c: VinteoConnector): string {
  const track = c.remoteTracks.find((t) => t.kind === 'video' && t.readyState === 'live');
  const video = track && player(track);
  if (!video || video.videoWidth === 0) return '';
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  ctx.drawImage(video, 0, 0);
  const [r, g, b] = ctx.getImageData(8, 8, 1, 1).data;
  const dominant = (x: number, y: number, z: number) => x > y + 60 && x > z + 60;
  return dominant(r, g, b) ? 'r' : dominant(g, r, b) ? 'g' : dominant(b, r, g) ? 'b' : `(${r},${g},${b})`;
}

async function seesColour(c: VinteoConnector, colour: string, what: string) {
  const started = Date.now();
  await waitUntil(() => remoteColour(c) === colour, `${what} (last seen ${remoteColour(c) || 'nothing'})`, 15_000, 100);
  console.log(`emulator: ${what} after ${Date.now() - started} ms`);
}

describe('the local server as a Vinteo conference emulator', function () {
  this.timeout(60_000);

  before(async () => {
    server = await vinteoServer.info();
  });

  afterEach(async () => {
    players.forEach((video) => {
      video.srcObject = null;
    });
    players.clear();
    peers.splice(0).forEach((pc) => pc.close());
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
    streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
    await vinteoServer.reset();
  });

  it('sends enter-room (room, name in its original case, a token) and then the licence after the call is confirmed', async () => {
    await vinteoServer.configureConference({ conference: '2001', license: 'AUDIOPLUSPRESENTATION' });
    const { infos } = await joined(registered('alice', 'Alice Smith'), '2001');
    await waitUntil(() => infos.length >= 2, 'two INFOs');
    expect(infos.slice(0, 2).map((i) => i.contentType)).to.deep.equal([
      'application/vinteo.webrtc.roomname',
      'application/vinteo.webrtc.uselic',
    ]);
    const [room, licence] = infos as [InfoMessage, InfoMessage];
    expect(header(room, 'x-webrtc-enter-room')).to.equal('2001');
    expect(header(room, 'x-webrtc-participant-name')).to.equal('Alice_Smith');
    expect(room.body).to.equal('');
    expect(header(licence, 'x-webrtc-use-license')).to.equal('AUDIOPLUSPRESENTATION');
    const me = await participant('2001', 'alice');
    expect(header(room, 'x-bearer-token')).to.equal(me.token);
    expect(me.token).to.match(/^\S{20,}$/);
    expect(me).to.include({ room: '2001', role: 'participant', guest: false, displayName: 'Alice_Smith' });
  });

  it('puts a guest in the waiting room (no token) and admits it into the conference with a token', async () => {
    const { c, infos } = await joined(guest(), '2002');
    await waitUntil(() => ofType(infos, 'roomname').length === 1, 'enter-room purgatory');
    const [waiting] = ofType(infos, 'roomname') as [InfoMessage];
    expect(header(waiting, 'x-webrtc-enter-room')).to.equal('purgatory');
    expect(header(waiting, 'x-webrtc-participant-name')).to.equal('Ann_Lee');
    expect(header(waiting, 'x-bearer-token')).to.equal(undefined);
    expect((await participant('2002', c.user as string)).room).to.equal('purgatory');
    const admitted = await vinteoServer.admit({ user: c.user });
    expect(admitted.status).to.equal(200);
    const room = ofType(infos, 'roomname')[1] as InfoMessage;
    expect(header(room, 'x-webrtc-enter-room')).to.equal('2002');
    expect(header(room, 'x-bearer-token')).to.equal(admitted.token);
    expect((await participant('2002', c.user as string)).room).to.equal('2002');
  });

  it('control actions reach the client as Vinteo INFOs and NOTIFYs; configured INFO replies and received INFOs are recorded', async () => {
    const { c, infos } = await joined(registered('bob'), '2003');
    await waitUntil(() => infos.length >= 2, 'enter-room and licence');
    expect(
      (await vinteoServer.setRole({ user: 'bob', role: 'spectator', audioId: '7', spectatorMode: 1 })).status,
    ).to.equal(200);
    expect(
      (await vinteoServer.adminMedia({ user: 'bob', device: 'mic', action: 'stop', forced: true })).status,
    ).to.equal(200);
    expect(
      (await vinteoServer.restart({ user: 'bob', audioTrackCount: 1, videoTrackCount: 2, direction: 'SENDRECV' }))
        .status,
    ).to.equal(200);
    expect(
      (await vinteoServer.notifyInfo({ user: 'bob', notify: { cmd: 'channels', input: '0,1', output: '0' } })).status,
    ).to.equal(200);
    expect(
      (await vinteoServer.setLicense({ conference: '2003', license: 'AUDIO' })).sent.map((s) => s.status),
    ).to.deep.equal([200]);
    const [role] = ofType(infos, 'partstate') as [InfoMessage];
    expect([
      header(role, 'x-webrtc-partstate'),
      header(role, 'x-webrtc-audioid'),
      header(role, 'x-webrtc-spectator-mode'),
    ]).to.deep.equal(['SPECTATOR', '7', '1']);
    const [mic] = ofType(infos, 'mic') as [InfoMessage];
    expect([header(mic, 'x-webrtc-mic'), header(mic, 'x-webrtc-sync')]).to.deep.equal(['ADMINSTOPMIC', '1']);
    const [restart] = ofType(infos, 'restart') as [InfoMessage];
    expect(header(restart, 'x-webrtc-video-track-count')).to.equal('2');
    expect(JSON.parse(header(ofType(infos, 'notify')[0] as InfoMessage, 'x-vinteo-notify') as string)).to.deep.equal({
      cmd: 'channels',
      input: '0,1',
      output: '0',
    });
    expect(header(ofType(infos, 'uselic')[1] as InfoMessage, 'x-webrtc-use-license')).to.equal('AUDIO');

    const notified = c.wait('connection:notify', 5000);
    const issued = await vinteoServer.issueToken({ user: 'bob' });
    const notify = JSON.parse(header(await notified, 'x-vinteo-notify') as string);
    expect(notify).to.deep.equal({
      cmd: 'ConferenceParticipantTokenIssued',
      body: { conference: '2003', participant: 'bob', jwt: issued.token },
    });

    await vinteoServer.setInfoReply({
      conference: '2003',
      contentType: 'application/vinteo.webrtc.maincam',
      match: { 'x-webrtc-request-enable-media-device': 'LETMESTARTMAINCAM' },
      status: 603,
    });
    const refused = await c
      .sendInfo('application/vinteo.webrtc.maincam', '', ['x-webrtc-request-enable-media-device: LETMESTARTMAINCAM'])
      .catch((e: VinteoError) => e);
    expect((refused as VinteoError).statusCode).to.equal(603);
    expect(
      (await c.sendInfo('application/vinteo.webrtc.mediastate', '', ['x-webrtc-media-state: currentstate'])).statusCode,
    ).to.equal(200);
    const sent = (await participant('2003', 'bob')).infos.map((i) => [i.contentType, i.status]);
    expect(sent).to.deep.include.members([
      ['application/vinteo.webrtc.maincam', 603],
      ['application/vinteo.webrtc.mediastate', 200],
    ]);
  });

  it('two participants in one conference each receive the other one’s video; alone again, the echo comes back', async () => {
    await vinteoServer.configureConference({ conference: '2010', waitingRoom: false });
    const red = await joined(guest('Red'), '2010', canvasTrack('#e00000'));
    await seesColour(red.c, 'r', 'red to see its own echo while alone');
    const blue = await joined(guest('Blue'), '2010', canvasTrack('#0000e0'));
    await seesColour(blue.c, 'r', 'blue to see red');
    await seesColour(red.c, 'b', 'red to see blue');
    const audio = await rtpTotals(blue.c.peerConnection as RTCPeerConnection);
    expect(audio.inbound.audio.bytes).to.be.greaterThan(0);
    await blue.c.hangUp();
    await seesColour(red.c, 'r', 'red to see its echo again');
  });

  it('answers a spectator offer (5 recvonly m-lines) with conference media; a wrong token gets 401', async () => {
    const { infos } = await joined(registered('carol'), '2020', canvasTrack('#00c000'));
    const roomInfo = await waitUntil(() => ofType(infos, 'roomname')[0], 'enter-room');
    const token = header(roomInfo, 'x-bearer-token') as string;
    const pc = new RTCPeerConnection({ iceServers: [] });
    peers.push(pc);
    pc.addTransceiver('audio', { direction: 'recvonly' });
    for (let i = 0; i < 4; i += 1) pc.addTransceiver('video', { direction: 'recvonly' });
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const url = `${server.apiUrl}/api/v2/rtp2webrtc/offer/2020?quality=high&audio=7`;
    const post = (bearer: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ type: offer.type, sdp: offer.sdp }),
      });
    expect((await post('not-a-token')).status).to.equal(401);
    const response = await post(token);
    expect(response.status).to.equal(200);
    const answer = (await response.json()) as RTCSessionDescriptionInit;
    expect(answer.type).to.equal('answer');
    expect((answer.sdp as string).match(/^a=sendonly/gm)).to.have.length(2);
    await pc.setRemoteDescription(answer);
    await waitUntil(
      async () => {
        const t = await rtpTotals(pc);
        return t.inbound.audio.bytes > 0 && t.inbound.video.framesDecoded > 0;
      },
      'conference audio and decoded video on the spectator connection',
      15_000,
    );
    const offers = await vinteoServer.offers();
    expect(offers.map((o) => [o.quality, o.audioId, o.tokenOk, o.status])).to.deep.equal([
      ['high', '7', false, 401],
      ['high', '7', true, 200],
    ]);

    const again = await pc.createOffer();
    await pc.setLocalDescription(again);
    const renegotiated = await post(token);
    expect(renegotiated.status).to.equal(200);
    await pc.setRemoteDescription((await renegotiated.json()) as RTCSessionDescriptionInit);
    const decoded = (await rtpTotals(pc)).inbound.video.framesDecoded;
    await waitUntil(
      async () => (await rtpTotals(pc)).inbound.video.framesDecoded > decoded + 10,
      'video still decoded after renegotiation',
    );
    const [conference] = (await vinteoServer.conferences()).filter((c) => c.conference === '2020');
    expect(conference.viewers).to.have.length(1);
    expect(conference.viewers[0]).to.include({
      owner: 'carol',
      receives: conference.participants[0].callId,
      quality: 'high',
      audioId: '7',
    });

    const garbage = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: 'not json',
    });
    expect(garbage.status).to.equal(400);
    expect(
      (await fetch(`${server.apiUrl}/api/v2/rtp2webrtc/offer/9999`, { method: 'POST', body: '{}' })).status,
    ).to.equal(404);
  });
});
