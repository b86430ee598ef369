/**
 * How the connector composes the DeviceManager: its `devices:*` events go into the public stream, the call's local
 * stream is followed (for unplugged devices), and the tracks a switch captured are stopped once the call is over for
 * good (not while a redial will reuse the call's media).
 */
import type { TappedEmitter } from '../emitter.js';
import type { ConnectorEvents } from '../types.js';
import type { DeviceManager } from './devices.js';
import type { DevicesEvents } from './device-types.js';

const DEVICE_EVENTS: Array<keyof DevicesEvents> = [
  'devices:changed',
  'devices:selected',
  'devices:fallback',
  'devices:error',
];

export function linkDevices(bus: TappedEmitter<ConnectorEvents>, devices: DeviceManager): void {
  for (const name of DEVICE_EVENTS) devices.on(name, (payload) => bus.emit(name, payload as never));
  bus.tap('call:local-stream-changed', ({ stream }) => devices.callStreamChanged(stream));
  let redialing = false;
  const over = () => {
    redialing = false;
    devices.callOver();
  };
  bus.tap('call-reconnect:attempt-scheduled', () => {
    redialing = true;
  });
  bus.tap('call-reconnect:attempt-succeeded', () => {
    redialing = false;
  });
  bus.tap('call-reconnect:limit-reached', over);
  bus.tap('call-reconnect:cancelled', over);
  const ended = () => {
    if (!redialing) devices.callOver();
  };
  bus.tap('call:ended', ended);
  bus.tap('call:failed', ended);
}
