/** Element classes, events, context and controller. Side-effect free: import `./define.js` to register. */
export { VinteoConnectorElement } from './connector/vinteo-connector.component.js';
export { VinteoCallElement } from './call/vinteo-call.component.js';
export { VinteoDialpadElement } from './dialpad/vinteo-dialpad.component.js';
export { connectorContext } from './context.js';
export { ConnectorController } from './controllers/connector-controller.js';
export * from './events/events.js';
export { translate, languageOf } from './i18n.js';
