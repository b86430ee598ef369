/**
 * DeviceManager: lists cameras, microphones and speakers (kept current on `devicechange`), remembers the chosen
 * ones, captures with them, and switches the call's camera or microphone with `replaceTrack` (no re-INVITE). A device
 * that goes away mid-call is replaced by the default one (`devices:fallback`). WebRTC and DOM only: no SIP, no Lit.
 *
 * Ownership: a track captured here (by `capture()` or by a switch) may be stopped here; a track the app gave is
 * never stopped. The call is reached through a port (the connector's `replaceTrack` on the call's main sender).
 */
import { TypedEmitter, type Listener } from '../emitter.js';
import { toVinteoError, type VinteoError } from '../errors.js';
import type { LogSink } from '../util/logger.js';
import { deviceError, notSupported } from './device-errors.js';
import { captureUserMedia } from './capture.js';
import {
  DEFAULT_STORAGE_KEY,
  defaultStorage,
  loadPreferences,
  mediaKey,
  replacementConstraints,
  sameEntries,
  savePreferences,
  toEntries,
  withPreferred,
  type StoragePort,
} from './device-prefs.js';
import type {
  CaptureKind,
  DeviceEntry,
  DeviceKind,
  DeviceLists,
  DevicePermission,
  DevicesApi,
  DevicesEvents,
  PreferredDevices,
  SoundOutput,
} from './device-types.js';

/** The part of `navigator.mediaDevices` the manager uses. */
export interface MediaDevicesPort {
  enumerateDevices(): Promise<Array<Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label' | 'groupId'>>>;
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  addEventListener(type: 'devicechange', listener: () => void): void;
  removeEventListener(type: 'devicechange', listener: () => void): void;
}

/** The current call, as far as devices care: its local stream and a swap of the main audio/video sender's track. */
export interface DeviceCallPort {
  /** The local stream of the active call (undefined with no active call). */
  localStream(): MediaStream | undefined;
  /** Puts `track` on the call's main sender of `kind` (never the presentation's) and into the local stream, in place of the old one. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack): Promise<void>;
}

export interface DeviceManagerOptions {
  /** Default `navigator.mediaDevices` (read when used, so a page can wrap it). */
  mediaDevices?: MediaDevicesPort | (() => MediaDevicesPort | undefined);
  /** Where the chosen ids are remembered (default `localStorage` when usable); `null` = remember nothing. */
  storage?: StoragePort | null;
  storageKey?: string;
  call?: DeviceCallPort;
  /** Whether outputs can choose a speaker (default: `HTMLMediaElement.prototype.setSinkId` exists). */
  speakerSupported?: () => boolean;
  log?: LogSink;
}

const EMPTY: DeviceLists = { cameras: [], microphones: [], speakers: [] };

