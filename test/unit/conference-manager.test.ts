import { expect } from '@open-wc/testing';
import type { CallSession } from '../../src/call/call-session.js';
import { ConferenceManager } from '../../src/conference/conference-manager.js';
import { TappedEmitter } from '../../src/emitter.js';
import { CallRejectedError, InvalidStateError, type VinteoError } from '../../src/errors.js';
import { ensureVideoReceivers } from '../../src/media/media-handler.js';
import type { CallInfo, CallOptions, ConnectorEvents, InfoMessage } from '../../src/types.js';
import { recvApi } from './recv-api.js';

interface SentInfo {
  contentType: string;
  body: string;
  headers: string[];
}

/** A call dialog stand-in: records INFOs (answered by `reply`) and renegotiations. */
function fakeSession(pc?: RTCPeerConnection) {
  const sent: SentInfo[] = [];
  const renegotiations: Array<{ iceRestart?: boolean }> = [];
  const session = {
    sent,
    renegotiations,
    reply: (_info: SentInfo): Promise<void> => Promise.resolve(),
    handler: pc ? { peerConnection: pc } : undefined,
    queue: { run: <T>(job: () => Promise<T>) => job() },
    /** As the real CallSession: more receive videos where asked, then an ICE-restart re-INVITE. */
    async restartMedia(options: { videoReceivers?: number } = {}) {
      if (pc && options.videoReceivers) ensureVideoReceivers(pc, options.videoReceivers);
      renegotiations.push({ iceRestart: true });
    },
    sendInfo(contentType: string, body = '', headers: string[] = []) {
      const info = { contentType, body, headers };
      sent.push(info);
      return session.reply(info).then(() => ({ statusCode: 200, reasonPhrase: 'OK' }));
    },
    async renegotiate(options: { iceRestart?: boolean } = {}) {
      renegotiations.push(options);
    },
  };
  return session;
}

function setUp(options: { fetch?: typeof fetch; pc?: RTCPeerConnection } = {}) {
  const events = new TappedEmitter<ConnectorEvents>((e) => {
    throw e;
  });
  const log: Array<[string, string]> = [];
  const session = fakeSession(options.pc);
  const sources: unknown[] = [];
  const state: { active: boolean; mic: boolean; camera: boolean; options?: CallOptions } = {
    active: true,
    mic: true,
    camera: false,
  };
  const manager = new ConferenceManager({
    events,
    log: (level, message) => log.push([level, message]),
    call: {
      session: () => session as unknown as CallSession,
      activeSession: () => {
        if (!state.active) throw new InvalidStateError('There is no active call');
        return session as unknown as CallSession;
      },
      ownUser: () => '100',
      mediaState: () => ({ camera: state.camera, mic: state.mic }),
      callOptions: () => state.options,
      settings: () => ({ apiUrl: 'http://127.0.0.1:9', iceServers: [] }),
      remote: { useRemoteSource: (s) => sources.push(s), remoteSourceChanged: () => undefined },
    },
    fetch: options.fetch,
    recvTimings: { retryDelayMs: 10, maxAttempts: 2, stepTimeoutMs: 3000, iceGatheringTimeoutMs: 300 },
  });
  const seen: Array<[string, unknown]> = [];
  const record = (name: keyof ConnectorEvents) => events.on(name, (p) => seen.push([name, p]));
  for (const name of NAMES) record(name);
  const call: CallInfo = { id: 'c1', direction: 'outgoing', target: '200', remoteUri: 'sip:200@x' };
  return {
    events,
    manager,
    session,
    sources,
    state,
    seen,
    log,
    names: () => seen.map(([n]) => n),
    payload: (name: string) => seen.filter(([n]) => n === name).at(-1)?.[1],
    start: (opts: CallOptions = {}) => {
      state.options = opts;
      events.emit('call:started', { call });
    },
    confirm: () => events.emit('call:confirmed', { call }),
    end: () => events.emit('call:ended', { call, originator: 'remote', cause: 'hangup' }),
    info: (contentType: string, headers: Record<string, string>) =>
      events.emit('call:info', {
        contentType: `application/vinteo.webrtc.${contentType}`,
        headers,
        body: '',
      } as InfoMessage),
    notify: (json: unknown) =>
      events.emit('connection:notify', {
        event: 'vinteo',
        contentType: '',
        body: '',
        headers: { 'X-VINTEO-NOTIFY': JSON.stringify(json) },
      }),
  };
}

