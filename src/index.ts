export * from './errors.js';
export * from './emitter.js';
export type * from './types.js';
export { VinteoConnector } from './connector.js';
