/**
 * A `navigator.mediaDevices` stand-in for tests: several cameras, microphones and speakers, a permission that can be
 * refused, devices that are busy or get unplugged. Tracks are canvas/oscillator tracks (see fake-media.ts) that say
 * which device they come from in `getSettings().deviceId`. Browser only; nothing runs at import time.
 */
import type { MediaDevicesPort } from '../media/devices.js';
import { createFakeStream } from './fake-media.js';

export interface FakeDevice {
  kind: MediaDeviceKind;
  deviceId: string;
  label: string;
  groupId?: string;
}

/** Two cameras, two microphones, two speakers. */
export function defaultFakeDevices(): FakeDevice[] {
  return [
    { kind: 'videoinput', deviceId: 'cam-1', label: 'Front camera' },
    { kind: 'videoinput', deviceId: 'cam-2', label: 'USB camera' },
    { kind: 'audioinput', deviceId: 'mic-1', label: 'Built-in microphone' },
    { kind: 'audioinput', deviceId: 'mic-2', label: 'Headset microphone' },
    { kind: 'audiooutput', deviceId: 'spk-1', label: 'Speakers' },
    { kind: 'audiooutput', deviceId: 'spk-2', label: 'Headphones' },
  ];
}

type Requested = boolean | MediaTrackConstraints | undefined;

export class FakeMediaDevices extends EventTarget implements MediaDevicesPort {
  devices: FakeDevice[];
  /** `prompt`: labels are hidden until a capture succeeds; `denied`: every capture fails with NotAllowedError. */
  permission: 'prompt' | 'granted' | 'denied' = 'prompt';
  /** The next capture fails with a DOMException of this name (`NotReadableError` = busy …). */
  failNext?: string;
  /** Every `getUserMedia` constraint, in order. */
  readonly requests: MediaStreamConstraints[] = [];
  /** Every track handed out (stop them in `afterEach`). */
  readonly tracks: MediaStreamTrack[] = [];
  readonly #deviceOf = new Map<MediaStreamTrack, string>();

  constructor(devices: FakeDevice[] = defaultFakeDevices()) {
    super();
    this.devices = devices;
  }

  async enumerateDevices(): Promise<Array<Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label' | 'groupId'>>> {
    const granted = this.permission === 'granted';
    if (!granted) {
      const kinds = [...new Set(this.devices.map((d) => d.kind))];
      return kinds.map((kind) => ({ kind, deviceId: '', label: '', groupId: '' }));
    }
    return this.devices.map((d) => ({
      kind: d.kind,
      deviceId: d.deviceId,
      label: d.label,
      groupId: d.groupId ?? `${d.deviceId}-group`,
    }));
  }

  async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.requests.push(constraints);
    if (this.permission === 'denied') throw new DOMException('Permission denied', 'NotAllowedError');
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw new DOMException(`Fake ${failure}`, failure);
    const video = constraints.video ? this.#pick('videoinput', constraints.video) : undefined;
    const audio = constraints.audio ? this.#pick('audioinput', constraints.audio) : undefined;
    this.permission = 'granted';
    const size = typeof constraints.video === 'object' ? constraints.video : {};
    const stream = createFakeStream({
      video: Boolean(video),
      audio: Boolean(audio),
      width: num(size.width, 160),
      height: num(size.height, 120),
    });
    for (const track of stream.getTracks()) this.#label(track, (track.kind === 'video' ? video : audio) as FakeDevice);
    return stream;
  }

  /** The device a track was captured from. */
  deviceOf(track: MediaStreamTrack): string | undefined {
    return this.#deviceOf.get(track);
  }

  /** Live tracks captured from `deviceId`. */
  liveTracks(deviceId?: string): MediaStreamTrack[] {
    return this.tracks.filter(
      (t) => t.readyState === 'live' && (deviceId === undefined || this.#deviceOf.get(t) === deviceId),
    );
  }

  /** The device is unplugged: it leaves the list, its live tracks end (`ended`), then `devicechange`. */
  unplug(deviceId: string): void {
    this.devices = this.devices.filter((d) => d.deviceId !== deviceId);
    for (const track of this.liveTracks(deviceId)) {
      track.stop();
      track.dispatchEvent(new Event('ended'));
    }
    this.dispatchEvent(new Event('devicechange'));
  }

  /** A device is plugged in: `devicechange`. */
  plug(device: FakeDevice): void {
    this.devices = [...this.devices, device];
    this.dispatchEvent(new Event('devicechange'));
  }

  /** Stops every track handed out. */
  stopAll(): void {
    this.tracks.forEach((t) => t.stop());
  }

  #pick(kind: MediaDeviceKind, requested: Requested): FakeDevice {
    const of = this.devices.filter((d) => d.kind === kind);
    const spec = typeof requested === 'object' ? requested.deviceId : undefined;
    const exact = typeof spec === 'object' && !Array.isArray(spec) ? spec.exact : undefined;
    const wanted = [exact, typeof spec === 'object' && !Array.isArray(spec) ? spec.ideal : spec]
      .flat()
      .find((id) => typeof id === 'string');
    const found = of.find((d) => d.deviceId === wanted);
    if (exact !== undefined && !found) throw overconstrained();
    const device = found ?? of[0];
    if (!device) throw new DOMException('Requested device not found', 'NotFoundError');
    return device;
  }

  #label(track: MediaStreamTrack, device: FakeDevice): void {
    const settings = track.getSettings.bind(track);
    track.getSettings = () => ({
      ...settings(),
      deviceId: device.deviceId,
      groupId: device.groupId ?? `${device.deviceId}-group`,
    });
    Object.defineProperty(track, 'label', { value: device.label });
    this.#deviceOf.set(track, device.deviceId);
    this.tracks.push(track);
  }
}

function num(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  const ideal = value as { ideal?: number; exact?: number } | undefined;
  return ideal?.exact ?? ideal?.ideal ?? fallback;
}

function overconstrained(): Error {
  const Ctor = (globalThis as { OverconstrainedError?: new (constraint: string, message?: string) => Error })
    .OverconstrainedError;
  if (Ctor) return new Ctor('deviceId', 'The requested device is not available');
  return Object.assign(new DOMException('The requested device is not available', 'OverconstrainedError'), {
    constraint: 'deviceId',
  });
}
