/**
 * Sending quality end to end (docs/connector.md "Sending quality"): the real connector in Chromium against the local
 * Vinteo server — the balancer's encodings on the camera sender after confirmation + a short start delay, the
 * emulator's main-cam control INFOs, the presentation sender left alone, the receive bandwidth INFO reaching the
 * server, main-stream health detecting a peer that stops sending and recovering with a re-INVITE, and
 * replaceMediaStream's outbound video verification.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import type { VinteoError } from '../../src/errors.js';
import type { CallOptions, ConnectionConfig } from '../../src/types.js';
import { canvasTrack, fakeMedia, waitUntil } from '../support/media.js';
import { type ConferenceParticipant, type ServerInfo, vinteoServer } from '../support/server.js';

let server: ServerInfo;
const connectors: VinteoConnector[] = [];
const streams: MediaStream[] = [];
const CONFERENCE = '7100';

function account(extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    server: server.wsUrl,
    domain: server.domain,
    apiUrl: server.apiUrl,
    register: true,
    user: 'alice',
    password: 'alice-secret',
    videoBalancer: { startDelayMs: 300 },
    ...extra,
  };
}

async function camera(width: number, height: number): Promise<MediaStream> {
  const stream = await fakeMedia({ audio: true, video: { width, height } });
  streams.push(stream);
  return stream;
}

/** A registered connector in the conference's room, its call confirmed. */
async function inCall(extra: Partial<ConnectionConfig> = {}, options: CallOptions = {}): Promise<VinteoConnector> {
  const c = new VinteoConnector({ log: () => undefined });
  connectors.push(c);
  await c.connect(account(extra));
  const entered = c.wait('api:enter-room', 10_000);
  await c.startCall(CONFERENCE, { mediaStream: await camera(640, 480), ...options });
  await entered;
  return c;
}

const encoding = (sender: RTCRtpSender | undefined) => sender?.getParameters().encodings[0];

async function encodingIs(c: VinteoConnector, maxBitrate: number, scale: number, what: string): Promise<void> {
  await waitUntil(
    () => {
      const e = encoding(c.senders.mainVideo);
      return e?.maxBitrate === maxBitrate && Math.abs((e.scaleResolutionDownBy ?? 1) - scale) < 1e-3;
    },
    what,
    10_000,
  );
}

async function participant(user = 'alice'): Promise<ConferenceParticipant | undefined> {
  return (await vinteoServer.conferences())
    .find((c) => c.conference === CONFERENCE)
    ?.participants.find((p) => p.user === user);
}

const mainCam = (value: string) =>
  vinteoServer.sendInfo({
    user: 'alice',
    contentType: 'application/vinteo.webrtc.maincam',
    headers: { 'x-webrtc-maincam': value },
  });

