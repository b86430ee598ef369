/**
 * Presentation (screen sharing) end to end: the real connector in Chromium against the local conference emulator.
 * A canvas track stands in for the screen. Each test asserts on the connector's events and state, the sender's
 * parameters, and what the emulator received (INFOs in order, INVITE count).
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import type { VinteoError } from '../../src/errors.js';
import type { ConnectionConfig } from '../../src/types.js';
import type { PresentationStopReason } from '../../src/presentation/types.js';
import { canvasTrack, fakeMedia, waitUntil } from '../support/media.js';
import { type ConferenceParticipant, type ServerInfo, vinteoServer } from '../support/server.js';

let server: ServerInfo;
const connectors: VinteoConnector[] = [];
const tracks: MediaStreamTrack[] = [];
const SHARE = 'application/vinteo.webrtc.sharedesktop';

function account(user: string, extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    server: server.wsUrl,
    domain: server.domain,
    apiUrl: server.apiUrl,
    register: true,
    user,
    password: `${user}-secret`,
    displayName: user,
    ...extra,
  };
}

function screen(): MediaStreamTrack {
  const track = canvasTrack('#e33');
  tracks.push(track);
  return track;
}

async function camera(): Promise<MediaStream> {
  const mic = await fakeMedia({ audio: true });
  const stream = new MediaStream([...mic.getAudioTracks(), canvasTrack()]);
  tracks.push(...stream.getTracks());
  return stream;
}

/** A registered connector in `conference`, in the room. */
async function inRoom(
  conference: string,
  options: { config?: Partial<ConnectionConfig>; presentationCall?: boolean; user?: string } = {},
): Promise<VinteoConnector> {
  const c = new VinteoConnector({ log: () => undefined });
  connectors.push(c);
  await c.connect(account(options.user ?? 'alice', options.config));
  await c.startCall(conference, { mediaStream: await camera(), presentationCall: options.presentationCall });
  const wanted = options.presentationCall ? 'presentation-call' : 'in-room';
  await waitUntil(() => c.conference.room.status === wanted, wanted);
  return c;
}

async function me(conference: string): Promise<ConferenceParticipant | undefined> {
  const all = await vinteoServer.conferences();
  return all.find((c) => c.conference === conference)?.participants.find((p) => p.user === 'alice');
}

/** The share-state values alice sent, in order. */
async function shareStates(conference: string): Promise<string[]> {
  const infos = (await me(conference))?.infos.filter((i) => i.contentType === SHARE) ?? [];
  return infos.map(
    (i) => Object.entries(i.headers).find(([k]) => k.toLowerCase() === 'x-webrtc-share-state')?.[1] ?? '?',
  );
}

async function invites(): Promise<number> {
  return (await vinteoServer.requests({ method: 'INVITE' })).filter((r) => r.fromUser === 'alice').length;
}

function reasons(c: VinteoConnector): PresentationStopReason[] {
  const seen: PresentationStopReason[] = [];
  c.on('presentation:ended', ({ reason }) => seen.push(reason));
  c.on('presentation:failed', ({ reason }) => seen.push(reason));
  return seen;
}

