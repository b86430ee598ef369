/**
 * The Vinteo conference protocol end to end: the real connector and <vinteo-call> in Chromium against the local
 * conference emulator. Each test asserts on the connector's events, the element's DOM and what the emulator
 * received.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement } from '../../components/index.js';
import { VinteoConnector } from '../../src/connector.js';
import type { VinteoError } from '../../src/errors.js';
import type { ConnectionConfig } from '../../src/types.js';
import { canvasTrack, fakeMedia, waitUntil } from '../support/media.js';
import { type ConferenceParticipant, type ServerInfo, vinteoServer } from '../support/server.js';

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

async function media(): Promise<MediaStream> {
  const mic = await fakeMedia({ audio: true });
  const stream = new MediaStream([...mic.getAudioTracks(), canvasTrack()]);
  streams.push(mic, stream);
  return stream;
}

/** A registered connector in `conference`, waited until the emulator put it in the room. */
async function inRoom(conference: string, user = 'alice', displayName = 'Alice Smith'): Promise<VinteoConnector> {
  const c = new VinteoConnector({ log: () => undefined });
  connectors.push(c);
  await c.connect(account(user, displayName));
  const entered = c.wait('api:enter-room', 10_000);
  await c.startCall(conference, { mediaStream: await media() });
  await entered;
  await waitUntil(() => c.conference.room.status === 'in-room', 'in-room');
  return c;
}

async function me(conference: string, user = 'alice'): Promise<ConferenceParticipant> {
  const all = await vinteoServer.conferences();
  return all
    .find((c) => c.conference === conference)
    ?.participants.find((p) => p.user === user) as ConferenceParticipant;
}

/** The Vinteo INFOs the emulator received from `user` with this content type suffix. */
async function received(conference: string, type: string, user = 'alice') {
  return waitUntil(async () => {
    const infos =
      (await me(conference, user))?.infos.filter((i) => i.contentType === `application/vinteo.webrtc.${type}`) ?? [];
    return infos.length ? infos : undefined;
  }, `the emulator to receive ${type} from ${user}`);
}

const header = (headers: Record<string, string>, name: string) =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

async function senderCaps(pc: RTCPeerConnection): Promise<Record<string, number | undefined>> {
  const caps: Record<string, number | undefined> = {};
  for (const sender of pc.getSenders())
    if (sender.track) caps[sender.track.kind] = sender.getParameters().encodings[0]?.maxBitrate;
  return caps;
}

