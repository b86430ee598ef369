/** <vinteo-devices> with the FakeConnector (FakeMediaDevices: several, refused, busy or missing devices) and once with the real connector. */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoDevicesElement } from '../../components/index.js';
import { VinteoConnector } from '../../src/connector.js';
import { createFakeStream, FakeConnector } from '../../src/testing/index.js';
import { levelOf } from '../../components/devices/level-meter.js';
import { waitUntil } from '../support/media.js';
import { collect, flushMicrotasks, hasPart, part } from './helpers.js';

const connectors: Array<{ dispose(): void }> = [];

function fakeConnector(): FakeConnector {
  const fake = new FakeConnector();
  connectors.push({ dispose: () => fake.mediaDevices.stopAll() });
  return fake;
}

async function mount(fake: FakeConnector, attributes = ''): Promise<VinteoDevicesElement> {
  const el = await fixture<VinteoDevicesElement>(html`<vinteo-devices .connector=${fake}></vinteo-devices>`);
  for (const name of attributes.split(' ').filter(Boolean)) el.setAttribute(name, '');
  await waitUntil(
    () =>
      el.shadowRoot?.querySelector('[part~="camera-select"], [part~="microphone-select"], [part~="speaker-select"]'),
    'the selects',
  );
  await waitUntil(
    () => fake.devices.cameras.length + fake.devices.microphones.length > 0 || fake.mediaDevices.devices.length === 0,
    'the first listing',
  );
  await el.updateComplete;
  return el;
}

/** Mounted, then "Allow" pressed: the preview runs and the lists have their labels. */
async function allowed(fake = fakeConnector(), attributes = ''): Promise<VinteoDevicesElement> {
  const el = await mount(fake, attributes);
  part<HTMLButtonElement>(el, 'allow-button').click();
  await waitUntil(
    () => fake.devices.cameras.some((d) => d.label) && !hasPart(el, 'allow-button'),
    'labels after permission',
  );
  await el.updateComplete;
  return el;
}

const optionTexts = (select: HTMLSelectElement) => [...select.options].map((o) => o.textContent?.trim());
const text = (el: Element, name: string) => part(el, name).textContent?.replace(/\s+/g, ' ').trim();

async function choose(el: VinteoDevicesElement, name: string, value: string): Promise<void> {
  const select = part<HTMLSelectElement>(el, name);
  select.value = value;
  select.dispatchEvent(new Event('change'));
}