export class DeviceManager implements DevicesApi {
  readonly #emitter = new TypedEmitter<DevicesEvents>();
  readonly #options: DeviceManagerOptions;
  readonly #storage: StoragePort | undefined;
  readonly #storageKey: string;
  #lists: DeviceLists = EMPTY;
  #preferred: PreferredDevices;
  #permission: Record<CaptureKind, DevicePermission> = { camera: 'unknown', microphone: 'unknown' };
  /** Tracks captured here: the only ones a switch may stop. */
  readonly #ours = new WeakSet<MediaStreamTrack>();
  /** Tracks a switch or fallback put into the call: stopped when the call is over. */
  readonly #switched = new Set<MediaStreamTrack>();
  /** The call's tracks we watch for `ended`, with their listener. */
  readonly #watched = new Map<MediaStreamTrack, () => void>();
  readonly #fallingBack = new Set<MediaStreamTrack>();
  readonly #outputs = new Set<SoundOutput>();
  #watching?: MediaDevicesPort;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: DeviceManagerOptions = {}) {
    this.#options = options;
    this.#storage = options.storage === null ? undefined : (options.storage ?? defaultStorage());
    this.#storageKey = options.storageKey ?? DEFAULT_STORAGE_KEY;
    this.#preferred = loadPreferences(this.#storage, this.#storageKey);
  }

  get cameras(): DeviceEntry[] {
    return this.#lists.cameras;
  }
  get microphones(): DeviceEntry[] {
    return this.#lists.microphones;
  }
  get speakers(): DeviceEntry[] {
    return this.#lists.speakers;
  }
  get preferred(): PreferredDevices {
    return { ...this.#preferred };
  }
  get permission(): Record<CaptureKind, DevicePermission> {
    return { ...this.#permission };
  }

  get speakerSelectionSupported(): boolean {
    if (this.#options.speakerSupported) return this.#options.speakerSupported();
    return typeof HTMLMediaElement !== 'undefined' && typeof HTMLMediaElement.prototype.setSinkId === 'function';
  }

  on<K extends keyof DevicesEvents>(name: K, listener: Listener<DevicesEvents[K]>): () => void {
    return this.#emitter.on(name, listener);
  }
  off<K extends keyof DevicesEvents>(name: K, listener: Listener<DevicesEvents[K]>): void {
    this.#emitter.off(name, listener);
  }

  async refresh(): Promise<DeviceLists> {
    const devices = this.#devices();
    this.#watch(devices);
    const listed = await devices.enumerateDevices();
    const next = {
      cameras: toEntries(listed, 'videoinput'),
      microphones: toEntries(listed, 'audioinput'),
      speakers: toEntries(listed, 'audiooutput'),
    };
    const changed = (['cameras', 'microphones', 'speakers'] as const).some(
      (k) => !sameEntries(this.#lists[k], next[k]),
    );
    this.#lists = next;
    if (changed) this.#emitter.emit('devices:changed', { ...next });
    this.#checkGone();
    return { ...next };
  }

  constraints(constraints: MediaStreamConstraints): MediaStreamConstraints {
    return withPreferred(constraints, this.#preferred);
  }

  async capture(constraints: MediaStreamConstraints): Promise<MediaStream> {
    const kind = constraints.video && constraints.audio ? undefined : constraints.video ? 'camera' : 'microphone';
    const stream = await this.#getUserMedia(this.constraints(constraints), kind, false);
    const listed = [...this.#lists.cameras, ...this.#lists.microphones];
    if (listed.every((d) => !d.label)) void this.refresh().catch(() => undefined);
    return stream;
  }

  selectCamera(deviceId: string, constraints?: MediaTrackConstraints): Promise<void> {
    return this.#serial(() => this.#select('camera', deviceId, constraints));
  }

  selectMicrophone(deviceId: string, constraints?: MediaTrackConstraints): Promise<void> {
    return this.#serial(() => this.#select('microphone', deviceId, constraints));
  }

  async selectSpeaker(deviceId: string): Promise<void> {
    if (!this.speakerSelectionSupported) throw notSupported();
    try {
      await Promise.all([...this.#outputs].map((output) => output.setSinkId?.(deviceId)));
    } catch (error) {
      throw deviceError(error, 'speaker', true);
    }
    this.#choose('speaker', deviceId);
  }

  attachOutput(output: SoundOutput): () => void {
    this.#outputs.add(output);
    const speaker = this.#preferred.speaker;
    if (speaker && this.speakerSelectionSupported) {
      void output.setSinkId?.(speaker).catch((error: unknown) => this.#error(deviceError(error, 'speaker', true)));
    }
    return () => this.#outputs.delete(output);
  }

  /** The connector: the call's local stream is now `stream` (undefined: no call). Its tracks are watched for `ended`. */
  callStreamChanged(stream: MediaStream | undefined): void {
    const tracks = new Set(stream?.getTracks() ?? []);
    for (const [track, off] of this.#watched)
      if (!tracks.has(track)) {
        off();
        this.#watched.delete(track);
      }
    for (const track of tracks) if (!this.#watched.has(track)) this.#watchTrack(track);
  }

  /** The connector: the call is over for good (no redial pending): the tracks our switches captured are stopped. */
  callOver(): void {
    for (const track of this.#switched) track.stop();
    this.#switched.clear();
  }

  /** Stops following `devicechange` and the call's tracks; stops what our switches captured. */
  dispose(): void {
    this.#watching?.removeEventListener('devicechange', this.#onDeviceChange);
    this.#watching = undefined;
    this.callStreamChanged(undefined);
    this.callOver();
    this.#outputs.clear();
    this.#emitter.removeAllListeners();
  }

  /** The id of the device a track comes from ('' when the browser does not say). */
  deviceIdOf(track: MediaStreamTrack): string {
    return track.getSettings?.().deviceId ?? '';
  }

  async #select(kind: CaptureKind, deviceId: string, constraints?: MediaTrackConstraints): Promise<void> {
    const old = this.#callTrack(kind);
    if (old && (this.deviceIdOf(old) !== deviceId || constraints))
      await this.#switch(kind, old, replacementConstraints(old, deviceId, constraints), true);
    this.#choose(kind, deviceId);
  }

  /** Captures `kind` with `constraints` and puts it into the call instead of `old` (enabled state kept). */
  async #switch(
    kind: CaptureKind,
    old: MediaStreamTrack,
    constraints: MediaTrackConstraints,
    chosen: boolean,
  ): Promise<MediaStreamTrack> {
    const stream = await this.#getUserMedia({ [mediaKey(kind)]: constraints }, kind, chosen);
    const [next] = stream.getTracks();
    next.enabled = old.enabled;
    if (kind === 'camera') next.contentHint = old.contentHint;
    try {
      await this.#requireCall().replaceTrack(mediaKey(kind), next);
    } catch (error) {
      next.stop();
      throw toVinteoError(error);
    }
    this.#switched.add(next);
    if (this.#ours.has(old)) {
      old.stop();
      this.#switched.delete(old);
    }
    this.#log('info', `devices: ${kind} ${this.deviceIdOf(old) || '?'} -> ${this.deviceIdOf(next) || '?'} in the call`);
    return next;
  }

  async #fallback(kind: CaptureKind, old: MediaStreamTrack): Promise<void> {
    if (this.#fallingBack.has(old)) return;
    this.#fallingBack.add(old);
    const from = this.deviceIdOf(old);
    try {
      const next = await this.#serial(() => this.#switch(kind, old, replacementConstraints(old, undefined), false));
      this.#emitter.emit('devices:fallback', { kind, from, to: this.deviceIdOf(next) });
    } catch (error) {
      this.#error(toVinteoError(error));
    } finally {
      this.#fallingBack.delete(old);
    }
  }

  async #getUserMedia(
    constraints: MediaStreamConstraints,
    kind: CaptureKind | undefined,
    chosen: boolean,
  ): Promise<MediaStream> {
    const kinds: CaptureKind[] = kind ? [kind] : ['camera', 'microphone'];
    const devices = this.#devices();
    try {
      const stream = await captureUserMedia((c) => devices.getUserMedia(c), constraints, kind, chosen);
      stream.getTracks().forEach((t) => this.#ours.add(t));
      kinds.forEach((k) => {
        this.#permission[k] = 'granted';
      });
      return stream;
    } catch (error) {
      if ((error as VinteoError).code === 'media-permission')
        kinds.forEach((k) => {
          this.#permission[k] = 'denied';
        });
      throw error;
    }
  }

  #choose(kind: DeviceKind, deviceId: string): void {
    this.#preferred = { ...this.#preferred, [kind]: deviceId };
    savePreferences(this.#storage, this.#storageKey, this.#preferred);
    this.#emitter.emit('devices:selected', { kind, deviceId });
  }

  #callTrack(kind: CaptureKind): MediaStreamTrack | undefined {
    const stream = this.#options.call?.localStream();
    return (kind === 'camera' ? stream?.getVideoTracks() : stream?.getAudioTracks())?.[0];
  }

  #requireCall(): DeviceCallPort {
    if (!this.#options.call) throw new Error('No call to switch devices in');
    return this.#options.call;
  }

  #watchTrack(track: MediaStreamTrack): void {
    const kind: CaptureKind = track.kind === 'video' ? 'camera' : 'microphone';
    const onEnded = () => {
      if (this.#callTrack(kind) === track) void this.#fallback(kind, track);
    };
    track.addEventListener('ended', onEnded);
    this.#watched.set(track, () => track.removeEventListener('ended', onEnded));
  }

  /** After a new list: a call track whose device is no longer listed falls back to the default. */
  #checkGone(): void {
    for (const kind of ['camera', 'microphone'] as const) {
      const track = this.#callTrack(kind);
      const list = kind === 'camera' ? this.#lists.cameras : this.#lists.microphones;
      const id = track && this.deviceIdOf(track);
      if (track && id && list.some((d) => d.deviceId) && !list.some((d) => d.deviceId === id))
        void this.#fallback(kind, track);
    }
  }

  #watch(devices: MediaDevicesPort): void {
    if (this.#watching === devices) return;
    this.#watching?.removeEventListener('devicechange', this.#onDeviceChange);
    this.#watching = devices;
    devices.addEventListener('devicechange', this.#onDeviceChange);
  }

  #onDeviceChange = (): void => {
    void this.refresh().catch((error: unknown) => this.#error(deviceError(error, undefined)));
  };

  #devices(): MediaDevicesPort {
    const option = this.#options.mediaDevices;
    const devices = typeof option === 'function' ? option() : (option ?? globalThis.navigator?.mediaDevices);
    if (!devices)
      throw deviceError(
        new DOMException('This page has no access to media devices (an insecure origin?)', 'NotSupportedError'),
        undefined,
      );
    return devices;
  }

  /** Runs switches one after another (two quick choices never interleave). */
  #serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(job, job);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #error(error: VinteoError): void {
    this.#log('warn', `devices: ${error.message}`);
    this.#emitter.emit('devices:error', { error });
  }

  #log(level: 'info' | 'warn', message: string): void {
    this.#options.log?.(level, message);
  }
}
