/**
 * The presentation manager's state machine, races and sender choice, on a real loopback RTCPeerConnection pair: our
 * MediaHandler on one side, a plain peer connection answering on the other; INFOs and the re-INVITE are fakes the
 * tests hold open or refuse.
 */
import { expect } from '@open-wc/testing';
import type { CallSession } from '../../src/call/call-session.js';
import { MediaHandler } from '../../src/media/media-handler.js';
import { OfferQueue } from '../../src/call/offer-queue.js';
import type { Role, RoomStatus } from '../../src/conference/types.js';
import { TappedEmitter } from '../../src/emitter.js';
import { CallRejectedError, type VinteoError } from '../../src/errors.js';
import { PresentationManager } from '../../src/presentation/presentation-manager.js';
import type { ConnectorEvents, MediaOptions } from '../../src/types.js';
import { createFakeStream } from '../../src/testing/fake-media.js';
import { endableTrack } from '../support/media.js';

interface Gate {
  promise: Promise<void>;
  open(): void;
  fail(error: unknown): void;
}
function gate(): Gate {
  let open!: () => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    open = res;
    fail = rej;
  });
  return { promise, open, fail };
}

const tracks: MediaStreamTrack[] = [];
function video(): MediaStreamTrack {
  const track = createFakeStream({ audio: false, width: 320, height: 240 }).getVideoTracks()[0];
  tracks.push(track);
  return track;
}

/** One call: our MediaHandler offering to a plain peer connection; INFO and re-INVITE fakes. */
class Rig {
  readonly events = new TappedEmitter<ConnectorEvents>();
  readonly remotePc = new RTCPeerConnection();
  readonly handler: MediaHandler;
  readonly infos: string[] = [];
  offers = 0;
  infoStatus = 200;
  infoGate?: Gate;
  offerGate?: Gate;
  room: RoomStatus = 'in-room';
  role: Role = { type: 'participant' };
  active = true;
  /** The call's offer queue (a new call gets a new one). */
  queue = new OfferQueue();
  readonly session: CallSession;
  readonly manager: PresentationManager;
  readonly log: string[] = [];

  constructor(media: MediaOptions) {
    this.handler = new MediaHandler({
      iceServers: [],
      iceGatheringTimeoutMs: 50,
      hooks: {
        mediaOptions: () => media,
        onRemoteTracksChanged: () => undefined,
        onConnectionFailed: () => undefined,
        onNegotiationFailed: () => undefined,
      },
    });
    this.session = {
      handler: this.handler,
      media,
      sendInfo: async (_type: string, _body: string, headers: string[]) => {
        this.infos.push(headers[0].split(': ')[1]);
        await this.infoGate?.promise;
        if (this.infoStatus >= 300)
          throw new CallRejectedError('info-rejected', 'refused', { statusCode: this.infoStatus });
        return { statusCode: 200, reasonPhrase: 'OK' };
      },
      offer: (prepare: () => Promise<void>) =>
        this.queue.run(async () => {
          await prepare();
          this.offers += 1;
          await this.offerGate?.promise;
          await this.negotiate();
        }),
    } as unknown as CallSession;
    this.manager = new PresentationManager({
      events: this.events,
      log: () => undefined,
      call: {
        activeSession: () => {
          if (!this.active) throw new CallRejectedError('rejected', 'no call');
          return this.session;
        },
        roomStatus: () => this.room,
        role: () => this.role,
        maxAvailableResolution: () => ({ width: 160, height: 120 }),
      },
    });
    for (const name of [
      'presentation:start',
      'presentation:started',
      'presentation:updating',
      'presentation:updated',
    ] as const)
      this.events.on(name, () => this.log.push(name));
    this.events.on('presentation:end', ({ reason }) => this.log.push(`presentation:end ${reason}`));
    this.events.on('presentation:ended', ({ reason }) => this.log.push(`presentation:ended ${reason}`));
    this.events.on('presentation:failed', ({ reason, error }) =>
      this.log.push(`presentation:failed ${reason} ${error.code}`),
    );
  }

  async negotiate(): Promise<void> {
    const { body } = await this.handler.getDescription();
    await this.remotePc.setRemoteDescription({ type: 'offer', sdp: body });
    // The far end sends video on every video m-line (as the conference server does).
    for (const t of this.remotePc.getTransceivers()) {
      if (t.receiver.track.kind !== 'video' || t.sender.track) continue;
      await t.sender.replaceTrack(video());
      t.direction = 'sendrecv';
    }
    const answer = await this.remotePc.createAnswer();
    await this.remotePc.setLocalDescription(answer);
    await this.handler.setDescription(answer.sdp as string);
  }

