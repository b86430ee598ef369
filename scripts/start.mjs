#!/usr/bin/env node
// `npm start`: the local Vinteo server + the demo (Vite dev server), one URL printed.
// Everything listens on 127.0.0.1 only.
import { createServer } from 'vite';
import { startVinteoServer } from '../test/server/index.js';

const host = '127.0.0.1';
const demoPort = Number(process.env.VINTEO_DEMO_PORT ?? 5173); // 0: any free port
const sipPort = Number(process.env.VINTEO_SERVER_PORT ?? 0);

const sip = await startVinteoServer({ host, port: sipPort });
const vite = await createServer({
  configFile: new URL('../vite.config.ts', import.meta.url).pathname,
  root: new URL('../demo/', import.meta.url).pathname,
  server: { host, port: demoPort, strictPort: false, open: false },
  logLevel: 'warn',
});
await vite.listen();
const address = vite.httpServer?.address();
const port = typeof address === 'object' && address ? address.port : demoPort;
const url = `http://${host}:${port}/?server=${encodeURIComponent(sip.wsUrl)}`;

console.log(`\nvinteo-elements demo with the built-in local Vinteo server (${sip.wsUrl})`);
console.log(`Open: ${url}\n`);
console.log('Press Ctrl+C to stop.');

async function shutdown() {
  await vite.close().catch(() => undefined);
  await sip.stop().catch(() => undefined);
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
