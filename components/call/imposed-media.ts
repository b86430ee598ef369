/**
 * What the conference imposes on the user's microphone and camera for one call — a moderator's forced switch, a
 * move to the spectators who may not send, an audio-only licence — kept apart from the user's own choice, so it is
 * undone when its reason goes away and never leaks into the next call. The connector keeps the switches across
 * calls (src/call/media-flags.ts); the protocol leaves applying the server's commands to the application
 * (vinteo-protocol.md §3.13), so this is where they are applied and taken back.
 */
import type { VinteoConnectorApi } from '../../src/types.js';

export type Device = 'mic' | 'camera';
export type Reason = 'moderator' | 'spectator' | 'licence';

interface Imposition {
  /** The user's own switch before the first imposition. */
  own: boolean;
  reasons: Set<Reason>;
}

const get = (c: VinteoConnectorApi, device: Device) => (device === 'mic' ? c.micEnabled : c.cameraEnabled);
const set = (c: VinteoConnectorApi, device: Device, on: boolean) =>
  device === 'mic' ? c.setMicEnabled(on) : c.setCameraEnabled(on);

export class ImposedMedia {
  #imposed = new Map<Device, Imposition>();

  /** Switches `device` for `reason`, remembering the user's own switch. Returns whether anything changed. */
  impose(connector: VinteoConnectorApi, device: Device, on: boolean, reason: Reason): boolean {
    const entry = this.#imposed.get(device) ?? { own: get(connector, device), reasons: new Set<Reason>() };
    entry.reasons.add(reason);
    this.#imposed.set(device, entry);
    const changed = get(connector, device) !== on;
    if (changed) set(connector, device, on);
    return changed;
  }

  /** `reason` is gone (back to participant, a video licence): the user's own switch again once no reason is left. */
  lift(connector: VinteoConnectorApi, device: Device, reason: Reason): boolean {
    const entry = this.#imposed.get(device);
    if (!entry?.reasons.delete(reason) || entry.reasons.size > 0) return false;
    this.#imposed.delete(device);
    const changed = get(connector, device) !== entry.own;
    if (changed) set(connector, device, entry.own);
    return changed;
  }

  /** The user switched `device` themselves: that is their choice now (nothing to take back for it). */
  userSwitched(device: Device): void {
    this.#imposed.delete(device);
  }

  /** Is `device` held by `reason` now? */
  holds(device: Device, reason: Reason): boolean {
    return this.#imposed.get(device)?.reasons.has(reason) ?? false;
  }

  /** The call ended: the user's own switches again, for the next call. */
  liftAll(connector: VinteoConnectorApi | undefined): void {
    const entries = [...this.#imposed];
    this.#imposed.clear();
    for (const [device, { own }] of entries)
      if (connector && get(connector, device) !== own) set(connector, device, own);
  }
}
