#!/usr/bin/env node
// Runs only the local Vinteo server / conference emulator (no demo): prints VINTEO_SERVER_URL=ws://127.0.0.1:PORT
// and VINTEO_API_URL (the spectator offer endpoint's base, for the connector's `apiUrl`).
// Control API: POST http://127.0.0.1:PORT/control/{action} with a JSON body (see test/server/index.js).
import { startVinteoServer } from '../test/server/index.js';

const portArg = process.argv.indexOf('--port');
const port = Number(portArg > 0 ? process.argv[portArg + 1] : (process.env.VINTEO_SERVER_PORT ?? 0));
const server = await startVinteoServer({ host: '127.0.0.1', port });
console.log(`VINTEO_SERVER_URL=${server.wsUrl}`);
console.log(`VINTEO_API_URL=${server.apiUrl}`);
const stop = () => server.stop().finally(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
