/**
 * The real connector in headless Chromium against the local Vinteo server: real SIP over WebSocket,
 * real WebRTC media answered by a werift peer. Runs inside a loopback-only network namespace.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import { AuthenticationError, VinteoError } from '../../src/errors.js';
import type { ConnectionConfig } from '../../src/types.js';
import { canvasTrack, fakeMedia, rtpTotals, waitUntil } from '../support/media.js';
import { vinteoServer } from '../support/server.js';

let server: { wsUrl: string; domain: string };
const connectors: VinteoConnector[] = [];
const streams: MediaStream[] = [];

function connector(): VinteoConnector {
  const c = new VinteoConnector({ log: () => undefined });
  connectors.push(c);
  return c;
}

async function media(): Promise<MediaStream> {
  const stream = await fakeMedia();
  streams.push(stream);
  return stream;
}

function guest(): ConnectionConfig {
  return { server: server.wsUrl, domain: server.domain, displayName: 'Test Guest' };
}

function registered(user = 'alice'): ConnectionConfig {
  return {
    server: server.wsUrl,
    domain: server.domain,
    register: true,
    user,
    password: `${user}-secret`,
    remoteAddress: '127.0.0.9',
    extraHeaders: ['X-Test: yes'],
  };
}

async function inCall(target = '1000'): Promise<VinteoConnector> {
  const c = connector();
  await c.connect(guest());
  await c.startCall(target, { mediaStream: await media() });
  return c;
}

async function mediaFlowing(c: VinteoConnector): Promise<void> {
  await waitUntil(
    async () => {
      const t = await rtpTotals(c.peerConnection as RTCPeerConnection);
      return (
        t.inbound.audio.bytes > 0 &&
        t.inbound.video.framesDecoded > 0 &&
        t.outbound.audio.bytes > 0 &&
        t.outbound.video.bytes > 0
      );
    },
    'audio and video both ways',
    15_000,
  );
}

/** Inbound video RTP streams that have decoded frames. */
async function decodingVideoStreams(pc: RTCPeerConnection): Promise<number> {
  let count = 0;
  (await pc.getStats()).forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video' && Number(s.framesDecoded) > 0) count += 1;
  });
  return count;
}

async function serverDialog(user: string) {
  return waitUntil(
    async () => (await vinteoServer.dialogs()).find((d) => d.user === user && d.state !== 'terminated'),
    `server dialog of ${user}`,
  );
}

