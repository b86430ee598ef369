/**
 * What `<vinteo-devices>` shows, as plain functions: the options of a select (names even before the browser gives
 * labels), which one is chosen, and a typed device error in words with the next step. No Lit, no state.
 */
import type { DeviceEntry, DeviceKind, DevicesApi, PreferredDevices } from '../../src/media/device-types.js';
import type { StringKey } from '../i18n.js';

export interface DeviceOption {
  value: string;
  label: string;
}

type Translate = (key: StringKey, values?: Record<string, string>) => string;

/** One option per device; an unlabelled device (before permission) is "Camera 1", "Camera 2" … */
export function optionsOf(kind: DeviceKind, entries: DeviceEntry[], t: Translate): DeviceOption[] {
  return entries.map((entry, index) => ({
    value: entry.deviceId,
    label: entry.label || t(`devices.unnamed.${kind}`, { n: String(index + 1) }),
  }));
}

/** The list of one kind. */
export function entriesOf(devices: DevicesApi, kind: DeviceKind): DeviceEntry[] {
  return kind === 'camera' ? devices.cameras : kind === 'microphone' ? devices.microphones : devices.speakers;
}

/** The browser lets the page use the devices (a capture succeeded, or it already gives labels). */
export function allowed(devices: DevicesApi): boolean {
  const { camera, microphone } = devices.permission;
  return (
    camera === 'granted' ||
    microphone === 'granted' ||
    [...devices.cameras, ...devices.microphones].some((d) => d.label)
  );
}

/** The browser refused a capture (the user, or a site setting). */
export function denied(devices: DevicesApi | undefined): boolean {
  return Object.values(devices?.permission ?? {}).includes('denied');
}

/** True when the browser hides the devices' ids (before permission): there is nothing to choose yet. */
export function anonymous(entries: DeviceEntry[]): boolean {
  return entries.every((entry) => !entry.deviceId);
}

/** The id to show as chosen: the one in use, else the preferred one, else the first listed. */
export function chosenId(
  kind: DeviceKind,
  entries: DeviceEntry[],
  preferred: PreferredDevices,
  inUse?: string,
): string {
  const listed = (id: string | undefined) => id !== undefined && entries.some((entry) => entry.deviceId === id);
  if (listed(inUse)) return inUse as string;
  if (listed(preferred[kind])) return preferred[kind] as string;
  return entries[0]?.deviceId ?? '';
}

/** The device a track comes from ('' when the browser does not say). */
export function deviceIdOf(track: MediaStreamTrack | undefined): string {
  return track?.getSettings?.().deviceId ?? '';
}

/** A device failure the element shows: the connector's code, the kind it concerns, and whether a device was chosen. */
export interface DeviceProblem {
  code: string;
  kind?: DeviceKind;
  /** A specific device was asked for (so "not found" means it went away). */
  chosen: boolean;
}

/**
 * The problem in words: what happened, and what to do next. `retry`: a "Try again" button is offered (before a
 * call); in a call the next step is to choose the device again.
 */
export function problemText(problem: DeviceProblem, t: Translate, retry = true): { message: string; help: string } {
  const which = problem.kind === 'camera' || problem.kind === 'microphone' ? problem.kind : 'both';
  const how = (key: 'blocked' | 'busy' | 'missing' | 'failed') =>
    t(`devices.${key}${retry ? 'How' : 'HowInCall'}` as StringKey);
  switch (problem.code) {
    case 'media-permission':
      return { message: t('devices.blocked'), help: how('blocked') };
    case 'device-busy':
      return { message: t(`devices.busy.${which}`), help: how('busy') };
    case 'device-not-found':
      return problem.chosen
        ? { message: t('devices.gone'), help: t('devices.goneHow') }
        : { message: t(`devices.missing.${which}`), help: how('missing') };
    case 'not-supported':
      return {
        message: t(problem.kind === 'speaker' ? 'devices.speakerUnsupported' : 'devices.unavailable'),
        help: '',
      };
    default:
      return { message: t('devices.failed'), help: how('failed') };
  }
}