const NAMES: Array<keyof ConnectorEvents> = [
  'conference:changed',
  'conference:room-changed',
  'conference:role-changed',
  'conference:admin-request',
  'conference:recv-session',
  'api:enter-room',
  'api:channels:all',
  'api:use-license',
  'api:admin:start-main-cam',
  'api:admin:stop-mic',
  'api:admin:force-sync-media-state',
  'api:main-cam-control',
  'api:contented-stream:available',
  'api:contented-stream:not-available',
  'api:presentation:must-stop',
  'api:participant:move-request-to-spectators',
  'api:participant:move-request-to-spectators-synthetic',
  'api:participant:move-request-to-spectators-with-audio-id',
  'api:participant:move-request-to-participants',
  'api:conference:participant-token-issued',
  'api:participant:added-to-list-moderators',
  'api:new-dtmf',
  'api:restart',
  'api:failed-send-room-direct-p2p',
  'api:webcast:started',
  'warning',
  'error',
];

const nextTick = () => new Promise((r) => setTimeout(r, 0));

describe('conference manager', () => {
  it('room lifecycle: connecting on start, rooms by INFO and token NOTIFY, disconnecting, idle at the end', () => {
    const t = setUp();
    t.start();
    expect(t.manager.conference.room).to.deep.equal({
      status: 'connecting',
      number: '200',
      hasToken: false,
      isDirectPeerToPeer: false,
    });
    expect(t.names()).to.deep.equal(['conference:room-changed', 'conference:changed']);
    t.seen.length = 0;
    t.confirm();
    expect(t.names()).to.deep.equal([]);
    t.info('roomname', { 'x-webrtc-enter-room': 'purgatory', 'x-webrtc-participant-name': 'Guest Ivan' });
    expect(t.manager.conference.room.status).to.equal('purgatory');
    t.notify({
      cmd: 'ConferenceParticipantTokenIssued',
      body: { conference: 'Main', participant: 'SIP/Ivan', jwt: 'tok.en.1' },
    });
    expect(t.manager.conference.room.status).to.equal('purgatory');
    t.seen.length = 0;
    t.info('roomname', {
      'x-webrtc-enter-room': 'MAIN',
      'x-webrtc-participant-name': 'Ivan',
      'x-webrtc-input-channels': '0',
      'x-webrtc-output-channels': '1',
    });
    expect(t.names()).to.deep.equal([
      'conference:room-changed',
      'conference:changed',
      'api:enter-room',
      'api:channels:all',
    ]);
    expect(t.manager.conference.room).to.deep.include({
      status: 'in-room',
      room: 'MAIN',
      participantName: 'Ivan',
      tokenConference: 'Main',
      hasToken: true,
    });
    expect(t.manager.bearerToken).to.equal('tok.en.1');
    expect(JSON.stringify(t.manager.conference)).to.not.include('tok.en.1');
    expect(t.log.map(([, m]) => m).join()).to.not.include('tok.en.1');
    t.manager.hangingUp();
    expect(t.manager.conference.room.status).to.equal('disconnecting');
    t.end();
    expect(t.manager.conference.room.status).to.equal('idle');
    expect(t.manager.bearerToken).to.equal(undefined);
  });

  it('presentation calls (option or header) become presentation-call once confirmed', () => {
    const t = setUp();
    t.start({ presentationCall: true });
    t.confirm();
    expect(t.manager.conference.room.status).to.equal('presentation-call');
    t.end();
    t.start({ extraHeaders: ['X-Vinteo-Presentation-Call:  YES '] });
    t.confirm();
    expect(t.manager.conference.room.status).to.equal('presentation-call');
  });

  it('licence, content, must-stop, moderators and DTMF', () => {
    const t = setUp();
    t.start();
    t.info('uselic', { 'x-webrtc-use-license': 'audio' });
    expect(t.manager.conference.license).to.equal('AUDIO');
    expect(t.payload('api:use-license')).to.deep.equal({ license: 'AUDIO' });
    t.info('sharedesktop', { 'x-webrtc-share-state': 'YOUCANRECEIVECONTENT', 'x-webrtc-share-codec': 'h264' });
    expect(t.manager.conference.content).to.deep.equal({ available: true, codec: 'H264' });
    expect(t.payload('api:contented-stream:available')).to.deep.equal({ codec: 'H264' });
    t.info('sharedesktop', { 'x-webrtc-share-state': 'CONTENTEND' });
    expect(t.manager.conference.content).to.deep.equal({ available: false });
    t.info('sharedesktop', { 'x-webrtc-share-state': 'YOUMUSTSTOPSENDCONTENT' });
    expect(t.names()).to.include('api:presentation:must-stop');
    t.notify({ cmd: 'addedToListModerators', conference: '1' });
    expect(t.manager.conference.moderator).to.equal(true);
    t.events.emit('call:dtmf', { tone: '5', duration: 100, originator: 'remote' });
    expect(t.payload('api:new-dtmf')).to.deep.equal({ tone: '5', originator: 'remote' });
    t.end();
    expect(t.manager.conference).to.deep.include({ moderator: false, content: { available: false } });
    expect(t.manager.conference).to.not.have.property('license');
  });

  it('admin commands: api:admin:*, syncForced in the snapshot, then conference:admin-request', () => {
    const t = setUp();
    t.start();
    t.seen.length = 0;
    t.info('maincam', { 'x-webrtc-maincam': 'ADMINSTARTMAINCAM', 'x-webrtc-sync': '1' });
    expect(t.names()).to.deep.equal(['conference:changed', 'api:admin:start-main-cam', 'conference:admin-request']);
    expect(t.manager.conference.syncForced).to.equal(true);
    expect(t.payload('conference:admin-request')).to.deep.equal({
      device: 'camera',
      action: 'start',
      syncForced: true,
    });
    t.info('mic', { 'x-webrtc-mic': 'ADMINSTOPMIC' });
    expect(t.manager.conference.syncForced).to.equal(false);
    expect(t.payload('conference:admin-request')).to.deep.equal({ device: 'mic', action: 'stop', syncForced: false });
    t.seen.length = 0;
    t.info('maincam', { 'x-webrtc-maincam': 'PAUSEMAINCAM', 'x-webrtc-sync': '1' });
    expect(t.names()).to.deep.equal(['conference:changed', 'api:admin:force-sync-media-state', 'api:main-cam-control']);
    expect(t.payload('api:main-cam-control')).to.deep.equal({ mainCam: 'PAUSEMAINCAM' });
    t.info('maincam', { 'x-webrtc-maincam': 'MAXMAINCAMRESOLUTION', 'x-webrtc-maincam-resolution': '640x360' });
    expect(t.payload('api:main-cam-control')).to.deep.equal({
      mainCam: 'MAXMAINCAMRESOLUTION',
      resolution: { width: 640, height: 360 },
    });
  });

  it('bad messages are warnings (no contents leaked), never throws; unrelated NOTIFYs are ignored', () => {
    const t = setUp();
    t.start();
    t.events.emit('call:info', { contentType: 'application/x-nope', headers: {}, body: '' });
    t.info('roomname', { 'x-webrtc-enter-room': 'r', 'x-bearer-token': 'leak.me' });
    t.info('notify', { 'x-vinteo-notify': '{oops' });
    t.events.emit('connection:notify', { event: 'message-summary', contentType: 'text/plain', body: 'x', headers: {} });
    const warnings = t.seen.filter(([n]) => n === 'warning');
    expect(warnings).to.have.length(3);
    expect(JSON.stringify(warnings)).to.not.include('leak.me');
  });

  it('spectator without audio id: synthetic events, role in the snapshot, no receive session', () => {
    const t = setUp();
    t.start();
    t.seen.length = 0;
    t.info('partstate', { 'x-webrtc-partstate': 'SPECTATOR', 'x-webrtc-spectator-mode': '1' });
    expect(t.names()).to.deep.equal([
      'conference:role-changed',
      'conference:changed',
      'api:participant:move-request-to-spectators-synthetic',
      'api:participant:move-request-to-spectators',
    ]);
    expect(t.manager.conference.role).to.deep.equal({ type: 'spectator', canSendMedia: true, mode: 'by-camera' });
    expect(t.payload('api:participant:move-request-to-spectators')).to.deep.equal({
      canSendMedia: true,
      synthetic: true,
      mode: 'by-camera',
    });
    expect(t.manager.conference.recvSession).to.equal('none');
    t.info('partstate', { 'x-webrtc-partstate': 'PARTICIPANT' });
    expect(t.manager.conference.role).to.deep.equal({ type: 'participant' });
    t.info('partstate', { 'x-webrtc-partstate': 'SPECTATOR' });
    t.end();
    expect(t.manager.conference.role).to.deep.equal({ type: 'participant' });
  });

  it('spectator with audio id: the receive session waits for the token, switches remote media, follows quality and ends with the role', async () => {
    const api = recvApi();
    const t = setUp({ fetch: api.fetch });
    try {
      t.start();
      t.info('roomname', { 'x-webrtc-enter-room': '1000', 'x-webrtc-participant-name': 'Ivan' });
      t.info('partstate', { 'x-webrtc-partstate': 'SPECTATOR', 'x-webrtc-audioid': 'A7' });
      expect(t.payload('api:participant:move-request-to-spectators-with-audio-id')).to.deep.equal({
        canSendMedia: false,
        audioId: 'A7',
      });
      await nextTick();
      expect(api.requests).to.have.length(0);
      expect(t.manager.conference.recvSession).to.equal('none');
      t.notify({
        cmd: 'ConferenceParticipantTokenIssued',
        body: { conference: '1000', participant: 'Ivan', jwt: 'jwt-1' },
      });
      expect(t.manager.conference.recvSession).to.equal('starting');
      await t.events.wait('conference:recv-session', 8000);
      expect(t.manager.conference.recvSession).to.equal('active');
      expect(api.requests[0].url).to.equal('http://127.0.0.1:9/api/v2/rtp2webrtc/offer/1000?quality=high&audio=A7');
      expect(api.requests[0].headers.Authorization).to.equal('Bearer jwt-1');
      const source = t.sources[0] as { tracks: MediaStreamTrack[] };
      expect(source.tracks.map((x) => x.kind)).to.deep.equal(['audio', 'video']);

      await t.manager.setRecvQuality('high');
      expect(api.requests).to.have.length(1);
      expect(t.manager.conference.recvQuality).to.equal('high');
      await t.manager.setRecvQuality('low');
      expect(api.requests).to.have.length(2);
      expect(api.requests[1].url).to.include('quality=low');
      expect(t.manager.conference.recvSession).to.equal('active');

      t.info('partstate', { 'x-webrtc-partstate': 'PARTICIPANT' });
      expect(t.manager.conference.recvSession).to.equal('none');
      expect(t.sources.at(-1)).to.equal(undefined);
      expect(t.payload('conference:recv-session')).to.deep.equal({ state: 'none', quality: 'low' });
    } finally {
      t.end();
      api.close();
    }
  });

  it('a failing receive session reports failed and an error event; the role and the call stay', async () => {
    const api = recvApi({ failFirst: 100 });
    const t = setUp({ fetch: api.fetch });
    try {
      t.start();
      t.info('roomname', {
        'x-webrtc-enter-room': '1000',
        'x-webrtc-participant-name': 'Ivan',
        'x-bearer-token': 'jwt',
      });
      t.info('partstate', { 'x-webrtc-partstate': 'SPECTATOR', 'x-webrtc-audioid': 'A7' });
      const failed = await new Promise<ConnectorEvents['conference:recv-session']>((resolve) =>
        t.events.on('conference:recv-session', (p) => {
          if (p.state === 'failed') resolve(p);
        }),
      );
      expect(failed.error?.code).to.equal('recv-session-failed');
      expect((t.payload('error') as { error: VinteoError }).error.code).to.equal('recv-session-failed');
      expect(t.manager.conference).to.deep.include({
        recvSession: 'failed',
        role: { type: 'spectator', canSendMedia: false, audioId: 'A7' },
      });
      expect(t.manager.conference.room.status).to.equal('in-room');
      expect(api.requests).to.have.length(2);
      t.info('uselic', { 'x-webrtc-use-license': 'VIDEO' });
      await nextTick();
      expect(api.requests).to.have.length(2);
    } finally {
      t.end();
      api.close();
    }
  });

  it('outgoing INFOs: exact content types and headers, empty bodies', async () => {
    const t = setUp();
    await t.manager.sendMediaState();
    await t.manager.sendMediaState({ camera: true, mic: false });
    await t.manager.sendRefusal('mic');
    await t.manager.sendRefusal('camera');
    await t.manager.sendChannels({ inputChannels: '0,1', outputChannels: '2' });
    await t.manager.askPermissionToEnableCamera();
    expect(t.session.sent).to.deep.equal([
      {
        contentType: 'application/vinteo.webrtc.mediastate',
        body: '',
        headers: ['x-webrtc-media-state: currentstate', 'x-vinteo-maincam-state: 0', 'x-vinteo-mic-state: 1'],
      },
      {
        contentType: 'application/vinteo.webrtc.mediastate',
        body: '',
        headers: ['x-webrtc-media-state: currentstate', 'x-vinteo-maincam-state: 1', 'x-vinteo-mic-state: 0'],
      },
      { contentType: 'application/vinteo.webrtc.refusal', body: '', headers: ['x-vinteo-media-type: 0'] },
      { contentType: 'application/vinteo.webrtc.refusal', body: '', headers: ['x-vinteo-media-type: 1'] },
      {
        contentType: 'application/vinteo.webrtc.channels',
        body: '',
        headers: ['x-webrtc-input-channels: 0,1', 'x-webrtc-output-channels: 2'],
      },
      {
        contentType: 'application/vinteo.webrtc.maincam',
        body: '',
        headers: ['x-webrtc-request-enable-media-device: LETMESTARTMAINCAM'],
      },
    ]);
  });

  it('a 603 to the camera request is permission-denied; other refusals and no call reject with their own codes', async () => {
    const t = setUp();
    t.session.reply = () =>
      Promise.reject(new CallRejectedError('info-rejected', 'INFO refused: 603 Decline', { statusCode: 603 }));
    const denied = await t.manager.askPermissionToEnableCamera().catch((e: VinteoError) => e);
    expect(denied).to.include({ code: 'permission-denied', statusCode: 603 });
    t.session.reply = () =>
      Promise.reject(new CallRejectedError('info-rejected', 'INFO refused: 500', { statusCode: 500 }));
    expect(await t.manager.askPermissionToEnableCamera().catch((e: VinteoError) => e)).to.include({
      code: 'info-rejected',
    });
    expect(await t.manager.sendMediaState().catch((e: VinteoError) => e)).to.include({ code: 'info-rejected' });
    expect(await t.manager.sendRefusal('nose' as 'mic').catch((e: VinteoError) => e)).to.include({
      code: 'invalid-argument',
    });
    expect(await t.manager.setRecvQuality('ultra' as 'low').catch((e: VinteoError) => e)).to.include({
      code: 'invalid-argument',
    });
    t.state.active = false;
    expect(
      await t.manager.sendChannels({ inputChannels: '', outputChannels: '' }).catch((e: VinteoError) => e),
    ).to.include({ code: 'invalid-state' });
  });

  it('direct P2P room INFO only with directPeerToPeer, named by direction; a failure keeps the call', async () => {
    const t = setUp();
    t.start();
    t.confirm();
    await nextTick();
    expect(t.session.sent).to.have.length(0);
    t.end();
    t.start({ directPeerToPeer: true });
    t.confirm();
    await nextTick();
    expect(t.session.sent).to.deep.equal([
      {
        contentType: 'application/vinteo.webrtc.roomname',
        body: '',
        headers: ['x-webrtc-enter-room: p2p100to200', 'x-webrtc-participant-name: 200', 'x-webrtc-is-direct-p2p: true'],
      },
    ]);
    t.end();
    t.session.sent.length = 0;
    t.session.reply = () =>
      Promise.reject(new CallRejectedError('info-rejected', 'INFO refused: 488', { statusCode: 488 }));
    t.state.options = { directPeerToPeer: true };
    t.events.emit('incoming-call:answered', { caller: { user: '300', host: 'x', uri: 'sip:300@x', headers: {} } });
    t.confirm();
    await nextTick();
    expect(t.session.sent[0].headers[0]).to.equal('x-webrtc-enter-room: p2p300to100');
    expect((t.payload('api:failed-send-room-direct-p2p') as { error: VinteoError }).error.code).to.equal(
      'info-rejected',
    );
    expect(t.names()).to.include('warning');
    expect(t.manager.conference.room.status).to.equal('connecting');
  });

  it('restart INFO (§3.19): api:restart, a second receive video when asked, then an ICE restart', async () => {
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio');
    pc.addTransceiver('video');
    const t = setUp({ pc });
    try {
      t.start();
      t.info('restart', {
        'x-webrtc-tracks-direction': 'SENDRECV',
        'x-webrtc-audio-track-count': '1',
        'x-webrtc-video-track-count': '2',
      });
      expect(t.payload('api:restart')).to.deep.equal({
        tracksDirection: 'SENDRECV',
        audioTrackCount: 1,
        videoTrackCount: 2,
      });
      await nextTick();
      const videos = pc.getTransceivers().filter((x) => x.receiver.track.kind === 'video');
      expect(videos.map((x) => x.direction)).to.deep.equal(['sendrecv', 'recvonly']);
      expect(t.session.renegotiations).to.deep.equal([{ iceRestart: true }]);
      t.info('restart', { 'x-webrtc-video-track-count': '2' });
      await nextTick();
      expect(pc.getTransceivers()).to.have.length(3);
      expect(t.session.renegotiations).to.have.length(2);
    } finally {
      pc.close();
    }
  });
});
