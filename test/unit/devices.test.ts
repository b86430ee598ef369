/** The DeviceManager with injected fakes: several devices, switching in a call, unplug, permission, busy, storage. */
import { expect } from '@open-wc/testing';
import { DeviceManager } from '../../src/media/devices.js';
import { FakeMediaDevices } from '../../src/testing/fake-devices.js';

function rig(storage: Map<string, string> | null = null) {
  const media = new FakeMediaDevices();
  let stream: MediaStream | undefined;
  const swaps: MediaStreamTrack[] = [];
  const store = storage && {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
  };
  const devices = new DeviceManager({
    mediaDevices: media,
    storage: store,
    call: {
      localStream: () => stream,
      replaceTrack: async (kind, track) => {
        swaps.push(track);
        for (const t of stream?.getTracks() ?? []) if (t.kind === kind) stream?.removeTrack(t);
        stream?.addTrack(track);
      },
    },
  });
  return {
    media,
    devices,
    swaps,
    setStream: (s: MediaStream | undefined) => {
      stream = s;
      devices.callStreamChanged(s);
    },
  };
}

describe('DeviceManager', () => {
  it('lists devices, labels after permission', async () => {
    const { media, devices } = rig();
    await devices.refresh();
    expect(devices.cameras.every((d) => !d.label)).to.equal(true);
    const stream = await devices.capture({ video: true, audio: true });
    await devices.refresh();
    expect(devices.cameras.map((d) => d.label)).to.deep.equal(['Front camera', 'USB camera']);
    stream.getTracks().forEach((t) => t.stop());
    media.stopAll();
  });

  it('switches the camera in a call: new track sent, mute kept, our old track stopped', async () => {
    const { media, devices, swaps, setStream } = rig();
    const call = await devices.capture({ video: true, audio: true });
    const old = call.getVideoTracks()[0];
    old.enabled = false;
    setStream(call);
    await devices.selectCamera('cam-2');
    expect(swaps).to.have.length(1);
    expect(media.deviceOf(swaps[0])).to.equal('cam-2');
    expect(swaps[0].enabled).to.equal(false);
    expect(old.readyState).to.equal('ended');
    expect(devices.preferred.camera).to.equal('cam-2');
    media.stopAll();
  });

  it('never stops an app-given track; unplug falls back to the default', async () => {
    const { media, devices, setStream } = rig();
    const app = await media.getUserMedia({ video: { deviceId: { exact: 'cam-2' } } });
    setStream(app);
    const fallback = new Promise((resolve) => devices.on('devices:fallback', resolve));
    media.unplug('cam-2');
    expect(await fallback).to.deep.equal({ kind: 'camera', from: 'cam-2', to: 'cam-1' });
    media.stopAll();
  });

  it('typed errors: denied, busy, missing; preferences remembered', async () => {
    const storage = new Map<string, string>();
    const { media, devices } = rig(storage);
    media.permission = 'denied';
    const denied = await devices.capture({ video: true }).catch((e: { code: string }) => e);
    expect((denied as { code: string }).code).to.equal('media-permission');
    expect(devices.permission.camera).to.equal('denied');
    media.permission = 'prompt';
    media.failNext = 'NotReadableError';
    expect(((await devices.capture({ audio: true }).catch((e) => e)) as { code: string }).code).to.equal('device-busy');
    await devices.selectMicrophone('mic-2');
    expect(
      new DeviceManager({
        mediaDevices: media,
        storage: { getItem: (k) => storage.get(k) ?? null, setItem: () => undefined },
      }).preferred.microphone,
    ).to.equal('mic-2');
    media.stopAll();
  });
});