  endCall(): void {
    this.active = false;
    this.events.emit('call:ended', {
      call: { id: '1', direction: 'outgoing', target: '1', remoteUri: 'sip:1@x' },
      originator: 'local',
      cause: 'hangup',
    });
  }

  close(): void {
    this.handler.close();
    this.remotePc.close();
  }
}

const rigs: Rig[] = [];
async function rig(media: MediaOptions = { mediaStream: new MediaStream([video()]) }): Promise<Rig> {
  const r = new Rig(media);
  rigs.push(r);
  await r.negotiate();
  return r;
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('PresentationManager', () => {
  afterEach(() => {
    rigs.splice(0).forEach((r) => r.close());
    tracks.splice(0).forEach((t) => t.stop());
  });

  it("start: INFO first, one offer, a new sender (not the camera's) capped at 1 Mbit/s and scaled to the limit; states in order", async () => {
    const r = await rig();
    const states: string[] = [];
    r.events.on('presentation:state', ({ state }) => states.push(state));
    const track = video();
    await r.manager.startPresentation(track);
    expect(r.infos).to.deep.equal(['LETMESTARTPRESENTATION']);
    expect(r.offers).to.equal(1);
    expect(states).to.deep.equal(['starting', 'active']);
    expect(r.log).to.deep.equal(['presentation:start', 'presentation:started']);
    const { mainVideo, presentation } = r.handler.senders;
    expect(presentation?.track).to.equal(track);
    expect(mainVideo?.track?.kind).to.equal('video');
    expect(mainVideo).to.not.equal(presentation);
    const encoding = presentation?.getParameters().encodings[0];
    expect([encoding?.maxBitrate, encoding?.scaleResolutionDownBy]).to.deep.equal([1_000_000, 2]);
    expect(track.contentHint).to.equal('detail');
  });

  it('P2P handshake in a direct P2P room or a presentation call', async () => {
    const r = await rig();
    r.room = 'direct-p2p-room';
    await r.manager.startPresentation(video());
    await r.manager.stopPresentation();
    r.room = 'presentation-call';
    await r.manager.startPresentation(video());
    expect(r.infos).to.deep.equal(['YOUCANRECEIVECONTENT', 'CONTENTEND', 'YOUCANRECEIVECONTENT']);
  });

  it('an audio-only call never puts the presentation on the main (receive-only) video; a second receive-only video is reused', async () => {
    const audio = createFakeStream({ video: false });
    tracks.push(...audio.getTracks());
    const r = await rig({ mediaStream: audio });
    const main = r.handler.mainVideoTransceiver;
    expect(main?.currentDirection).to.equal('recvonly');
    const spare = r.handler.peerConnection.addTransceiver('video', { direction: 'recvonly' });
    await r.negotiate();
    await r.manager.startPresentation(video());
    expect(r.handler.presentationTransceiver).to.equal(spare);
    expect(main?.sender.track).to.equal(null);
    expect(r.handler.mainVideoTransceiver).to.equal(main);
  });

  it('a refusal emits presentation:failed (refused) and renegotiates nothing', async () => {
    const r = await rig();
    r.infoStatus = 403;
    const count = r.handler.peerConnection.getTransceivers().length;
    const error = await r.manager.startPresentation(video()).catch((e: VinteoError) => e);
    expect([(error as VinteoError).code, (error as VinteoError).statusCode]).to.deep.equal([
      'presentation-refused',
      403,
    ]);
    expect(r.log).to.deep.equal(['presentation:failed refused presentation-refused']);
    expect(r.offers).to.equal(0);
    expect(r.handler.peerConnection.getTransceivers().length).to.equal(count);
    expect(r.manager.presentation).to.deep.equal({ state: 'idle', lastStopReason: 'refused' });
  });

  it('a second start while starting or active is invalid-state; stop and must-stop asked while starting run after the start', async () => {
    const r = await rig();
    r.infoGate = gate();
    const first = r.manager.startPresentation(video());
    const second = await r.manager.startPresentation(video()).catch((e: VinteoError) => e);
    expect((second as VinteoError).code).to.equal('invalid-state');
    r.events.emit('api:presentation:must-stop', {});
    const stop = r.manager.stopPresentation();
    r.infoGate.open();
    await first;
    await stop;
    await settle();
    expect(r.log).to.deep.equal([
      'presentation:start',
      'presentation:started',
      'presentation:end server',
      'presentation:ended server',
    ]);
    expect(r.infos).to.deep.equal(['LETMESTARTPRESENTATION', 'STOPPRESENTATION']);
  });

  it('the call ends during the permission INFO: failed (call-ended) once, no offer, the late reply changes nothing', async () => {
    const r = await rig();
    r.infoGate = gate();
    const start = r.manager.startPresentation(video()).catch((e: VinteoError) => e);
    await settle();
    r.endCall();
    expect(r.manager.presentation.state).to.equal('idle');
    r.infoGate.open();
    expect(((await start) as VinteoError).code).to.equal('invalid-state');
    await settle();
    expect(r.log).to.deep.equal(['presentation:failed call-ended invalid-state']);
    expect(r.offers).to.equal(0);
  });

  it('the call ends during a re-INVITE that never completes: the start gives up at once and the next call can present', async () => {
    const r = await rig();
    r.offerGate = gate();
    const track = video();
    const start = r.manager.startPresentation(track).catch((e: VinteoError) => e);
    await waitFor(() => r.offers === 1);
    r.endCall();
    expect(((await start) as VinteoError).code).to.equal('invalid-state');
    expect(r.log).to.deep.equal(['presentation:start', 'presentation:failed call-ended invalid-state']);
    expect(track.readyState).to.equal('ended');
    r.active = true; // the next call (its dialog has a fresh offer queue; the old one is stuck on purpose)
    r.queue = new OfferQueue();
    r.offerGate = undefined;
    await r.manager.startPresentation(video());
    expect(r.manager.presentation.state).to.equal('active');
  });

  it('a track ended by the browser stops with track-ended; the sender is kept with no track and reused by the next start', async () => {
    const r = await rig();
    const { track, end } = endableTrack();
    await r.manager.startPresentation(track);
    const sender = r.handler.senders.presentation;
    end(); // as the browser does it (a trusted ended)
    await waitFor(() => r.manager.presentation.state === 'idle');
    expect(r.log.slice(-2)).to.deep.equal(['presentation:end track-ended', 'presentation:ended track-ended']);
    expect(sender?.track).to.equal(null);
    const next = video();
    await r.manager.startPresentation(next);
    expect(r.handler.senders.presentation).to.equal(sender);
    expect(sender?.track).to.equal(next);
  });

  it('moving to the spectators stops with reason spectator; a refused update ends the presentation (failed, refused)', async () => {
    const r = await rig();
    await r.manager.startPresentation(video());
    r.events.emit('conference:role-changed', {
      role: { type: 'spectator', canSendMedia: false },
      previous: { type: 'participant' },
    });
    await waitFor(() => r.manager.presentation.state === 'idle');
    expect(r.manager.presentation.lastStopReason).to.equal('spectator');
    await r.manager.startPresentation(video());
    r.infoStatus = 403;
    const error = await r.manager.updatePresentation(video()).catch((e: VinteoError) => e);
    expect((error as VinteoError).code).to.equal('presentation-refused');
    expect(r.manager.presentation).to.deep.equal({ state: 'idle', lastStopReason: 'refused' });
    expect(r.handler.senders.presentation?.track).to.equal(null);
  });

  it('update replaces the track without an offer; stop while idle is a no-op; update while idle is invalid-state', async () => {
    const r = await rig();
    expect(((await r.manager.updatePresentation(video()).catch((e: VinteoError) => e)) as VinteoError).code).to.equal(
      'invalid-state',
    );
    await r.manager.stopPresentation();
    await r.manager.startPresentation(video());
    const next = video();
    await r.manager.updatePresentation(next);
    expect(r.offers).to.equal(1);
    expect(r.handler.senders.presentation?.track).to.equal(next);
    expect(r.log).to.deep.equal([
      'presentation:start',
      'presentation:started',
      'presentation:updating',
      'presentation:updated',
    ]);
  });

  it('stopTrack: false leaves the app its tracks live through update, stop and the end of the call; the default hands them over', async () => {
    const r = await rig();
    const [kept, next] = [video(), video()];
    await r.manager.startPresentation(kept, { stopTrack: false });
    await r.manager.updatePresentation(next);
    expect(kept.readyState, 'the replaced track of the app').to.equal('live');
    await r.manager.stopPresentation();
    expect(next.readyState, 'the stopped track of the app').to.equal('live');
    expect(r.handler.senders.presentation?.track).to.equal(null);
    await r.manager.startPresentation(next, { stopTrack: false });
    r.endCall();
    await waitFor(() => r.manager.presentation.state === 'idle');
    expect(next.readyState, 'at the end of the call').to.equal('live');
    const handed = video();
    r.active = true;
    r.queue = new OfferQueue();
    await r.manager.startPresentation(handed);
    await r.manager.stopPresentation();
    expect(handed.readyState, 'handed over by default').to.equal('ended');
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
