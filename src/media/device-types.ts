/**
 * Devices as typed data: the cameras, microphones and speakers the browser lists, the ones chosen, and the
 * `devices:*` events. Plain data; the {@link DevicesApi} is what `connector.devices` offers.
 */
import type { Listener } from '../emitter.js';
import type { VinteoError } from '../errors.js';

/** What a device is for. */
export type DeviceKind = 'camera' | 'microphone' | 'speaker';
/** The kinds that capture (and can be switched in a call). */
export type CaptureKind = 'camera' | 'microphone';

/** One device as the browser lists it. `label` is empty until the page may use the camera/microphone. */
export interface DeviceEntry {
  deviceId: string;
  label: string;
  groupId: string;
}

export interface DeviceLists {
  cameras: DeviceEntry[];
  microphones: DeviceEntry[];
  speakers: DeviceEntry[];
}

/** `unknown` until the first capture; `denied` after the browser refused (the user or a site setting). */
export type DevicePermission = 'unknown' | 'granted' | 'denied';

/** The device ids chosen (remembered per origin unless turned off); absent = the browser's default. */
export interface PreferredDevices {
  camera?: string;
  microphone?: string;
  speaker?: string;
}

export interface DevicesEvents {
  /** The device lists changed (a device plugged in or out, labels after permission). */
  'devices:changed': DeviceLists;
  /** A device was chosen (and, in a call, is now sent). */
  'devices:selected': { kind: DeviceKind; deviceId: string };
  /** The device in use in the call went away: the call now sends from the default device `to`. */
  'devices:fallback': { kind: CaptureKind; from: string; to: string };
  /** A device failure not tied to a pending promise (a fallback that could not capture, a speaker that failed). */
  'devices:error': { error: VinteoError };
}

/** Where the sound goes: anything with `setSinkId` (an `<audio>` or `<video>`). */
export interface SoundOutput {
  setSinkId?: (sinkId: string) => Promise<void>;
}

/** `connector.devices`: choose and switch cameras, microphones and speakers. */
export interface DevicesApi {
  readonly cameras: DeviceEntry[];
  readonly microphones: DeviceEntry[];
  readonly speakers: DeviceEntry[];
  readonly preferred: PreferredDevices;
  readonly permission: Record<CaptureKind, DevicePermission>;
  /** Whether the browser can send sound to a chosen speaker (`HTMLMediaElement.setSinkId`). */
  readonly speakerSelectionSupported: boolean;
  /** Lists the devices again (and from now on follows `devicechange`); emits `devices:changed` when they changed. */
  refresh(): Promise<DeviceLists>;
  /** `constraints` with the preferred devices filled in where no `deviceId` is given (`ideal`: a missing one falls back). */
  constraints(constraints: MediaStreamConstraints): MediaStreamConstraints;
  /**
   * Captures with the preferred devices. Typed failures: `media-permission`, `device-busy`, `device-not-found`,
   * `media`. The caller owns the stream and stops it; a device switch in a call stops a track captured here.
   */
  capture(constraints: MediaStreamConstraints): Promise<MediaStream>;
  /** Chooses the camera; in a call its video is swapped with `replaceTrack` (no re-INVITE), mute state kept. */
  selectCamera(deviceId: string, constraints?: MediaTrackConstraints): Promise<void>;
  /** Chooses the microphone; in a call as {@link selectCamera}. */
  selectMicrophone(deviceId: string, constraints?: MediaTrackConstraints): Promise<void>;
  /** Chooses the speaker of every attached output; `not-supported` where the browser has no `setSinkId`. */
  selectSpeaker(deviceId: string): Promise<void>;
  /** Plays `output` on the chosen speaker (now and after each choice); returns the function that detaches it. */
  attachOutput(output: SoundOutput): () => void;
  on<K extends keyof DevicesEvents>(name: K, listener: Listener<DevicesEvents[K]>): () => void;
  off<K extends keyof DevicesEvents>(name: K, listener: Listener<DevicesEvents[K]>): void;
}
