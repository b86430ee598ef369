import type { DeviceKind } from '../../src/media/device-types.js';

export interface DeviceChangeDetail {
  /** `camera`, `microphone` or `speaker`. */
  kind: DeviceKind;
  /** The chosen device (now used by the call, when there is one). */
  deviceId: string;
}

/** `vinteo-device-change`: the user chose a camera, microphone or speaker in `<vinteo-devices>`. */
export class VinteoDeviceChangeEvent extends Event {
  readonly detail: DeviceChangeDetail;

  constructor(detail: DeviceChangeDetail) {
    super('vinteo-device-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-device-change': VinteoDeviceChangeEvent;
  }
}
