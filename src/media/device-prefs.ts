/**
 * Device preferences: remembered per origin in a `localStorage`-like store (when the page allows it), and put into
 * capture constraints. Pure helpers; no device is touched here.
 */
import type { CaptureKind, DeviceEntry, DeviceKind, PreferredDevices } from './device-types.js';

/** The part of `Storage` the preferences need. */
export interface StoragePort {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const DEFAULT_STORAGE_KEY = 'vinteo.devices';
const KINDS: DeviceKind[] = ['camera', 'microphone', 'speaker'];

/** `localStorage` where the page may use it (it throws in some sandboxed frames and private modes). */
export function defaultStorage(): StoragePort | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

export function loadPreferences(storage: StoragePort | undefined, key: string): PreferredDevices {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(key) ?? '{}');
    const result: PreferredDevices = {};
    for (const kind of KINDS) {
      const value = (parsed as Record<string, unknown> | null)?.[kind];
      if (typeof value === 'string' && value) result[kind] = value;
    }
    return result;
  } catch {
    return {};
  }
}

export function savePreferences(storage: StoragePort | undefined, key: string, preferred: PreferredDevices): void {
  try {
    storage?.setItem(key, JSON.stringify(preferred));
  } catch {
    // Quota or a blocked store: the choice still holds for this page.
  }
}

type TrackConstraint = boolean | MediaTrackConstraints | undefined;

/** Adds `deviceId` (`ideal`, or `exact` when `exact`) to a kind's constraint that asks for media and names none. */
export function withDevice(constraint: TrackConstraint, deviceId: string | undefined, exact = false): TrackConstraint {
  if (!constraint || !deviceId) return constraint;
  const base = constraint === true ? {} : constraint;
  if (base.deviceId !== undefined) return constraint;
  return { ...base, deviceId: exact ? { exact: deviceId } : { ideal: deviceId } };
}

/** `constraints` with the preferred camera and microphone filled in; unchanged when there is nothing to add. */
export function withPreferred(
  constraints: MediaStreamConstraints,
  preferred: PreferredDevices,
): MediaStreamConstraints {
  const video = withDevice(constraints.video, preferred.camera);
  const audio = withDevice(constraints.audio, preferred.microphone);
  if (video === constraints.video && audio === constraints.audio) return constraints;
  return { ...constraints, audio, video };
}

/** The constraints to capture `kind` again like `old` (its size, frame rate …) from another device. */
export function replacementConstraints(
  old: MediaStreamTrack | undefined,
  deviceId: string | undefined,
  extra: MediaTrackConstraints = {},
): MediaTrackConstraints {
  const { deviceId: _previous, groupId: _group, ...kept } = old?.getConstraints?.() ?? {};
  const merged: MediaTrackConstraints = { ...kept, ...extra };
  if (deviceId) merged.deviceId = { exact: deviceId };
  return merged;
}

/** The kind's track constraint key in `getUserMedia`. */
export function mediaKey(kind: CaptureKind): 'audio' | 'video' {
  return kind === 'camera' ? 'video' : 'audio';
}

/** Lists of plain entries from `enumerateDevices()`. */
export function toEntries(
  devices: Array<Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label' | 'groupId'>>,
  kind: MediaDeviceKind,
): DeviceEntry[] {
  return devices
    .filter((d) => d.kind === kind)
    .map((d) => ({ deviceId: d.deviceId, label: d.label, groupId: d.groupId }));
}

export function sameEntries(a: DeviceEntry[], b: DeviceEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((d, i) => d.deviceId === b[i].deviceId && d.label === b[i].label && d.groupId === b[i].groupId)
  );
}
