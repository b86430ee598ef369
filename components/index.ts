/** Element classes, events, context, controller and strings. Side-effect free: import `./define.js` to register. */
export { VinteoConnectorElement } from './connector/vinteo-connector.component.js';
export { VinteoCallElement } from './call/vinteo-call.component.js';
export { VinteoDialpadElement } from './dialpad/vinteo-dialpad.component.js';
export { VinteoPresentationElement } from './presentation/vinteo-presentation.component.js';
export { VinteoDevicesElement } from './devices/vinteo-devices.component.js';
export { VinteoPrejoinElement } from './prejoin/vinteo-prejoin.component.js';
export { VinteoStatsElement } from './stats/vinteo-stats.component.js';
export { connectorContext } from './context.js';
export { ConnectorController, type ConnectorControllerOptions } from './controllers/connector-controller.js';
export * from './events/index.js';
export { translate, languageOf, type StringKey } from './i18n.js';
