/**
 * Devices against the real server: the real VinteoConnector with the local Vinteo server, and a `mediaDevices`
 * port that adds a second camera (an animated canvas of another size, so a switch is visible in the stats) to
 * Chromium's fake devices, and can lose it or refuse permission. Each test checks the server's side (no
 * re-INVITE in the recorded requests, its media counters still growing) and the sender's side (the track id, the
 * outbound-rtp frame size and the media source's track identifier).
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import type { MediaDevicesPort, VinteoError } from '../../src/index.js';
import { waitUntil } from '../support/media.js';
import { vinteoServer, type DialogSnapshot, type ServerInfo } from '../support/server.js';

const CANVAS_CAMERA = {
  deviceId: 'canvas-camera',
  kind: 'videoinput' as const,
  label: 'Canvas camera (160×96)',
  groupId: 'canvas',
};
const CANVAS_SIZE = { width: 160, height: 96 };
const REAL_SIZE = { width: 320, height: 240 };

/** An animated canvas track that says it comes from the canvas camera. */
function canvasCamera(): MediaStreamTrack {
  const canvas = Object.assign(document.createElement('canvas'), CANVAS_SIZE);
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  let frame = 0;
  const draw = () => {
    ctx.fillStyle = '#246';
    ctx.fillRect(0, 0, CANVAS_SIZE.width, CANVAS_SIZE.height);
    ctx.fillStyle = '#fc3';
    ctx.fillRect((frame++ * 5) % CANVAS_SIZE.width, 30, 24, 24);
  };
  draw();
  const timer = setInterval(draw, 40);
  const track = canvas.captureStream(25).getVideoTracks()[0];
  const settings = track.getSettings.bind(track);
  track.getSettings = () => ({ ...settings(), deviceId: CANVAS_CAMERA.deviceId, groupId: CANVAS_CAMERA.groupId });
  const stop = track.stop.bind(track);
  track.stop = () => {
    clearInterval(timer);
    stop();
  };
  return track;
}

function wantsDevice(video: MediaStreamConstraints['video'], deviceId: string): boolean {
  const spec = typeof video === 'object' ? video.deviceId : undefined;
  const ids = typeof spec === 'object' && !Array.isArray(spec) ? [spec.exact, spec.ideal].flat() : [spec].flat();
  return ids.includes(deviceId);
}

/** Chromium's fake camera and microphone, plus the canvas camera; it can be unplugged and permission refused. */
class InjectedDevices extends EventTarget implements MediaDevicesPort {
  plugged = true;
  /** Every getUserMedia rejects with NotAllowedError (the user or a site setting blocked it). */
  denied = false;
  readonly requests: MediaStreamConstraints[] = [];
  readonly tracks: MediaStreamTrack[] = [];

  async enumerateDevices(): Promise<Array<Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label' | 'groupId'>>> {
    const real = (await navigator.mediaDevices.enumerateDevices()).map(({ deviceId, kind, label, groupId }) => ({
      deviceId,
      kind,
      label,
      groupId,
    }));
    return this.plugged ? [...real, CANVAS_CAMERA] : real;
  }

  async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.requests.push(constraints);
    if (this.denied) throw new DOMException('Permission denied', 'NotAllowedError');
    let stream: MediaStream;
    if (wantsDevice(constraints.video, CANVAS_CAMERA.deviceId)) {
      if (!this.plugged) throw new DOMException('Requested device not found', 'NotFoundError');
      const audio = constraints.audio
        ? (await navigator.mediaDevices.getUserMedia({ audio: constraints.audio })).getAudioTracks()
        : [];
      stream = new MediaStream([...audio, canvasCamera()]);
    } else {
      stream = await navigator.mediaDevices.getUserMedia(constraints);
    }
    this.tracks.push(...stream.getTracks());
    return stream;
  }

  /** The canvas camera leaves the list (its track keeps running, as a driver may leave it), then `devicechange`. */
  unplug(): void {
    this.plugged = false;
    this.dispatchEvent(new Event('devicechange'));
  }

  stopAll(): void {
    this.tracks.forEach((t) => t.stop());
  }
}

interface SentVideo {
  width: number;
  height: number;
  trackIdentifier: string;
  framesEncoded: number;
}

/** What the main video sender sends now, from its own outbound-rtp and media-source stats. */
async function sentVideo(sender: RTCRtpSender): Promise<SentVideo> {
  const report = await sender.getStats();
  const stats = [...report.values()] as Array<Record<string, unknown>>;
  const outbound = stats.find((s) => s.type === 'outbound-rtp' && s.kind === 'video');
  const source = stats.find((s) => s.type === 'media-source' && s.id === outbound?.mediaSourceId);
  return {
    width: Number(outbound?.frameWidth ?? 0),
    height: Number(outbound?.frameHeight ?? 0),
    trackIdentifier: String(source?.trackIdentifier ?? ''),
    framesEncoded: Number(outbound?.framesEncoded ?? 0),
  };
}