describe('presentation against the local emulator', function () {
  this.timeout(40_000);

  before(async () => {
    server = await vinteoServer.info();
    await vinteoServer.reset();
  });

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
    tracks.splice(0).forEach((t) => t.stop());
    await vinteoServer.reset();
  });

  it('MCU: permission INFO first, then one re-INVITE; the sender is capped (1 Mbit/s, scaled to maxAvailableResolution) and is not the camera', async () => {
    const c = await inRoom('3001', { config: { maxAvailableResolution: { width: 80, height: 60 } } });
    const before = await invites();
    const track = screen();
    const events: string[] = [];
    for (const name of ['presentation:start', 'presentation:started'] as const) c.on(name, () => events.push(name));
    await c.startPresentation(track);
    expect(events).to.deep.equal(['presentation:start', 'presentation:started']);
    expect(c.presentation).to.include({ state: 'active', handshake: 'mcu', track });
    expect(await shareStates('3001')).to.deep.equal(['LETMESTARTPRESENTATION']);
    expect(await invites()).to.equal(before + 1);
    const infoTime = (await me('3001'))?.infos.find((i) => i.contentType === SHARE)?.time ?? Infinity;
    const reinvite = (await vinteoServer.requests({ method: 'INVITE' })).filter((r) => r.fromUser === 'alice').pop();
    expect(infoTime).to.be.below(reinvite?.time ?? 0);
    const { mainVideo, presentation } = c.senders;
    expect(presentation?.track).to.equal(track);
    expect(mainVideo).to.not.equal(presentation);
    expect(mainVideo?.track?.kind).to.equal('video');
    const encoding = presentation?.getParameters().encodings[0];
    expect(encoding?.maxBitrate).to.equal(1_000_000);
    expect(encoding?.scaleResolutionDownBy).to.equal(2); // 160×120 canvas into 80×60
    expect(track.contentHint).to.equal('detail');
  });

  it('stop: STOPPRESENTATION, the track stopped, the m-line kept with no track, no re-INVITE; the next start reuses the sender', async () => {
    const c = await inRoom('3002');
    const seen = reasons(c);
    const first = screen();
    await c.startPresentation(first);
    const sender = c.senders.presentation;
    const transceivers = c.peerConnection?.getTransceivers().length;
    const before = await invites();
    await c.stopPresentation();
    expect(seen).to.deep.equal(['local']);
    expect(first.readyState).to.equal('ended');
    expect(sender?.track).to.equal(null);
    expect(c.peerConnection?.getTransceivers().find((t) => t.sender === sender)?.currentDirection).to.equal('sendrecv');
    expect(await invites()).to.equal(before);
    expect(await shareStates('3002')).to.deep.equal(['LETMESTARTPRESENTATION', 'STOPPRESENTATION']);
    expect(c.presentation).to.deep.equal({ state: 'idle', lastStopReason: 'local' });

    const second = screen();
    await c.startPresentation(second, { maxBitrate: 500_000 });
    expect(c.senders.presentation).to.equal(sender);
    expect(sender?.track).to.equal(second);
    expect(c.peerConnection?.getTransceivers().length).to.equal(transceivers);
    expect(sender?.getParameters().encodings[0].maxBitrate).to.equal(500_000);
  });

  it('a refused permission (403) rejects with presentation-refused, emits presentation:failed and changes no media (no re-INVITE)', async () => {
    const c = await inRoom('3003');
    await vinteoServer.setInfoReply({ conference: '3003', contentType: SHARE, status: 403, reason: 'Forbidden' });
    const seen = reasons(c);
    const transceivers = c.peerConnection?.getTransceivers().length;
    const before = await invites();
    const track = screen();
    const error = await c.startPresentation(track).catch((e: VinteoError) => e);
    expect((error as VinteoError).code).to.equal('presentation-refused');
    expect((error as VinteoError).statusCode).to.equal(403);
    expect(seen).to.deep.equal(['refused']);
    expect(c.presentation.state).to.equal('idle');
    expect(c.peerConnection?.getTransceivers().length).to.equal(transceivers);
    expect(c.peerConnection?.getSenders().some((s) => s.track === track)).to.equal(false);
    expect(track.readyState, "the app's own track is left alone").to.equal('live');
    expect(await invites()).to.equal(before);
    expect(c.callState).to.equal('active');
  });

  it('update: the same INFO again and replaceTrack, no re-INVITE; the old track is stopped', async () => {
    const c = await inRoom('3004');
    const first = screen();
    await c.startPresentation(first);
    const before = await invites();
    const second = screen();
    await c.updatePresentation(second);
    expect(c.senders.presentation?.track).to.equal(second);
    expect(first.readyState).to.equal('ended');
    expect(second.contentHint).to.equal('detail');
    expect(await invites()).to.equal(before);
    expect(await shareStates('3004')).to.deep.equal(['LETMESTARTPRESENTATION', 'LETMESTARTPRESENTATION']);
    expect(c.presentation.state).to.equal('active');
  });

  it('the server orders a stop (YOUMUSTSTOPSENDCONTENT): reason server', async () => {
    const c = await inRoom('3005');
    await c.startPresentation(screen());
    const ended = c.wait('presentation:ended', 10_000);
    await vinteoServer.sendInfo({
      user: 'alice',
      contentType: SHARE,
      headers: { 'x-webrtc-share-state': 'YOUMUSTSTOPSENDCONTENT' },
    });
    expect((await ended).reason).to.equal('server');
    expect(c.senders.presentation?.track).to.equal(null);
    await waitUntil(async () => (await shareStates('3005')).includes('STOPPRESENTATION'), 'the stop INFO');
  });

  it('the browser\'s "Stop sharing" (the track\'s ended event): reason track-ended', async () => {
    const c = await inRoom('3006');
    const track = screen();
    await c.startPresentation(track);
    const ended = c.wait('presentation:ended', 10_000);
    // A track's own stop() does not fire `ended`; the browser's "Stop sharing" button does. Simulate the button.
    track.dispatchEvent(new Event('ended'));
    expect((await ended).reason).to.equal('track-ended');
    expect(c.presentation.state).to.equal('idle');
  });

  it('moved to the spectators while sharing: reason spectator', async () => {
    const c = await inRoom('3007');
    await c.startPresentation(screen());
    const ended = c.wait('presentation:ended', 10_000);
    await vinteoServer.setRole({ user: 'alice', role: 'spectator', spectatorMode: 2 });
    expect((await ended).reason).to.equal('spectator');
    const error = await c.startPresentation(screen()).catch((e: VinteoError) => e);
    expect((error as VinteoError).code).to.equal('invalid-state');
  });

  it('hang-up while sharing: reason call-ended, no stop INFO, the track stopped', async () => {
    const c = await inRoom('3008');
    const track = screen();
    await c.startPresentation(track);
    const seen = reasons(c);
    const ends: PresentationStopReason[] = [];
    c.on('presentation:end', ({ reason }) => ends.push(reason));
    await c.hangUp();
    expect(seen).to.deep.equal(['call-ended']);
    expect(ends).to.deep.equal(['call-ended']);
    expect(track.readyState).to.equal('ended');
    expect(c.presentation).to.deep.equal({ state: 'idle', lastStopReason: 'call-ended' });
    expect(c.remoteStreamsView).to.deep.equal({});
  });

  it('races: a second start is invalid-state; a stop right after a start waits for it and ends it', async () => {
    const c = await inRoom('3009');
    const seen = reasons(c);
    const starting = c.startPresentation(screen());
    const second = await c.startPresentation(screen()).catch((e: VinteoError) => e);
    expect((second as VinteoError).code).to.equal('invalid-state');
    const stopping = c.stopPresentation();
    await starting;
    await stopping;
    expect(seen).to.deep.equal(['local']);
    expect(c.presentation.state).to.equal('idle');
    expect(await shareStates('3009')).to.deep.equal(['LETMESTARTPRESENTATION', 'STOPPRESENTATION']);
  });

  it('a presentation call (X-Vinteo-Presentation-Call) uses the P2P handshake: YOUCANRECEIVECONTENT, then CONTENTEND', async () => {
    const c = await inRoom('3010', { presentationCall: true });
    await c.startPresentation(screen());
    expect(c.presentation.handshake).to.equal('p2p');
    await c.stopPresentation();
    expect(await shareStates('3010')).to.deep.equal(['YOUCANRECEIVECONTENT', 'CONTENTEND']);
  });

  it('getDisplayMedia by default (injected): the connector owns that track and stops it on refusal', async () => {
    const display = screen();
    const c = new VinteoConnector({ log: () => undefined, getDisplayMedia: async () => new MediaStream([display]) });
    connectors.push(c);
    await c.connect(account('alice'));
    await c.startCall('3011', { mediaStream: await camera() });
    await waitUntil(() => c.conference.room.status === 'in-room', 'in-room');
    await vinteoServer.setInfoReply({ conference: '3011', contentType: SHARE, status: 403 });
    const error = await c.startPresentation().catch((e: VinteoError) => e);
    expect((error as VinteoError).code).to.equal('presentation-refused');
    expect(display.readyState).to.equal('ended');
  });

  it('another participant receives the content: YOUCANRECEIVECONTENT, a "dual" stream as remoteStreamsView.content with frames, gone after CONTENTEND', async () => {
    const bob = await inRoom('3012', { user: 'bob' });
    const alice = await inRoom('3012');
    const views: string[] = [];
    bob.on('call:remote-streams-changed', (view) =>
      views.push(`${view.main ? 'main' : '-'}+${view.content ? 'content' : '-'}`),
    );
    const available = bob.wait('api:contented-stream:available', 15_000);
    await alice.startPresentation(screen());
    expect((await available).codec).to.equal('VP8');
    const content = await waitUntil(() => bob.remoteStreamsView.content, "content in bob's view", 15_000);
    expect(bob.remoteStreamsView.main).to.not.equal(content);
    expect(bob.remoteStreamsView.contentCodec).to.equal('VP8');
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = content;
    await video.play();
    await waitUntil(() => video.videoWidth > 0, 'a decoded content frame', 15_000);
    video.srcObject = null;
    const gone = bob.wait('api:contented-stream:not-available', 15_000);
    await alice.stopPresentation();
    await gone;
    await waitUntil(() => !bob.remoteStreamsView.content, "content gone from bob's view");
    expect(bob.remoteStreamsView.main).to.be.instanceOf(MediaStream);
    expect(views.filter((v) => v.endsWith('+content'))).to.have.length(1);
  });

  it('the conference refuses presentations (emulator setting): presentation-refused, nothing forwarded', async () => {
    await vinteoServer.configureConference({ conference: '3013', presentation: 'refuse' });
    const c = await inRoom('3013');
    const before = await invites();
    const error = await c.startPresentation(screen()).catch((e: VinteoError) => e);
    expect((error as VinteoError).code).to.equal('presentation-refused');
    expect(await invites()).to.equal(before);
    const conference = (await vinteoServer.conferences()).find((x) => x.conference === '3013');
    expect(conference?.presenter ?? null).to.equal(null);
  });

  it("the emulator's stop order to the presenter: reason server, the presenter cleared", async () => {
    const c = await inRoom('3014');
    await c.startPresentation(screen());
    await waitUntil(
      async () => (await vinteoServer.conferences()).find((x) => x.conference === '3014')?.presenter,
      'the emulator to see the presenter',
      15_000,
    );
    const ended = c.wait('presentation:ended', 10_000);
    await vinteoServer.stopPresentation({ conference: '3014' });
    expect((await ended).reason).to.equal('server');
    await waitUntil(
      async () => !(await vinteoServer.conferences()).find((x) => x.conference === '3014')?.presenter,
      'the presenter cleared',
    );
  });
});