describe('sending quality against the local server', function () {
  this.timeout(40_000);

  before(async () => {
    server = await vinteoServer.info();
    await vinteoServer.reset();
  });

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.dispose()));
    streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
    await vinteoServer.reset();
  });

  it('after confirmation + the start delay the camera sender gets the table value for its width (640 → 500 000, 320 → 320 000)', async () => {
    const c = new VinteoConnector({ log: () => undefined });
    connectors.push(c);
    await c.connect(account());
    const updates: unknown[] = [];
    c.on('video-balancer:parameters-updated', (p) => updates.push(p));
    const scheduled = c.wait('video-balancer:balancing-scheduled', 10_000);
    const started = c.wait('video-balancer:balancing-started', 10_000);
    await c.startCall(CONFERENCE, { mediaStream: await camera(640, 480) });
    expect(await scheduled).to.deep.equal({ delayMs: 300 });
    await started;
    await encodingIs(c, 500_000, 1, '500 000 for 640 px');
    await waitUntil(() => updates.length === 1, 'the first update event');
    await c.replaceMediaStream(await camera(320, 240));
    await encodingIs(c, 320_000, 1, '320 000 for 320 px');
    await waitUntil(() => updates.length === 2, 'the second update event');
    expect(updates).to.deep.equal([
      { maxBitrate: 500_000, scaleResolutionDownBy: 1, reason: 'track-resolution' },
      { maxBitrate: 320_000, scaleResolutionDownBy: 1, reason: 'track-resolution' },
    ]);
  });

  it('PAUSEMAINCAM → scale 200 / 60 000, RESUMEMAINCAM → back; the presentation sender is untouched', async () => {
    const c = await inCall();
    await c.wait('video-balancer:balancing-started', 10_000);
    await encodingIs(c, 500_000, 1, 'balanced');
    const content = canvasTrack();
    streams.push(new MediaStream([content]));
    await c.startPresentation(content);
    const presentation = () => JSON.stringify(c.senders.presentation?.getParameters().encodings);
    await waitUntil(() => encoding(c.senders.presentation)?.maxBitrate === 1_000_000, 'the presentation cap');
    const before = presentation();
    expect((await mainCam('PAUSEMAINCAM')).status).to.equal(200);
    await encodingIs(c, 60_000, 200, 'paused');
    expect(presentation()).to.equal(before);
    await mainCam('RESUMEMAINCAM');
    await encodingIs(c, 500_000, 1, 'resumed');
    expect(presentation()).to.equal(before);
    expect(c.senders.presentation).to.not.equal(c.senders.mainVideo);
  });

  it('maxAvailableResolution: the camera fits it from confirmation, and balancing caps it for the encoded width', async () => {
    const c = await inCall({
      maxAvailableResolution: { width: 320, height: 240 },
      videoBalancer: { startDelayMs: 2000 },
    });
    await waitUntil(() => encoding(c.senders.mainVideo)?.scaleResolutionDownBy === 2, 'scale 2 before balancing');
    expect(encoding(c.senders.mainVideo)?.maxBitrate).to.equal(undefined);
    await c.wait('video-balancer:balancing-started', 10_000);
    await encodingIs(c, 320_000, 2, '320 000 for the 320 px encoded');
  });

  it('a command that arrives before balancing starts is applied at the start', async () => {
    const c = await inCall({ videoBalancer: { startDelayMs: 3000 } });
    await mainCam('PAUSEMAINCAM');
    expect(encoding(c.senders.mainVideo)?.scaleResolutionDownBy ?? 1).to.equal(1);
    await c.wait('video-balancer:balancing-started', 10_000);
    await encodingIs(c, 60_000, 200, 'the early pause applied at start');
  });

  it('the receive bandwidth INFO reaches the server (a Vinteo server: the default auto)', async () => {
    await inCall();
    const info = await waitUntil(
      async () => (await participant())?.infos.find((i) => i.contentType === 'application/vinteo.webrtc.stats'),
      'the stats INFO',
      20_000,
    );
    const value = Number(
      Object.entries(info.headers).find(([k]) => k.toLowerCase() === 'x-webrtc-available-incoming-bitrate')?.[1],
    );
    expect(value).to.be.greaterThan(0);
    expect(info.status).to.equal(200);
  });

  it('main-stream health: the server stops sending → detected after 3 samples → a re-INVITE reaches the server; resolved when media is back', async () => {
    // media-health (all inbound packets gone → ICE restart) is pushed out of the way: this is about the main video alone.
    const c = await inCall({}, { mediaProblemMs: 60_000, mediaTimeoutMs: 120_000 });
    await waitUntil(
      async () => ((await vinteoServer.dialogs()).find((d) => d.user === 'alice')?.media.video.packetsSent ?? 0) > 50,
      'video from the server',
    );
    const callId = (await vinteoServer.dialogs()).find((d) => d.user === 'alice')?.callId;
    const since = Date.now();
    const detected = c.wait('main-stream-health:inbound-video-problem-detected', 15_000);
    await vinteoServer.stopMedia({ user: 'alice' });
    const problem = await detected;
    expect(problem.consecutiveSamples).to.equal(3);
    expect(['inbound-video-stalled', 'no-inbound-video-traffic']).to.include(problem.reason);
    await waitUntil(
      async () => (await vinteoServer.requests({ method: 'INVITE', since })).some((r) => r.callId === callId),
      'the recovery re-INVITE',
      10_000,
    );
    const resolved = c.wait('main-stream-health:inbound-video-problem-resolved', 15_000);
    await vinteoServer.stopMedia({ user: 'alice', stopped: false });
    expect((await resolved).reason).to.equal(problem.reason);
  });

  it('all media stops: media health repairs it (one ICE-restart re-INVITE) and main-stream health does not re-INVITE on top', async () => {
    const c = await inCall();
    await waitUntil(
      async () => ((await vinteoServer.dialogs()).find((d) => d.user === 'alice')?.media.video.packetsSent ?? 0) > 50,
      'video from the server',
    );
    const callId = (await vinteoServer.dialogs()).find((d) => d.user === 'alice')?.callId;
    const since = Date.now();
    const mediaProblem = c.wait('call:media-problem', 15_000);
    const detected = c.wait('main-stream-health:inbound-video-problem-detected', 15_000);
    await vinteoServer.stopMedia({ user: 'alice' });
    await mediaProblem;
    await detected;
    expect(c.callReconnecting).to.equal(true);
    for (let i = 0; i < 2; i++) await c.wait('stats:collected', 5000);
    const reinvites = (await vinteoServer.requests({ method: 'INVITE', since })).filter((r) => r.callId === callId);
    expect(reinvites, 'the ICE restart only').to.have.length(1);
  });

  it('replaceMediaStream with verifyOutboundVideo: normal resolves with a real new track', async () => {
    const c = await inCall();
    const next = await camera(320, 240);
    await c.replaceMediaStream(next, { verifyOutboundVideo: 'normal' });
    expect(c.senders.mainVideo?.track?.id).to.equal(next.getVideoTracks()[0].id);
  });

  it('replaceMediaStream with verifyOutboundVideo rejects (outbound-video-unverified) for a stopped or frameless track; the stream stays replaced', async () => {
    const c = await inCall();
    const stopped = await camera(320, 240);
    stopped.getVideoTracks()[0].stop();
    const error = await c.replaceMediaStream(stopped, { verifyOutboundVideo: 'normal', verifyTimeoutMs: 2000 }).then(
      () => undefined,
      (e: VinteoError) => e,
    );
    expect(error?.code).to.equal('outbound-video-unverified');
    expect(c.senders.mainVideo?.track?.id).to.equal(stopped.getVideoTracks()[0].id);
    const canvas = document.createElement('canvas');
    const still = canvas.captureStream(0).getVideoTracks()[0];
    const mic = await fakeMedia({ audio: true });
    streams.push(mic, new MediaStream([still]));
    const frameless = await c
      .replaceMediaStream(new MediaStream([...mic.getAudioTracks(), still]), {
        verifyOutboundVideo: 'normal',
        verifyTimeoutMs: 2000,
      })
      .then(
        () => undefined,
        (e: VinteoError) => e,
      );
    expect(frameless?.code).to.equal('outbound-video-unverified');
  });
});
