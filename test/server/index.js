// @ts-check
// The local Vinteo server: SIP over WebSocket (subprotocol "sip"), a conference emulator (emulator.js), the
// spectator offer endpoint (recv-endpoint.js) and a JSON control API, all on one 127.0.0.1 port.
// `startVinteoServer()` is used by the test runner plugin, the demo launcher and the benchmarks.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { ACCOUNTS } from './auth.js';
import { emulatorControl } from './emulator-control.js';
import { faultControl } from './faults.js';
import { Emulator } from './emulator.js';
import { callUser, cancelCall, findDialog, sendInfo, sendNotify } from './outbound.js';
import { serveRecvOffer } from './recv-endpoint.js';
import { SipServer } from './sip-server.js';

/**
 * @param {{ host?: string, port?: number }} [options]
 */
export async function startVinteoServer({ host = '127.0.0.1', port = 0 } = {}) {
  let boundPort = 0;
  const sip = new SipServer({ host, port: () => boundPort });
  const emulator = new Emulator(sip);
  /** @type {any} */
  let control;
  const http = createServer((req, res) => {
    if (!serveRecvOffer(emulator, req, res)) void serveControl(control, req, res);
  });
  const wss = new WebSocketServer({
    server: http,
    handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
  });
  const listener = {
    listening: () => http.listening,
    // The listening socket closes at once; open WebSockets stay (close()'s callback would wait for them).
    close: async () => void http.close(),
    listen: () =>
      /** @type {Promise<void>} */ (new Promise((resolve) => http.listen(boundPort, host, () => resolve()))),
    sockets: () => [...wss.clients],
  };
  control = createControl(sip, emulator, () => `ws://${host}:${boundPort}`, listener);
  const debug = process.env.VINTEO_SERVER_DEBUG === '1';
  let connections = 0;
  wss.on('connection', (socket) => {
    Object.assign(socket, { connectionId: ++connections });
    if (debug) {
      const send = socket.send.bind(socket);
      socket.send = (/** @type {any} */ text) => {
        console.log(`>>> server sends\n${text}`);
        send(text);
      };
    }
    socket.on('message', (data) => {
      if (debug) console.log(`<<< server receives\n${data}`);
      sip.onMessage(socket, data.toString());
    });
    socket.on('close', () => sip.onClose(socket));
    socket.on('error', () => undefined);
  });
  await new Promise((resolve) => http.listen(port, host, () => resolve(undefined)));
  boundPort = /** @type {import('node:net').AddressInfo} */ (http.address()).port;
  const stop = async () => {
    await control.reset();
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(() => resolve(undefined)));
    if (http.listening) await new Promise((resolve) => http.close(() => resolve(undefined)));
  };
  return {
    wsUrl: `ws://${host}:${boundPort}`,
    apiUrl: `http://${host}:${boundPort}`,
    domain: host,
    port: boundPort,
    control,
    stop,
  };
}

/** @param {SipServer} sip  @param {Emulator} emulator  @param {() => string} wsUrl  @param {import('./faults.js').Listener} listener */
function createControl(sip, emulator, wsUrl, listener) {
  const faults = faultControl(sip, listener);
  return {
    info: async () => ({
      wsUrl: wsUrl(),
      apiUrl: wsUrl().replace(/^ws/, 'http'),
      domain: new URL(wsUrl()).hostname,
      accounts: Object.entries(ACCOUNTS).map(([user, password]) => ({ user, password })),
    }),
    requests: async (/** @type {{ method?: string, since?: number }} */ f = {}) =>
      sip.requests.filter((r) => (!f.method || r.method === f.method.toUpperCase()) && (!f.since || r.time >= f.since)),
    dialogs: async () => [...sip.dialogs.values()].map((d) => d.snapshot()),
    registrations: async () =>
      [...sip.registrations.values()]
        .filter((r) => r.expiresAt > Date.now())
        .map((r) => ({ user: r.user, contact: r.contact, headers: r.headers })),
    hangUp: async (/** @type {{ callId?: string, user?: string }} */ by = {}) => ({
      status: await sip.byeDialog(findDialog(sip, by)),
    }),
    sendInfo: async (/** @type {any} */ args) => sendInfo(sip, args),
    sendNotify: async (/** @type {any} */ args) => sendNotify(sip, args),
    callUser: async (/** @type {any} */ args) => callUser(sip, args),
    cancelCall: async (/** @type {any} */ args) => cancelCall(sip, args),
    waitFor: (/** @type {{ method: string, timeoutMs?: number, since?: number }} */ args) => waitForRequest(sip, args),
    ...emulatorControl(emulator),
    ...faults.actions,
    reset: async () => {
      await faults.reset();
      // A dialog whose client socket is closed cannot take a BYE: it just ends.
      await Promise.all(
        [...sip.dialogs.values()].map((d) =>
          d.state === 'confirmed' && d.socket.readyState === 1 ? sip.byeDialog(d) : (d.terminate(), 0),
        ),
      );
      sip.dialogs.clear();
      sip.pendingInvites.clear();
      sip.requests.length = 0;
      emulator.reset();
      return { ok: true };
    },
  };
}

/** @param {SipServer} sip  @param {{ method: string, timeoutMs?: number, since?: number }} args */
function waitForRequest(sip, { method, timeoutMs = 10_000, since = 0 }) {
  const wanted = method.toUpperCase();
  const seen = sip.requests.find((r) => r.method === wanted && r.time >= since);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sip.requestWatchers.delete(watch);
      reject(new Error(`no ${wanted} within ${timeoutMs} ms`));
    }, timeoutMs);
    const watch = (/** @type {Record<string, any>} */ entry) => {
      if (entry.method !== wanted) return;
      clearTimeout(timer);
      sip.requestWatchers.delete(watch);
      resolve(entry);
    };
    sip.requestWatchers.add(watch);
  });
}

/** POST /control/{action} with a JSON body → the control method's JSON result. */
async function serveControl(
  /** @type {any} */ control,
  /** @type {import('node:http').IncomingMessage} */ req,
  /** @type {import('node:http').ServerResponse} */ res,
) {
  const action = /^\/control\/(\w+)$/.exec(req.url ?? '')?.[1];
  const headers = {
    'content-type': 'application/json',
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'content-type',
  };
  if (req.method === 'OPTIONS') return res.writeHead(204, headers).end();
  if (req.method !== 'POST' || !action || typeof control[action] !== 'function')
    return res.writeHead(404, headers).end('{"error":"unknown action"}');
  let body = '';
  for await (const chunk of req) body += chunk;
  try {
    const result = await control[action](body ? JSON.parse(body) : {});
    res.writeHead(200, headers).end(JSON.stringify(result ?? null));
  } catch (error) {
    res.writeHead(400, headers).end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  }
}