describe('<vinteo-devices>', () => {
  afterEach(() => connectors.splice(0).forEach((c) => c.dispose()));

  it('before permission: unnamed devices ("Camera 1"), disabled selects and an "Allow camera and microphone" button', async () => {
    const fake = fakeConnector();
    const el = await mount(fake);
    expect(optionTexts(part(el, 'camera-select'))).to.deep.equal(['Camera 1']);
    expect(optionTexts(part(el, 'microphone-select'))).to.deep.equal(['Microphone 1']);
    expect(part<HTMLSelectElement>(el, 'camera-select').disabled).to.equal(true);
    expect(text(el, 'allow-button')).to.equal('Allow camera and microphone');
    expect(fake.mediaDevices.requests, 'nothing captured before the user allows').to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('"Allow" captures through connector.devices: labelled lists, a playing preview, the labels bound to their selects', async () => {
    const fake = fakeConnector();
    const el = await allowed(fake);
    expect(optionTexts(part(el, 'camera-select'))).to.deep.equal(['Front camera', 'USB camera']);
    expect(optionTexts(part(el, 'microphone-select'))).to.deep.equal(['Built-in microphone', 'Headset microphone']);
    expect(optionTexts(part(el, 'speaker-select'))).to.deep.equal(['Speakers', 'Headphones']);
    expect(fake.mediaDevices.requests).to.have.length(1);
    const video = part<HTMLVideoElement>(el, 'preview');
    expect((video.srcObject as MediaStream).getVideoTracks()[0]).to.equal(fake.mediaDevices.liveTracks('cam-1')[0]);
    for (const kind of ['camera', 'microphone', 'speaker']) {
      const select = part<HTMLSelectElement>(el, `${kind}-select`);
      expect(el.shadowRoot!.querySelector(`label[for="${select.id}"]`)?.textContent).to.equal(
        kind[0].toUpperCase() + kind.slice(1),
      );
    }
    await expect(el).to.be.accessible();
  });

  it('hide-camera, hide-microphone and hide-speaker remove their select (and the preview or the meter)', async () => {
    const fake = fakeConnector();
    const el = await mount(fake, 'hide-camera hide-speaker');
    expect(hasPart(el, 'camera-select')).to.equal(false);
    expect(hasPart(el, 'preview') || hasPart(el, 'stage')).to.equal(false);
    expect(hasPart(el, 'speaker-select')).to.equal(false);
    expect(hasPart(el, 'microphone-select')).to.equal(true);
    expect(text(el, 'allow-button')).to.equal('Allow microphone');
    el.removeAttribute('hide-camera');
    el.setAttribute('hide-microphone', '');
    await el.updateComplete;
    expect(hasPart(el, 'camera-select')).to.equal(true);
    expect(hasPart(el, 'microphone-select')).to.equal(false);
    expect(hasPart(el, 'meter')).to.equal(false);
    part<HTMLButtonElement>(el, 'allow-button').click();
    await waitUntil(() => fake.mediaDevices.requests.length === 1, 'the capture');
    expect(fake.mediaDevices.requests[0].audio, 'the hidden microphone is not captured').to.equal(false);
  });

  it('choosing calls devices.select* and fires vinteo-device-change; the preview switches to the new camera', async () => {
    const fake = fakeConnector();
    const el = await allowed(fake);
    const changes = collect<CustomEvent>(el, 'vinteo-device-change');
    await choose(el, 'camera-select', 'cam-2');
    await waitUntil(() => changes.events.length === 1, 'the camera change');
    await choose(el, 'microphone-select', 'mic-2');
    await waitUntil(() => changes.events.length === 2, 'the microphone change');
    await choose(el, 'speaker-select', 'spk-2');
    await waitUntil(() => changes.events.length === 3, 'the speaker change');
    expect(changes.events.map((e) => e.detail)).to.deep.equal([
      { kind: 'camera', deviceId: 'cam-2' },
      { kind: 'microphone', deviceId: 'mic-2' },
      { kind: 'speaker', deviceId: 'spk-2' },
    ]);
    expect(fake.devices.preferred).to.deep.equal({ camera: 'cam-2', microphone: 'mic-2', speaker: 'spk-2' });
    await waitUntil(
      () => fake.mediaDevices.liveTracks('cam-2').length === 1 && fake.mediaDevices.liveTracks('cam-1').length === 0,
      'the preview on cam-2',
    );
    await el.updateComplete;
    expect(part<HTMLSelectElement>(el, 'camera-select').value).to.equal('cam-2');
    expect(fake.mediaDevices.liveTracks('mic-1'), 'the old microphone preview is stopped').to.have.length(0);
  });

  it("in a call: shows the call's camera, stops its own preview, and a choice is switched into the call (replaceTrack)", async () => {
    const fake = fakeConnector();
    const el = await allowed(fake);
    const preview = fake.mediaDevices.liveTracks();
    await fake.connect({ server: 'wss://x.example/ws' });
    const callMedia = await fake.devices.capture({ video: true, audio: true });
    await fake.startCall('1000', { mediaStream: callMedia });
    await waitUntil(() => preview.every((t) => t.readyState === 'ended'), 'the preview stopped when the call started');
    await el.updateComplete;
    expect((part<HTMLVideoElement>(el, 'preview').srcObject as MediaStream).getVideoTracks()[0]).to.equal(
      callMedia.getVideoTracks()[0],
    );
    expect(hasPart(el, 'allow-button') || hasPart(el, 'retry-button')).to.equal(false);
    const selected = fake.wait('devices:selected', 2000);
    await choose(el, 'camera-select', 'cam-2');
    await selected;
    expect(fake.calls.filter((c) => c.method === 'replaceTrack').map((c) => c.args[0])).to.deep.equal(['video']);
    await waitUntil(
      () =>
        fake.localStream?.getVideoTracks()[0] &&
        fake.mediaDevices.deviceOf(fake.localStream.getVideoTracks()[0]) === 'cam-2',
      'cam-2 in the call',
    );
    await el.updateComplete;
    const shown = (part<HTMLVideoElement>(el, 'preview').srcObject as MediaStream).getVideoTracks()[0];
    expect(fake.mediaDevices.deviceOf(shown)).to.equal('cam-2');
    const requests = fake.mediaDevices.requests.length;
    await fake.hangUp();
    await waitUntil(
      () => fake.mediaDevices.requests.length > requests && hasPart(el, 'preview'),
      'the preview captured again after the call',
    );
  });

  it('permission blocked: says so and how to allow it in the site settings, with a "Try again" button (English and Russian)', async () => {
    const fake = fakeConnector();
    fake.mediaDevices.permission = 'denied';
    const el = await mount(fake);
    const errors = collect<CustomEvent>(el, 'vinteo-error');
    part<HTMLButtonElement>(el, 'allow-button').click();
    await waitUntil(() => hasPart(el, 'retry-button'), 'the blocked state');
    expect(text(el, 'error-message')).to.equal('The browser blocks the camera and microphone for this site.');
    expect(text(el, 'error-help')).to.contain('site settings').and.to.contain('“Allow”');
    expect(part(el, 'error').getAttribute('role')).to.equal('alert');
    expect(part(el, 'placeholder').dataset.state).to.equal('blocked');
    expect(errors.events.map((e) => e.detail.code)).to.deep.equal(['media-permission']);
    await expect(el).to.be.accessible();
    el.lang = 'ru';
    await waitUntil(
      () => text(el, 'error-message') === 'Браузер запретил этому сайту доступ к камере и микрофону.',
      'the Russian text',
    );
    expect(text(el, 'retry-button')).to.equal('Повторить');
    fake.mediaDevices.permission = 'prompt';
    part<HTMLButtonElement>(el, 'retry-button').click();
    await waitUntil(() => hasPart(el, 'preview'), 'the preview after allowing');
    expect(part(el, 'error').textContent?.trim()).to.equal('');
  });

  it('a busy camera: close the other app; a device gone after choosing it: choose another', async () => {
    const fake = fakeConnector();
    fake.mediaDevices.failNext = 'NotReadableError';
    const el = await mount(fake);
    part<HTMLButtonElement>(el, 'allow-button').click();
    await waitUntil(() => hasPart(el, 'retry-button'), 'the busy state');
    expect(text(el, 'error-message')).to.equal('The camera or microphone is in use by another application.');
    expect(text(el, 'error-help')).to.contain('Close the other apps');
    part<HTMLButtonElement>(el, 'retry-button').click();
    await waitUntil(() => hasPart(el, 'preview'), 'the preview on retry');
    await fake.connect({ server: 'wss://x.example/ws' });
    await fake.startCall('1000', { mediaStream: await fake.devices.capture({ video: true, audio: true }) });
    fake.mediaDevices.failNext = 'NotFoundError';
    const errors = collect<CustomEvent>(el, 'vinteo-error');
    await choose(el, 'camera-select', 'cam-2');
    await waitUntil(() => errors.events.length, 'the not-found problem');
    expect(errors.events.map((e) => e.detail.code)).to.deep.equal(['device-not-found']);
    expect(text(el, 'error-message')).to.equal('The chosen device is not connected.');
    fake.mediaDevices.failNext = 'NotReadableError';
    await choose(el, 'camera-select', 'cam-2');
    await waitUntil(() => errors.events.length === 2, 'the busy camera in the call');
    expect(text(el, 'error-message')).to.equal('The camera is in use by another application.');
    expect(text(el, 'error-help'), 'in a call the next step is to choose again').to.contain('choose the device again');
    expect(hasPart(el, 'retry-button')).to.equal(false);
    expect(part<HTMLSelectElement>(el, 'camera-select').value, 'the select shows the camera still in use').to.equal(
      'cam-1',
    );
  });

  it('no camera: "No camera found" in the preview and the select; the microphone still works', async () => {
    const fake = fakeConnector();
    fake.mediaDevices.devices = fake.mediaDevices.devices.filter((d) => d.kind !== 'videoinput');
    const el = await mount(fake);
    expect(text(el, 'placeholder')).to.equal('No camera found. Connect one and its picture shows here.');
    expect(optionTexts(part(el, 'camera-select'))).to.deep.equal(['No camera found']);
    expect(part<HTMLSelectElement>(el, 'camera-select').disabled).to.equal(true);
    expect(text(el, 'allow-button')).to.equal('Allow microphone');
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, 'allow-button').click();
    await waitUntil(() => hasPart(el, 'meter'), 'the microphone previewed without a camera');
    expect(fake.mediaDevices.requests[0].video).to.equal(false);
    fake.mediaDevices.plug({ kind: 'videoinput', deviceId: 'cam-9', label: 'New camera' });
    await waitUntil(
      () => hasPart(el, 'preview') && fake.mediaDevices.liveTracks('cam-9').length === 1,
      'the plugged-in camera previewed',
    );
    expect(optionTexts(part(el, 'camera-select'))).to.deep.equal(['New camera']);
  });

  it('speaker choice unsupported: the select is disabled and says why', async () => {
    const fake = fakeConnector();
    Object.defineProperty(fake.devices, 'speakerSelectionSupported', { get: () => false });
    const el = await allowed(fake);
    const select = part<HTMLSelectElement>(el, 'speaker-select');
    expect(select.disabled).to.equal(true);
    expect(text(el, 'reason')).to.contain('cannot choose the speaker');
    expect(select.getAttribute('aria-describedby')).to.equal(part(el, 'reason').id);
    await expect(el).to.be.accessible();
  });

  it("the chosen speaker plays <vinteo-call>'s remote sound (attachOutput), and the call lets go of it when removed", async () => {
    const fake = fakeConnector();
    const call = await fixture<VinteoCallElement>(html`<vinteo-call .connector=${fake}></vinteo-call>`);
    const sinks: string[] = [];
    part<HTMLVideoElement>(call, 'remote-video').setSinkId = async (id: string) => {
      sinks.push(id);
    };
    const el = await allowed(fake);
    await choose(el, 'speaker-select', 'spk-2');
    await waitUntil(() => sinks.length === 1, 'the remote video on the chosen speaker');
    expect(sinks).to.deep.equal(['spk-2']);
    call.remove();
    await flushMicrotasks();
    const changes = collect<CustomEvent>(el, 'vinteo-device-change');
    await choose(el, 'speaker-select', 'spk-1');
    await waitUntil(() => changes.events.length === 1, 'the speaker chosen');
    expect(sinks, 'a removed call is no longer an output').to.deep.equal(['spk-2']);
  });

  it('inside <vinteo-connector>: takes its connector from the context; a camera unplugged mid-call is announced', async () => {
    const fake = fakeConnector();
    const host = await fixture<HTMLElement & { connector: unknown }>(
      html`<vinteo-connector .connector=${fake}><vinteo-devices></vinteo-devices></vinteo-connector>`,
    );
    const el = host.querySelector('vinteo-devices') as VinteoDevicesElement;
    await waitUntil(
      () => el.shadowRoot?.querySelector('[part~="allow-button"]'),
      'the element bound through the context',
    );
    part<HTMLButtonElement>(el, 'allow-button').click();
    await waitUntil(() => hasPart(el, 'preview'), 'the preview');
    await fake.connect({ server: 'wss://x.example/ws' });
    await fake.startCall('1000', { mediaStream: await fake.devices.capture({ video: true, audio: true }) });
    fake.mediaDevices.unplug('cam-1');
    await waitUntil(() => text(el, 'notice'), 'the fallback notice');
    expect(text(el, 'notice')).to.equal('The camera was disconnected: the default camera is used now.');
    expect(part(el, 'notice').getAttribute('aria-live')).to.equal('polite');
    await expect(el).to.be.accessible();
  });

  it('lists follow devices:changed (a camera plugged in and out)', async () => {
    const fake = fakeConnector();
    const el = await allowed(fake);
    fake.mediaDevices.plug({ kind: 'videoinput', deviceId: 'cam-3', label: 'Document camera' });
    await waitUntil(() => part<HTMLSelectElement>(el, 'camera-select').options.length === 3, 'the new camera');
    fake.mediaDevices.unplug('cam-2');
    await waitUntil(
      () => optionTexts(part(el, 'camera-select')).join() === 'Front camera,Document camera',
      'the camera gone',
    );
  });

  it('the meter follows the previewed microphone (role="meter", aria-valuenow); a muted track reads 0', async () => {
    const fake = fakeConnector();
    const el = await allowed(fake);
    const meter = part(el, 'meter');
    expect(meter.getAttribute('role')).to.equal('meter');
    await waitUntil(() => Number(meter.getAttribute('aria-valuenow')) > 50, 'the tone on the meter', 5000);
    expect(text(el, 'meter-value')).to.match(/^\d+%$/);
    fake.mediaDevices
      .liveTracks()
      .filter((t) => t.kind === 'audio')
      .forEach((t) => {
        t.enabled = false;
      });
    await waitUntil(() => meter.getAttribute('aria-valuenow') === '0', 'silence when muted', 5000);
  });

  it('levelOf: silence is 0, a full-scale wave near 100, −30 dB about half', () => {
    expect(levelOf(new Float32Array(512))).to.equal(0);
    expect(levelOf(new Float32Array(512).fill(1))).to.equal(100);
    expect(levelOf(new Float32Array(512).fill(10 ** (-30 / 20)))).to.equal(50);
  });

  it('the meter stops while the page is hidden and comes back when it is shown', async () => {
    const fake = fakeConnector();
    const el = await allowed(fake);
    await waitUntil(() => hasPart(el, 'meter'), 'the meter');
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
      await el.updateComplete;
      expect(hasPart(el, 'meter'), 'no meter while hidden').to.equal(false);
    } finally {
      delete (document as unknown as Record<string, unknown>).visibilityState;
    }
    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(
      () => Number(el.shadowRoot?.querySelector('[part="meter"]')?.getAttribute('aria-valuenow')) > 0,
      'the meter back',
    );
  });

  it('removed from the page: its preview tracks are stopped and no listener is left on the connector', async () => {
    const fake = fakeConnector();
    const el = await allowed(fake);
    const tracks = fake.mediaDevices.liveTracks();
    expect(tracks.length).to.equal(2);
    expect(fake.listenerCount()).to.be.greaterThan(0);
    el.remove();
    await flushMicrotasks();
    expect(tracks.map((t) => t.readyState)).to.deep.equal(['ended', 'ended']);
    expect(fake.listenerCount()).to.equal(0);
  });

  it('moved in the page: keeps its preview', async () => {
    const fake = fakeConnector();
    const el = await allowed(fake);
    const tracks = fake.mediaDevices.liveTracks();
    const box = document.createElement('div');
    document.body.append(box);
    box.append(el);
    await flushMicrotasks();
    expect(tracks.map((t) => t.readyState)).to.deep.equal(['live', 'live']);
    box.remove();
    await flushMicrotasks();
    expect(tracks.map((t) => t.readyState)).to.deep.equal(['ended', 'ended']);
  });

  it('removed while its capture is pending: the late tracks are stopped at once', async () => {
    const fake = fakeConnector();
    const el = await mount(fake);
    part<HTMLButtonElement>(el, 'allow-button').click();
    el.remove();
    await waitUntil(() => fake.mediaDevices.tracks.length === 2, 'the capture to land');
    await waitUntil(() => fake.mediaDevices.liveTracks().length === 0, 'the late tracks stopped');
  });

  it('an app-given call stream is shown, never stopped', async () => {
    const fake = fakeConnector();
    const el = await mount(fake);
    const stream = createFakeStream({ width: 160, height: 120 });
    await fake.connect({ server: 'wss://x.example/ws' });
    await fake.startCall('1000', { mediaStream: stream });
    await waitUntil(() => el.shadowRoot?.querySelector('video'), 'the call preview');
    el.remove();
    await flushMicrotasks();
    expect(stream.getTracks().map((t) => t.readyState)).to.deep.equal(['live', 'live']);
    stream.getTracks().forEach((t) => t.stop());
  });

  it("real VinteoConnector and Chromium's fake devices: the preview plays frames and the meter hears the beep", async () => {
    const captured: MediaStreamTrack[] = [];
    const media = navigator.mediaDevices;
    const mediaDevices = {
      enumerateDevices: () => media.enumerateDevices(),
      getUserMedia: async (constraints: MediaStreamConstraints) => {
        const stream = await media.getUserMedia(constraints);
        captured.push(...stream.getTracks());
        return stream;
      },
      addEventListener: (type: 'devicechange', listener: () => void) => media.addEventListener(type, listener),
      removeEventListener: (type: 'devicechange', listener: () => void) => media.removeEventListener(type, listener),
    };
    const connector = new VinteoConnector({ deviceStorage: null, log: () => undefined, mediaDevices });
    const el = await fixture<VinteoDevicesElement>(html`<vinteo-devices .connector=${connector}></vinteo-devices>`);
    await waitUntil(
      () => el.shadowRoot?.querySelector('[part~="allow-button"], [part~="preview"]'),
      'the allow button (or a preview the browser already allows)',
    );
    el.shadowRoot?.querySelector<HTMLButtonElement>('[part~="allow-button"]')?.click();
    const video = await waitUntil(
      () => el.shadowRoot?.querySelector<HTMLVideoElement>('[part~="preview"]'),
      'the preview',
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no video frame within 5 s')), 5000);
      video.requestVideoFrameCallback(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    expect(video.videoWidth).to.be.greaterThan(0);
    const start = video.currentTime;
    await waitUntil(() => video.currentTime > start, 'the preview advancing', 5000);
    await waitUntil(() => connector.devices.cameras.some((d) => d.label), 'labelled cameras');
    await waitUntil(
      () => Number(part(el, 'meter').getAttribute('aria-valuenow')) > 20,
      'the fake beep on the meter',
      8000,
    );
    expect(captured.map((t) => t.kind).sort()).to.deep.equal(['audio', 'video']);
    el.remove();
    await flushMicrotasks();
    expect(captured.map((t) => t.readyState)).to.deep.equal(['ended', 'ended']);
    expect(connector.listenerCount()).to.equal(0);
    await connector.dispose();
  });
});