describe('Vinteo conference protocol against the local emulator', function () {
  this.timeout(40_000);

  before(async () => {
    server = await vinteoServer.info();
    await vinteoServer.reset();
  });

  afterEach(async () => {
    document.querySelectorAll('vinteo-connector').forEach((el) => el.remove());
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
    streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
    await vinteoServer.reset();
  });

  it('a registered user enters the room: enter-room (name in its case, token), licence; the element shows both', async () => {
    const host = await fixture<VinteoConnectorElement>(html`
      <vinteo-connector server=${server.wsUrl} domain=${server.domain} user="alice" display-name="Alice Smith" register>
        <vinteo-call target="2000"></vinteo-call>
      </vinteo-connector>`);
    host.password = 'alice-secret';
    await host.connect();
    const call = host.querySelector('vinteo-call') as VinteoCallElement;
    const connector = call.connector as VinteoConnector;
    const entered = connector.wait('api:enter-room', 10_000);
    const licensed = connector.wait('api:use-license', 10_000);
    await call.call();
    // The name as the server sent it: the display name as it went on the wire (spaces become `_`), case kept.
    expect((await entered).participantName).to.equal('Alice_Smith');
    expect((await licensed).license).to.equal('VIDEO');
    await waitUntil(() => call.getAttribute('room-status') === 'in-room', 'room-status="in-room"');
    await call.updateComplete;
    const text = (part: string) => call.shadowRoot?.querySelector(`[part~="${part}"]`)?.textContent;
    expect(text('status')).to.equal('In room 2000');
    // The room shows our name as typed; the wire form stays in api:enter-room (above).
    expect(text('participant-name')).to.equal('You: Alice Smith');
    expect(connector.conference.room.participantName).to.equal('Alice Smith');
    expect(text('license')).to.equal('Video licence');
    expect(connector.conference.room).to.include({
      status: 'in-room',
      room: '2000',
      tokenConference: '2000',
      hasToken: true,
    });
    expect(connector.bearerToken).to.equal((await me('2000')).token);
    expect(call.shadowRoot?.innerHTML).not.to.contain(connector.bearerToken);
  });

  it('a guest waits in the waiting room until admitted', async () => {
    const c = new VinteoConnector({ log: () => undefined });
    connectors.push(c);
    await c.connect({ server: server.wsUrl, domain: server.domain, displayName: 'Ann Lee' });
    const rooms: string[] = [];
    c.subscribe(
      (snapshot) => snapshot.conference.room.status,
      (status) => rooms.push(status),
    );
    await c.startCall('2000', { mediaStream: await media() });
    await waitUntil(() => c.conference.room.status === 'purgatory', 'the waiting room');
    expect(c.conference.room.hasToken).to.equal(false);
    await vinteoServer.admit({ user: c.user });
    await waitUntil(() => c.conference.room.status === 'in-room', 'in the room after admission');
    expect(rooms).to.include.ordered.members(['connecting', 'purgatory', 'in-room']);
  });

  it('server INFOs and notifications arrive as typed api:* events', async () => {
    const c = await inRoom('2001');
    const seen: string[] = [];
    for (const name of [
      'api:webcast:started',
      'api:participant:added-to-list-moderators',
      'api:participation:accepting-word-request',
      'api:account:changed',
      'api:contented-stream:available',
      'api:contented-stream:not-available',
      'api:presentation:must-stop',
      'api:main-cam-control',
      'api:channels:notify',
    ] as const) {
      c.on(name, (payload) => seen.push(`${name} ${JSON.stringify(payload)}`));
    }
    await vinteoServer.notifyInfo({
      user: 'alice',
      notify: { cmd: 'WebcastStarted', body: { conference: '2001', type: 'hls' } },
    });
    await vinteoServer.sendNotify({ user: 'alice', notify: { cmd: 'addedToListModerators', conference: '2001' } });
    await vinteoServer.sendNotify({
      user: 'alice',
      notify: { cmd: 'ParticipationRequestAccepted', body: { conference: '2001' } },
    });
    await vinteoServer.notifyInfo({ user: 'alice', notify: { cmd: 'accountChanged' } });
    await vinteoServer.notifyInfo({ user: 'alice', notify: { cmd: 'channels', input: '0,1', output: '0' } });
    const share = (state: string, extra: Record<string, string> = {}) =>
      vinteoServer.sendInfo({
        user: 'alice',
        contentType: 'application/vinteo.webrtc.sharedesktop',
        headers: { 'x-webrtc-share-state': state, ...extra },
      });
    await share('YOUCANRECEIVECONTENT', { 'x-webrtc-share-codec': 'vp8' });
    await share('CONTENTEND');
    await share('YOUMUSTSTOPSENDCONTENT');
    await vinteoServer.sendInfo({
      user: 'alice',
      contentType: 'application/vinteo.webrtc.maincam',
      headers: { 'x-webrtc-maincam': 'MAXMAINCAMRESOLUTION', 'x-webrtc-maincam-resolution': '640x360' },
    });
    await waitUntil(() => seen.length === 9, 'nine api events', 5000).catch(() => undefined);
    expect(seen).to.deep.equal([
      'api:webcast:started {"conference":"2001","type":"hls"}',
      'api:participant:added-to-list-moderators {"conference":"2001"}',
      'api:participation:accepting-word-request {"conference":"2001"}',
      'api:account:changed {}',
      'api:channels:notify {"inputChannels":"0,1","outputChannels":"0"}',
      'api:contented-stream:available {"codec":"VP8"}',
      'api:contented-stream:not-available {}',
      'api:presentation:must-stop {}',
      'api:main-cam-control {"mainCam":"MAXMAINCAMRESOLUTION","resolution":{"width":640,"height":360}}',
    ]);
    expect(c.conference.moderator).to.equal(true);
  });

  it('every notification command, out of dialog and in an INFO, and every main-camera and mic command', async () => {
    const c = await inRoom('2008');
    const notifications: Array<[object, string, object]> = [
      [
        { cmd: 'WebcastStopped', body: { conference: '2008', type: 'hls' } },
        'api:webcast:stopped',
        { conference: '2008', type: 'hls' },
      ],
      [
        { cmd: 'removedFromListModerators', conference: '2008' },
        'api:participant:removed-from-list-moderators',
        { conference: '2008' },
      ],
      [
        { cmd: 'ParticipationRequestRejected', body: { conference: '2008' } },
        'api:participation:cancelling-word-request',
        { conference: '2008' },
      ],
      [
        { cmd: 'ParticipantMovedToWebcast', body: { conference: '2008' } },
        'api:participant:move-request-to-stream',
        { conference: '2008' },
      ],
      [{ cmd: 'accountDeleted' }, 'api:account:deleted', {}],
    ];
    for (const [i, [notify, name, payload]] of notifications.entries()) {
      const got = c.wait(name as 'api:account:deleted', 5000);
      if (i % 2) await vinteoServer.sendNotify({ user: 'alice', notify });
      else await vinteoServer.notifyInfo({ user: 'alice', notify });
      expect(await got, name).to.deep.equal(payload);
    }
    const token = c.wait('api:conference:participant-token-issued', 5000);
    const issued = await vinteoServer.issueToken({ user: 'alice' });
    expect(await token).to.deep.include({ conference: '2008', jwt: issued.token });
    expect(c.bearerToken).to.equal(issued.token);
    const commands: Array<[string, Record<string, string>, string, object]> = [
      [
        'maincam',
        { 'x-webrtc-maincam': 'PAUSEMAINCAM', 'x-webrtc-sync': '1' },
        'api:admin:force-sync-media-state',
        { syncForced: true },
      ],
      ['maincam', { 'x-webrtc-maincam': 'resumemaincam' }, 'api:main-cam-control', { mainCam: 'RESUMEMAINCAM' }],
      [
        'maincam',
        { 'x-webrtc-maincam': 'ADMINSTARTMAINCAM', 'x-webrtc-sync': '0' },
        'api:admin:start-main-cam',
        { syncForced: false },
      ],
      ['mic', { 'x-webrtc-mic': 'ADMINSTOPMIC', 'x-webrtc-sync': '1' }, 'api:admin:stop-mic', { syncForced: true }],
      ['mic', { 'x-webrtc-mic': 'ADMINSTARTMIC', 'x-webrtc-sync': '0' }, 'api:admin:start-mic', { syncForced: false }],
    ];
    for (const [type, headers, name, payload] of commands) {
      const got = c.wait(name as 'api:admin:start-mic', 5000);
      await vinteoServer.sendInfo({ user: 'alice', contentType: `application/vinteo.webrtc.${type}`, headers });
      expect(await got, name).to.deep.equal(payload);
    }
  });

  it('a direct peer-to-peer call announces its p2p room; its failure leaves the call up', async () => {
    const c = new VinteoConnector({ log: () => undefined });
    connectors.push(c);
    await c.connect(account('carol', 'Carol'));
    await vinteoServer.setInfoReply({
      contentType: 'application/vinteo.webrtc.roomname',
      status: 488,
      reason: 'Not Here',
    });
    const failed = c.wait('api:failed-send-room-direct-p2p', 10_000);
    await c.startCall('2009', { mediaStream: await media(), directPeerToPeer: true });
    const [room] = await received('2009', 'roomname', 'carol');
    expect([header(room.headers, 'x-webrtc-enter-room'), header(room.headers, 'x-webrtc-is-direct-p2p')]).to.deep.equal(
      ['p2pcarolto2009', 'true'],
    );
    expect((await failed).error.statusCode).to.equal(488);
    expect(c.callState).to.equal('active');
  });

  it('our INFOs reach the emulator with an explicit Content-Type and no body; a refused one leaves the call up', async () => {
    const c = await inRoom('2002');
    await c.sendChannels({ inputChannels: '0,1', outputChannels: '1' });
    c.setMicEnabled(false);
    await c.sendMediaState();
    await c.sendRefusal('camera');
    const [channels] = await received('2002', 'channels');
    expect(header(channels.headers, 'x-webrtc-input-channels')).to.equal('0,1');
    const [state] = await received('2002', 'mediastate');
    expect([
      header(state.headers, 'x-webrtc-media-state'),
      header(state.headers, 'x-vinteo-mic-state'),
      header(state.headers, 'x-vinteo-maincam-state'),
    ]).to.deep.equal(['currentstate', '0', '1']);
    const [refusal] = await received('2002', 'refusal');
    expect(header(refusal.headers, 'x-vinteo-media-type')).to.equal('1');
    await vinteoServer.setInfoReply({
      conference: '2002',
      contentType: 'application/vinteo.webrtc.maincam',
      status: 603,
      reason: 'Decline',
    });
    const denied = await c.askPermissionToEnableCamera().catch((e: VinteoError) => e);
    expect((denied as VinteoError).code).to.equal('permission-denied');
    expect(c.callState).to.equal('active');
    await c.sendMediaState();
    expect(await received('2002', 'mediastate')).to.have.length(2);
  });

  it('moderator requests in the element: forced applied and reported, the other accepted or refused by the user', async () => {
    const host = await fixture<VinteoConnectorElement>(html`
      <vinteo-connector server=${server.wsUrl} domain=${server.domain} user="bob" display-name="Bob" register>
        <vinteo-call target="2003"></vinteo-call>
      </vinteo-connector>`);
    host.password = 'bob-secret';
    await host.connect();
    const call = host.querySelector('vinteo-call') as VinteoCallElement;
    call.mediaStream = await media();
    await call.call();
    await waitUntil(() => call.getAttribute('room-status') === 'in-room', 'in the room');
    await vinteoServer.adminMedia({ user: 'bob', device: 'camera', action: 'stop', forced: true });
    await waitUntil(() => call.hasAttribute('camera-off'), 'camera turned off by the moderator');
    const [forced] = await received('2003', 'mediastate', 'bob');
    expect(header(forced.headers, 'x-vinteo-maincam-state')).to.equal('0');
    await vinteoServer.adminMedia({ user: 'bob', device: 'camera', action: 'start', forced: false });
    const button = (p: string) => call.shadowRoot?.querySelector<HTMLButtonElement>(`[part~="${p}"]`);
    await waitUntil(() => button('accept-button'), 'the request to be shown');
    expect(call.hasAttribute('camera-off'), 'not applied before the user answers').to.equal(true);
    button('accept-button')?.click();
    await waitUntil(() => !call.hasAttribute('camera-off'), 'camera on after accepting');
    await waitUntil(
      async () => (await received('2003', 'mediastate', 'bob')).length === 2,
      'the accepted state reported',
    );
    await vinteoServer.adminMedia({ user: 'bob', device: 'mic', action: 'start', forced: false });
    await waitUntil(() => button('refuse-button'), 'the second request');
    button('refuse-button')?.click();
    const [refusal] = await received('2003', 'refusal', 'bob');
    expect(header(refusal.headers, 'x-vinteo-media-type')).to.equal('0');
  });

  it('spectator without audio id: senders clamped to 6/60 kbps; back to participant restores them exactly', async () => {
    const c = await inRoom('2004');
    const pc = c.peerConnection as RTCPeerConnection;
    const before = await senderCaps(pc);
    await vinteoServer.setRole({ user: 'alice', role: 'spectator', spectatorMode: 2 });
    await waitUntil(() => c.conference.role.type === 'spectator', 'spectator');
    await waitUntil(
      async () => JSON.stringify(await senderCaps(pc)) === JSON.stringify({ audio: 6000, video: 60000 }),
      'audio and video capped',
    );
    expect(c.conference.role).to.deep.include({ type: 'spectator', canSendMedia: false, mode: 'forced' });
    await vinteoServer.setRole({ user: 'alice', role: 'participant' });
    await waitUntil(() => c.conference.role.type === 'participant', 'participant again');
    await waitUntil(
      async () => JSON.stringify(await senderCaps(pc)) === JSON.stringify(before),
      'caps restored exactly',
    );
  });

  it('spectator with audio id: media switches to a receive-only session over HTTP, and back', async () => {
    const c = await inRoom('2005');
    const mainTracks = () => (c.peerConnection as RTCPeerConnection).getReceivers().map((r) => r.track.id);
    const active = c.wait('conference:recv-session', 15_000);
    await vinteoServer.setRole({ user: 'alice', role: 'spectator', audioId: '7' });
    expect((await active).state).to.be.oneOf(['starting', 'active']);
    await waitUntil(() => c.conference.recvSession === 'active', 'receive-only session active', 15_000);
    const [offer] = await vinteoServer.offers();
    expect(offer).to.include({ conference: '2005', audioId: '7', tokenOk: true, status: 200 });
    await waitUntil(
      () => c.remoteTracks.length >= 2 && c.remoteTracks.every((t) => !mainTracks().includes(t.id)),
      'remote tracks from the receive-only session',
    );
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = new MediaStream(c.remoteTracks.filter((t) => t.kind === 'video').slice(0, 1));
    await video.play();
    await waitUntil(() => video.videoWidth > 0, 'receive-only video decoded', 15_000);
    await waitUntil(
      async () =>
        ((await vinteoServer.conferences()).find((x) => x.conference === '2005')?.viewers[0]?.packetsSent.video ?? 0) >
        10,
      'the emulator sending to the viewer',
    );
    await vinteoServer.setRole({ user: 'alice', role: 'participant' });
    await waitUntil(() => c.conference.recvSession === 'none', 'receive-only session closed');
    await waitUntil(
      () => c.remoteTracks.length > 0 && c.remoteTracks.every((t) => mainTracks().includes(t.id)),
      'remote tracks back on the call',
    );
  });

  it('the server-requested restart INFO adds a receive-only video and restarts ICE; media keeps arriving on the new ICE pair', async () => {
    const c = await inRoom('2006');
    const pc = c.peerConnection as RTCPeerConnection;
    const ufrag = () => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];
    const first = ufrag();
    const restart = c.wait('api:restart', 10_000);
    const restarted = c.wait('call:renegotiated', 10_000);
    await vinteoServer.restart({ user: 'alice', audioTrackCount: 1, videoTrackCount: 2, direction: 'SENDRECV' });
    expect(await restart).to.deep.equal({ tracksDirection: 'SENDRECV', audioTrackCount: 1, videoTrackCount: 2 });
    await restarted;
    expect(ufrag()).to.not.equal(first);
    const invites = await vinteoServer.requests({ method: 'INVITE' });
    const reinvite = invites[invites.length - 1];
    expect(/a=ice-ufrag:(\S+)/.exec(reinvite.body)?.[1], 'the re-INVITE carries the new credentials').to.equal(ufrag());
    const video = pc.getTransceivers().filter((t) => t.receiver.track.kind === 'video');
    expect(video.map((t) => t.direction)).to.deep.equal(['sendrecv', 'recvonly']);
    expect(c.callState).to.equal('active');
    // The emulator's media after the ICE restart: inbound-rtp bytes grow while the selected pair is the new one.
    const selected = async () => {
      const stats = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(String(s.id), s));
      const transport = [...stats.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = stats.get(String(transport?.selectedCandidatePairId));
      const inbound = [...stats.values()]
        .filter((s) => s.type === 'inbound-rtp')
        .reduce((sum, s) => sum + Number(s.bytesReceived ?? 0), 0);
      return {
        ufrag: String(stats.get(String(pair?.localCandidateId))?.usernameFragment ?? ''),
        onPair: Number(pair?.bytesReceived ?? 0),
        inbound,
      };
    };
    const onNew = (await waitUntil(
      async () => {
        const s = await selected();
        return s.ufrag === ufrag() ? s : undefined;
      },
      'a pair of the new ICE generation',
      15_000,
    )) as Awaited<ReturnType<typeof selected>>;
    await waitUntil(
      async () => {
        const s = await selected();
        return s.ufrag === ufrag() && s.onPair > onNew.onPair + 5000 && s.inbound > onNew.inbound + 5000;
      },
      'inbound media bytes on the new pair',
      15_000,
    );
    await c.sendMediaState();
    expect(await received('2006', 'mediastate')).to.have.length(1);
  });

  it('hostile server input: warnings, never exceptions; state stays consistent and the call survives', async () => {
    const c = await inRoom('2007');
    const warnings: string[] = [];
    c.on('warning', ({ message }) => warnings.push(message));
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent | PromiseRejectionEvent) => errors.push('reason' in e ? e.reason : e.error);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    const info = (contentType: string, headers: Record<string, string>) =>
      vinteoServer.sendInfo({ user: 'alice', contentType, headers });
    expect((await info('application/vinteo.webrtc.bogus', { 'x-a': 'b' })).status).to.equal(200);
    await info('application/vinteo.webrtc.uselic', { 'x-webrtc-use-license': 'PLATINUM' });
    await info('application/vinteo.webrtc.maincam', {
      'x-webrtc-maincam': 'MAXMAINCAMRESOLUTION',
      'x-webrtc-maincam-resolution': '99999999x-1',
    });
    await info('application/vinteo.webrtc.roomname', { 'x-webrtc-enter-room': '' });
    await info('application/vinteo.webrtc.partstate', {
      'x-webrtc-partstate': 'SPECTATOR',
      'x-webrtc-spectator-mode': 'nine',
    });
    await vinteoServer.notifyInfo({ user: 'alice', notify: '{"cmd": "WebcastStarted", "body": ' });
    await vinteoServer.notifyInfo({ user: 'alice', notify: { cmd: 'NoSuchCommand' } });
    await vinteoServer.notifyInfo({
      user: 'alice',
      notify: { cmd: 'ConferenceParticipantTokenIssued', body: { conference: 42, participant: [], jwt: null } },
    });
    await info('application/vinteo.webrtc.roomname', {
      'x-webrtc-enter-room': 'x'.repeat(20_000),
      'x-webrtc-participant-name': 'Huge',
    });
    await waitUntil(() => warnings.length >= 6, 'warnings for the bad messages', 5000);
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);
    expect(errors).to.deep.equal([]);
    expect(c.callState).to.equal('active');
    expect(c.conference.license).to.equal('VIDEO');
    expect(c.conference.room.tokenConference).to.equal('2007');
    await c.sendMediaState();
    expect(await received('2007', 'mediastate')).to.have.length(1);
  });
});