describe('devices against the local server: switch, unplug, permission, speaker', function () {
  this.timeout(30_000);
  let server: ServerInfo;
  let devices: InjectedDevices;
  let connector: VinteoConnector | undefined;

  before(async () => {
    server = await vinteoServer.info();
    await vinteoServer.reset();
  });

  afterEach(async () => {
    await connector?.dispose();
    connector = undefined;
    devices?.stopAll();
    await vinteoServer.reset();
  });

  /** A guest call (an echo in the waiting room) sending the real fake camera captured through connector.devices. */
  async function inCall(): Promise<{ c: VinteoConnector; dialog: () => Promise<DialogSnapshot> }> {
    devices = new InjectedDevices();
    const c = new VinteoConnector({ log: () => undefined, mediaDevices: devices, deviceStorage: null });
    connector = c;
    await c.connect({
      server: server.wsUrl,
      domain: server.domain,
      iceServers: [],
      iceGatheringTimeoutMs: 500,
      displayName: 'Dev',
    });
    const stream = await c.devices.capture({ audio: true, video: { ...REAL_SIZE } });
    await c.devices.refresh();
    expect(c.devices.cameras.map((d) => d.deviceId))
      .to.include(CANVAS_CAMERA.deviceId)
      .and.have.length(2);
    const confirmed = c.wait('call:confirmed', 10_000);
    await c.startCall('4500', { mediaStream: stream });
    await confirmed;
    const dialog = async () =>
      (await vinteoServer.dialogs()).find((d) => d.user === c.user && d.state === 'confirmed') as DialogSnapshot;
    await waitUntil(async () => (await dialog())?.media.video.packetsReceived > 20, 'the server to receive our video');
    await waitUntil(
      async () => (await sentVideo(c.senders.mainVideo as RTCRtpSender)).width === REAL_SIZE.width,
      'the real camera in the stats',
    );
    return { c, dialog };
  }

  /** The server's video counter grows by `by` packets from now. */
  async function videoKeepsArriving(dialog: () => Promise<DialogSnapshot>, what: string, by = 30): Promise<void> {
    const from = (await dialog()).media.video.packetsReceived;
    await waitUntil(
      async () => (await dialog()).media.video.packetsReceived >= from + by,
      `${what}: the server to keep receiving video`,
      8000,
    );
  }

  /** INVITEs and BYEs the server received since `since`. */
  async function dialogRequests(since: number): Promise<string[]> {
    return (await vinteoServer.requests({ since })).map((r) => r.method).filter((m) => m === 'INVITE' || m === 'BYE');
  }

  async function invitesOf(c: VinteoConnector): Promise<number> {
    return (await vinteoServer.requests({ method: 'INVITE' })).filter((r) => r.fromUser === c.user).length;
  }

  it('selectCamera mid-call swaps the sent track (new id, new size) with no re-INVITE; the server keeps receiving video', async () => {
    const { c, dialog } = await inCall();
    const sender = c.senders.mainVideo as RTCRtpSender;
    const before = sender.track as MediaStreamTrack;
    expect(before.getSettings().deviceId).to.not.equal(CANVAS_CAMERA.deviceId);
    expect(await invitesOf(c)).to.equal(1);
    const since = Date.now();
    const selected = c.wait('devices:selected', 5000);
    await c.devices.selectCamera(CANVAS_CAMERA.deviceId);
    expect(await selected).to.deep.equal({ kind: 'camera', deviceId: CANVAS_CAMERA.deviceId });

    const after = sender.track as MediaStreamTrack;
    expect(after.id).to.not.equal(before.id);
    expect(after.getSettings()).to.deep.include({ deviceId: CANVAS_CAMERA.deviceId, ...CANVAS_SIZE });
    expect(c.localStream?.getVideoTracks()).to.deep.equal([after]);
    expect(before.readyState, 'the track we captured is stopped').to.equal('ended');
    const sent = await waitUntil(
      async () => {
        const s = await sentVideo(sender);
        return s.width === CANVAS_SIZE.width && s.trackIdentifier === after.id ? s : undefined;
      },
      'the canvas camera in the outbound-rtp stats',
      8000,
    );
    expect(sent).to.include({ height: CANVAS_SIZE.height, trackIdentifier: after.id });
    await videoKeepsArriving(dialog, 'after the switch');
    expect(await invitesOf(c), 'INVITEs of the call (no re-INVITE)').to.equal(1);
    expect(await dialogRequests(since), 'no re-INVITE, no BYE').to.deep.equal([]);
    expect(c.callState).to.equal('active');
    expect(c.devices.preferred.camera).to.equal(CANVAS_CAMERA.deviceId);
  });

  it('the camera in use leaves the device list: devices:fallback to the default camera, video still flows, no re-INVITE', async () => {
    const { c, dialog } = await inCall();
    const sender = c.senders.mainVideo as RTCRtpSender;
    await c.devices.selectCamera(CANVAS_CAMERA.deviceId);
    const unplugged = sender.track as MediaStreamTrack;
    const since = Date.now();
    const fallback = c.wait('devices:fallback', 8000);
    devices.unplug();
    const { kind, from, to } = await fallback;
    expect({ kind, from }).to.deep.equal({ kind: 'camera', from: CANVAS_CAMERA.deviceId });
    const real = (await navigator.mediaDevices.enumerateDevices())
      .filter((d) => d.kind === 'videoinput')
      .map((d) => d.deviceId);
    expect(real).to.include(to);
    const now = sender.track as MediaStreamTrack;
    expect(now.id).to.not.equal(unplugged.id);
    expect(now.getSettings().deviceId).to.equal(to);
    expect(unplugged.readyState, 'the unplugged camera track we captured is stopped').to.equal('ended');
    await waitUntil(
      async () =>
        (await sentVideo(sender)).trackIdentifier === now.id && (await sentVideo(sender)).width !== CANVAS_SIZE.width,
      'the default camera in the outbound-rtp stats',
      8000,
    );
    await videoKeepsArriving(dialog, 'after the fallback');
    expect(await dialogRequests(since), 'no re-INVITE, no BYE').to.deep.equal([]);
    expect(c.devices.cameras.map((d) => d.deviceId)).to.not.include(CANVAS_CAMERA.deviceId);
    expect(c.callState).to.equal('active');
  });

  it('permission denied on a switch: a typed media-permission error, the call and its camera kept', async () => {
    const { c, dialog } = await inCall();
    const sender = c.senders.mainVideo as RTCRtpSender;
    const kept = sender.track as MediaStreamTrack;
    const since = Date.now();
    devices.denied = true;
    const error = await c.devices.selectCamera(CANVAS_CAMERA.deviceId).then(
      () => undefined,
      (e: VinteoError) => e,
    );
    expect(error?.code).to.equal('media-permission');
    expect((error as { kind?: string }).kind).to.equal('camera');
    expect(c.devices.permission.camera).to.equal('denied');
    expect(sender.track).to.equal(kept);
    expect(kept.readyState).to.equal('live');
    expect(c.devices.preferred.camera, 'a refused choice is not remembered').to.equal(undefined);
    await videoKeepsArriving(dialog, 'after the refusal');
    expect(c.callState).to.equal('active');
    expect(await dialogRequests(since), 'no re-INVITE, no BYE').to.deep.equal([]);
  });

  it('speaker: Chromium setSinkId with "default" on an attached output; without setSinkId a typed not-supported', async () => {
    const { c } = await inCall();
    const audio = document.createElement('audio');
    audio.srcObject = c.remoteStreams[0] ?? null;
    document.body.append(audio);
    const detach = c.devices.attachOutput(audio);
    try {
      expect(c.devices.speakerSelectionSupported).to.equal(true);
      const selected = c.wait('devices:selected', 5000);
      await c.devices.selectSpeaker('default');
      expect(await selected).to.deep.equal({ kind: 'speaker', deviceId: 'default' });
      expect(audio.sinkId).to.equal('default');
      expect(c.devices.preferred.speaker).to.equal('default');
      const unknown = await c.devices.selectSpeaker('no-such-speaker').then(
        () => undefined,
        (e: VinteoError) => e,
      );
      expect(unknown?.code, 'an unknown speaker').to.equal('device-not-found');

      const descriptor = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'setSinkId') as PropertyDescriptor;
      delete (HTMLMediaElement.prototype as { setSinkId?: unknown }).setSinkId;
      try {
        expect(c.devices.speakerSelectionSupported).to.equal(false);
        const error = await c.devices.selectSpeaker('default').then(
          () => undefined,
          (e: VinteoError) => e,
        );
        expect(error?.code).to.equal('not-supported');
        expect((error as { kind?: string }).kind).to.equal('speaker');
      } finally {
        Object.defineProperty(HTMLMediaElement.prototype, 'setSinkId', descriptor);
      }
      expect(c.callState).to.equal('active');
    } finally {
      detach();
      audio.remove();
    }
  });
});
