/** Test doubles for apps that use vinteo-elements (`vinteo-elements/testing`). */
export { FakeConnector } from './fake-connector.js';
export type { FakeCall } from './fake-connector.js';