describe('connector ⇄ local Vinteo server', function () {
  this.timeout(40_000);

  before(async () => {
    server = await vinteoServer.info();
  });

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
    streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
    await vinteoServer.reset();
  });

  it('connects as a guest without REGISTER', async () => {
    const c = connector();
    const states: string[] = [];
    c.on('connection:state', ({ state }) => states.push(state));
    await c.connect(guest());
    expect(c.connectionState).to.equal('connected');
    expect(c.user).to.match(/^\d{6,8}$/);
    expect(states).to.deep.equal(['connecting', 'connected']);
    expect(await vinteoServer.requests({ method: 'REGISTER' })).to.have.length(0);
  });

  it('registers with digest auth, sends X-Vinteo-Remote and extra headers, unregisters on disconnect', async () => {
    const c = connector();
    await c.connect(registered());
    expect(c.connectionState).to.equal('registered');
    expect((await vinteoServer.registrations()).map((r) => r.user)).to.include('alice');
    const [last] = (await vinteoServer.requests({ method: 'REGISTER' })).slice(-1);
    expect(headerOf(last.headers, 'X-Vinteo-Remote')).to.equal('127.0.0.9');
    expect(headerOf(last.headers, 'X-Test')).to.equal('yes');
    await c.disconnect();
    expect(c.connectionState).to.equal('disconnected');
    expect((await vinteoServer.registrations()).map((r) => r.user)).not.to.include('alice');
  });

  it('rejects a wrong password with one typed authentication error and no retry storm', async () => {
    const c = connector();
    const failures: VinteoError[] = [];
    c.on('connection:failed', ({ error }) => failures.push(error));
    let caught: unknown;
    await c.connect({ ...registered(), password: 'not-the-password' }).catch((e) => {
      caught = e;
    });
    expect(caught).to.be.instanceOf(AuthenticationError);
    expect((caught as VinteoError).code).to.equal('authentication-failed');
    expect((caught as Error).message).not.to.contain('not-the-password');
    expect(failures).to.have.length(1);
    expect(c.connectionState).to.equal('disconnected');
    expect((await vinteoServer.requests({ method: 'REGISTER' })).length).to.be.at.most(2);
  });

  it('fails fast with a network error on an unreachable server', async () => {
    const c = connector();
    let caught: unknown;
    await c.connect({ server: 'ws://127.0.0.1:9/', connectTimeoutMs: 3000 }).catch((e) => {
      caught = e;
    });
    expect((caught as VinteoError).code).to.be.oneOf(['network', 'connect-timeout']);
    expect(c.connectionState).to.equal('disconnected');
  });

  it('calls the echo conference with Vinteo headers; audio and video flow both ways', async () => {
    const c = await inCall();
    expect(c.callState).to.equal('active');
    const [invite] = await vinteoServer.requests({ method: 'INVITE' });
    expect(headerOf(invite.headers, 'X-Vinteo-Mic-State')).to.equal('1');
    expect(headerOf(invite.headers, 'X-Vinteo-MainCam-State')).to.equal('1');
    expect(headerOf(invite.headers, 'X-Vinteo-Purgatory-Call')).to.equal('yes');
    expect(invite.body.indexOf('m=audio')).to.be.below(invite.body.indexOf('m=video'));
    await mediaFlowing(c);
    expect(c.remoteTracks.map((t) => t.kind).sort()).to.deep.equal(['audio', 'video']);
    const dialog = await serverDialog(c.user as string);
    await waitUntil(async () => {
      const d = (await vinteoServer.dialogs()).find((x) => x.callId === dialog.callId);
      return d && d.media.audio.packetsReceived > 0 && d.media.video.packetsReceived > 0;
    }, 'server to receive audio and video');
  });

  it('hangs up from the browser (BYE reaches the server, nothing stays open)', async () => {
    const c = await inCall();
    const pc = c.peerConnection as RTCPeerConnection;
    const ended = c.wait('call:ended', 5000);
    await c.hangUp();
    const payload = await ended;
    expect(payload.originator).to.equal('local');
    expect(payload.cause).to.equal('hangup');
    expect(c.callState).to.equal('idle');
    expect(pc.connectionState).to.equal('closed');
    expect(await vinteoServer.requests({ method: 'BYE' })).to.have.length(1);
  });

  it('ends the call when the server hangs up', async () => {
    const c = await inCall();
    const ended = c.wait('call:ended', 5000);
    await vinteoServer.hangUp({ user: c.user });
    expect((await ended).originator).to.equal('remote');
    expect(c.callState).to.equal('idle');
  });

  it('cancels a ringing outgoing call (CANCEL, then 487)', async () => {
    const c = connector();
    await c.connect(guest());
    const pending = c.startCall('noanswer', { mediaStream: await media() });
    await c.wait('call:progress', 5000);
    await c.hangUp();
    let caught: unknown;
    await pending.catch((e) => {
      caught = e;
    });
    expect((caught as VinteoError).code).to.equal('canceled');
    expect(await vinteoServer.requests({ method: 'CANCEL' })).to.have.length(1);
    expect(c.callState).to.equal('idle');
  });

  it('turns busy and not-found answers into typed errors', async () => {
    const c = connector();
    await c.connect(guest());
    const busy = await c.startCall('busy', { mediaStream: await media() }).catch((e: VinteoError) => e);
    expect((busy as VinteoError).code).to.equal('busy');
    const missing = await c.startCall('missing').catch((e: VinteoError) => e);
    expect((missing as VinteoError).code).to.equal('not-found');
    expect(c.callState).to.equal('idle');
  });

  it('answers an incoming call from the server; media flows', async () => {
    const c = connector();
    await c.connect(registered('bob'));
    const ringing = c.wait('incoming-call:ringing', 5000);
    await vinteoServer.callUser({ user: 'bob', from: 'carol', displayName: 'Carol' });
    const { caller } = await ringing;
    expect(caller.user).to.equal('carol');
    expect(c.callState).to.equal('ringing');
    await c.answer({ mediaStream: await media() });
    expect(c.callState).to.equal('active');
    await mediaFlowing(c);
  });

  it('declines an incoming call with 487 and busy with 486', async () => {
    const c = connector();
    await c.connect(registered('bob'));
    let ringing = c.wait('incoming-call:ringing', 5000);
    const first = await vinteoServer.callUser({ user: 'bob' });
    await ringing;
    await c.decline();
    await waitUntil(
      async () => (await vinteoServer.dialogs()).find((d) => d.callId === first.callId)?.finalStatus === 487,
      'server to see 487',
    );
    ringing = c.wait('incoming-call:ringing', 5000);
    const second = await vinteoServer.callUser({ user: 'bob' });
    await ringing;
    await c.decline(486);
    await waitUntil(
      async () => (await vinteoServer.dialogs()).find((d) => d.callId === second.callId)?.finalStatus === 486,
      'server to see 486',
    );
    expect(c.callState).to.equal('idle');
  });

  it('clears the ringing state when the caller cancels', async () => {
    const c = connector();
    await c.connect(registered('bob'));
    const ringing = c.wait('incoming-call:ringing', 5000);
    const { callId } = await vinteoServer.callUser({ user: 'bob' });
    await ringing;
    const terminated = c.wait('incoming-call:terminated', 5000);
    await vinteoServer.cancelCall({ callId });
    await terminated;
    expect(c.callState).to.equal('idle');
    expect(c.incomingCaller).to.equal(undefined);
  });

  it('sends DTMF as SIP INFO dtmf-relay, one tone at a time', async () => {
    const c = await inCall();
    await c.sendDtmf('12#', { gap: 50 });
    const infos = await vinteoServer.requests({ method: 'INFO' });
    expect(infos.map((i) => i.body)).to.deep.equal([
      'Signal=1\r\nDuration=120\r\n',
      'Signal=2\r\nDuration=120\r\n',
      'Signal=#\r\nDuration=120\r\n',
    ]);
    expect(infos.every((i) => /application\/dtmf-relay/i.test(headerOf(i.headers, 'Content-Type') ?? ''))).to.equal(
      true,
    );
  });

  it('sends DTMF as RFC 4733 telephone-events the server decodes', async () => {
    const c = await inCall();
    await mediaFlowing(c);
    await c.sendDtmf('59', { mode: 'rfc4733', duration: 160, gap: 100 });
    await waitUntil(
      async () => (await vinteoServer.dialogs()).find((d) => d.user === c.user)?.media.rfc4733Digits.join('') === '59',
      'server to decode 5 and 9',
    );
  });

  it('sends an INFO with an explicit Content-Type and empty body; receives INFO and NOTIFY', async () => {
    const c = await inCall();
    const response = await c.sendInfo('application/vinteo.webrtc.mediastate', '', ['X-WEBRTC-MEDIA-STATE: 1,0']);
    expect(response.statusCode).to.equal(200);
    const [info] = await vinteoServer.requests({ method: 'INFO' });
    expect(headerOf(info.headers, 'Content-Type')).to.equal('application/vinteo.webrtc.mediastate');
    expect(headerOf(info.headers, 'X-WEBRTC-MEDIA-STATE')).to.equal('1,0');
    expect(info.body).to.equal('');

    const received = c.wait('call:info', 5000);
    const sent = await vinteoServer.sendInfo({
      user: c.user,
      contentType: 'application/vinteo.webrtc.roomname',
      headers: { 'X-WEBRTC-ENTER-ROOM': 'Room42' },
      body: '',
    });
    expect(sent.status).to.equal(200);
    const message = await received;
    expect(message.contentType).to.equal('application/vinteo.webrtc.roomname');
    expect(headerOf(message.headers, 'x-webrtc-enter-room')).to.equal('Room42');

    const notified = c.wait('connection:notify', 5000);
    const notify = await vinteoServer.sendNotify({
      user: c.user,
      event: 'vinteo',
      headers: { 'X-VINTEO-NOTIFY': '{"cmd":"channels"}' },
      body: '',
    });
    expect(notify.status).to.equal(200);
    expect(headerOf((await notified).headers, 'x-vinteo-notify')).to.equal('{"cmd":"channels"}');
  });

  it('receives DTMF INFO from the server as call:dtmf', async () => {
    const c = await inCall();
    const dtmf = c.wait('call:dtmf', 5000);
    await vinteoServer.sendInfo({
      user: c.user,
      contentType: 'application/dtmf-relay',
      headers: {},
      body: 'Signal=7\r\nDuration=100\r\n',
    });
    expect(await dtmf).to.deep.equal({ tone: '7', duration: 100, originator: 'remote' });
  });

  it('mutes and unmutes the microphone and camera (tracks disabled, events fired)', async () => {
    const c = await inCall();
    const states: Array<{ micEnabled: boolean; cameraEnabled: boolean }> = [];
    c.on('call:media-state', (s) => states.push(s));
    c.setMicEnabled(false);
    c.setCameraEnabled(false);
    const stream = c.localStream as MediaStream;
    expect(stream.getAudioTracks()[0].enabled).to.equal(false);
    expect(stream.getVideoTracks()[0].enabled).to.equal(false);
    c.setMicEnabled(true);
    expect(stream.getAudioTracks()[0].enabled).to.equal(true);
    expect(states.at(-1)).to.deep.equal({ micEnabled: true, cameraEnabled: false });
    c.setCameraEnabled(true);
  });

  it('replaces the camera track mid-call without a re-INVITE; the new track is sent', async () => {
    const c = await inCall();
    await mediaFlowing(c);
    const old = c.localStream as MediaStream;
    const replacement = new MediaStream([old.getAudioTracks()[0], canvasTrack()]);
    streams.push(replacement);
    await c.replaceMediaStream(replacement);
    const sender = (c.peerConnection as RTCPeerConnection).getSenders().find((s) => s.track?.kind === 'video');
    expect(sender?.track?.id).to.equal(replacement.getVideoTracks()[0].id);
    expect(old.getVideoTracks()[0].readyState).to.equal('ended');
    expect(await vinteoServer.requests({ method: 'INVITE' })).to.have.length(1);
    const before = (await rtpTotals(c.peerConnection as RTCPeerConnection)).outbound.video.bytes;
    await waitUntil(
      async () => (await rtpTotals(c.peerConnection as RTCPeerConnection)).outbound.video.bytes > before + 1000,
      'video bytes after replacement',
    );
  });

  it('re-INVITEs when a kind is added (audio-only call gains video)', async () => {
    const c = connector();
    await c.connect(guest());
    const audioOnly = await fakeMedia({ audio: true });
    streams.push(audioOnly);
    await c.startCall('1000', { mediaStream: audioOnly });
    const withVideo = new MediaStream([audioOnly.getAudioTracks()[0], canvasTrack()]);
    streams.push(withVideo);
    await c.replaceMediaStream(withVideo);
    expect(await vinteoServer.requests({ method: 'INVITE' })).to.have.length(2);
    await waitUntil(
      async () => (await rtpTotals(c.peerConnection as RTCPeerConnection)).outbound.video.bytes > 0,
      'video sent after re-INVITE',
    );
  });

  it('a refused INFO rejects with info-rejected and the SIP status; the call survives', async () => {
    const c = await inCall();
    const error = await c
      .sendInfo('application/vinteo.webrtc.refusal', '', ['X-Test-Reply: 603'])
      .catch((e: VinteoError) => e);
    expect((error as VinteoError).code).to.equal('info-rejected');
    expect((error as VinteoError).statusCode).to.equal(603);
    expect(c.callState).to.equal('active');
    expect((await c.sendInfo('application/vinteo.webrtc.mediastate')).statusCode).to.equal(200);
  });

  it('keeps two remote video tracks at once (camera + a second video, as for presentation)', async () => {
    const c = connector();
    await c.connect(guest());
    const cam = await media();
    const two = new MediaStream([...cam.getTracks(), canvasTrack()]);
    streams.push(two);
    await c.startCall('1000', { mediaStream: two });
    await waitUntil(() => c.remoteTracks.filter((t) => t.kind === 'video').length === 2, 'two remote video tracks');
    await waitUntil(
      async () => (await rtpTotals(c.peerConnection as RTCPeerConnection)).inbound.video.framesDecoded > 10,
      'frames decoded',
    );
    const live = c.remoteTracks.filter((t) => t.kind === 'video' && t.readyState === 'live');
    expect(live).to.have.length(2);
  });

  it('a second video track added mid-call re-INVITEs once; both remote videos are live, the first never re-negotiated away', async () => {
    const c = await inCall();
    await mediaFlowing(c);
    const cam = c.localStream as MediaStream;
    const two = new MediaStream([...cam.getTracks(), canvasTrack()]);
    streams.push(two);
    await c.replaceMediaStream(two, { stopReplaced: false });
    expect(await vinteoServer.requests({ method: 'INVITE' })).to.have.length(2);
    const pc = c.peerConnection as RTCPeerConnection;
    expect(
      pc
        .getSenders()
        .filter((s) => s.track?.kind === 'video')
        .map((s) => s.track?.id),
    ).to.deep.equal(two.getVideoTracks().map((t) => t.id));
    await waitUntil(
      () => c.remoteTracks.filter((t) => t.kind === 'video' && t.readyState === 'live').length === 2,
      'two live remote video tracks',
    );
    await waitUntil(async () => (await decodingVideoStreams(pc)) === 2, 'frames decoded on both remote videos', 15_000);
  });

  it('applies media options: codec exclusion, send encodings, content hint, transceiver hook', async () => {
    const c = connector();
    await c.connect(guest());
    const added: string[] = [];
    await c.startCall('1000', {
      mediaStream: await media(),
      excludedVideoCodecs: ['video/VP9', 'video/AV1', 'video/H264'],
      preferredVideoCodecs: ['video/VP8'],
      sendEncodings: [{ maxBitrate: 300_000 }],
      contentHint: 'detail',
      degradationPreference: 'maintain-resolution',
      onAddedTransceiver: (t, track) => added.push(`${t.receiver.track.kind}:${track ? 'send' : 'recv'}`),
    });
    const [invite] = await vinteoServer.requests({ method: 'INVITE' });
    const video = invite.body.slice(invite.body.indexOf('m=video'));
    expect(video).to.match(/VP8\/90000/);
    expect(video).not.to.match(/VP9|AV1|H264/);
    expect(added).to.deep.equal(['audio:send', 'video:send']);
    const sender = (c.peerConnection as RTCPeerConnection)
      .getSenders()
      .find((s) => s.track?.kind === 'video') as RTCRtpSender;
    expect(sender.getParameters().encodings[0].maxBitrate).to.equal(300_000);
    expect(sender.track?.contentHint).to.equal('detail');
  });

  it('answers a second incoming call with 486 while busy', async () => {
    const c = connector();
    await c.connect(registered('bob'));
    await c.startCall('1000', { mediaStream: await media() });
    const warning = c.wait('warning', 5000);
    const { callId } = await vinteoServer.callUser({ user: 'bob' });
    await warning;
    await waitUntil(
      async () => (await vinteoServer.dialogs()).find((d) => d.callId === callId)?.finalStatus === 486,
      'server to see 486',
    );
    expect(c.callState).to.equal('active');
  });

  it('hang-up while the connection is being re-established still ends the call at once (locally)', async () => {
    const c = await inCall();
    await vinteoServer.refuseConnections({ ms: 20_000 });
    const reconnecting = c.wait('call:reconnecting', 5000);
    await vinteoServer.dropConnection({ user: c.user as string });
    await reconnecting;
    expect(c.connectionState).to.equal('reconnecting');
    await c.hangUp();
    expect(c.callState).to.equal('idle');
    expect(c.peerConnection).to.equal(undefined);
    const error = await c.startCall('1000').catch((e: VinteoError) => e);
    expect((error as VinteoError).code).to.equal('invalid-state');
  });

  it('asks for a key frame (RFC 5168 INFO) when remote video decodes nothing, and then decodes it', async () => {
    const c = connector();
    await c.connect(guest());
    const requested = c.wait('call:keyframe-requested', 10_000);
    await c.startCall('keyframe', { mediaStream: await media() });
    expect((await requested).reason).to.equal('no-frames');
    const info = await vinteoServer.waitFor({ method: 'INFO', timeoutMs: 5000 });
    expect(headerOf(info.headers, 'Content-Type')).to.equal('application/media_control+xml');
    expect(info.body).to.contain('<picture_fast_update/>');
    await waitUntil(
      async () => (await rtpTotals(c.peerConnection as RTCPeerConnection)).inbound.video.framesDecoded > 0,
      'video decoded after the request',
    );
  });

  it('refuses commands in the wrong state with invalid-state errors', async () => {
    const c = connector();
    for (const attempt of [() => c.hangUp(), () => c.sendDtmf('1'), () => c.answer(), () => c.startCall('1000')]) {
      const error = await attempt().catch((e: VinteoError) => e);
      expect((error as VinteoError).code).to.equal('invalid-state');
    }
  });
});

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}
