/** Test doubles for apps that use vinteo-elements (`vinteo-elements/testing`). No Lit, no elements, no sip.js. */
export { FakeConnector } from './fake-connector.js';
export type { FakeCall, FakeConnectorOptions } from './fake-connector.js';
export type { ConferencePatch } from './fake-conference.js';
export type { CallAfterReconnect } from './fake-recovery.js';
export { createFakeStream } from './fake-media.js';
export type { FakeStreamOptions } from './fake-media.js';
export { FakeMediaDevices, defaultFakeDevices } from './fake-devices.js';
export type { FakeDevice } from './fake-devices.js';
export { FakeStats, fakeSnapshot, fakeVerdict } from './fake-stats.js';
export type { BalancerEventMap, FakeSnapshotInput, FakeStreamsInput, HealthEventMap } from './fake-stats.js';
