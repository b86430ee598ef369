// @ts-check
// Test-runner plugin for the `interop` group: starts the Kamailio + rtpengine + baresip stack on first use and
// stops it when the run ends; browser tests drive it with executeServerCommand('interop', { action, ... }).
import { createConnection } from 'node:net';
import { startSipp } from './sipp.js';
import { PORTS, startStack } from './stack.js';

/** Sends one ctrl_tcp command to baresip (netstring-framed JSON) and returns its response. @param {string} command @param {string} [params] */
export function baresip(command, params = '') {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port: PORTS.baresipCtrl });
    const json = JSON.stringify({ command, params, token: String(Date.now()) });
    let data = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`baresip ${command} timed out`)); }, 5000);
    socket.on('connect', () => socket.write(`${Buffer.byteLength(json)}:${json},`));
    socket.on('data', (chunk) => {
      data += chunk;
      const match = /^(\d+):/.exec(data);
      if (!match || data.length < match[0].length + Number(match[1])) return;
      clearTimeout(timer);
      socket.end();
      const body = data.slice(match[0].length, match[0].length + Number(match[1]));
      try { resolve(JSON.parse(body)); } catch { resolve({ raw: body }); }
    });
    socket.on('error', (error) => { clearTimeout(timer); reject(error); });
  });
}

export function interopPlugin() {
  /** @type {Awaited<ReturnType<typeof startStack>> | undefined} */
  let stack;
  /** @type {Awaited<ReturnType<typeof startSipp>> | undefined} */
  let sipp;
  /** @type {Record<string, (args: any) => Promise<unknown>>} */
  const actions = {
    start: async () => {
      stack ??= await startStack();
      return { wsUrl: stack.wsUrl, wssUrl: stack.wssUrl, domain: stack.domain };
    },
    baresip: async ({ command, params }) => baresip(command, params),
    logs: async ({ name }) => stack?.logs(name) ?? '',
    // sipp as a scripted far end (test/interop/sipp.js), one at a time: a leftover one is stopped first.
    sippStart: async ({ scenario, timeoutS }) => {
      await sipp?.stop();
      sipp = undefined;
      sipp = await startSipp({ scenario, timeoutS });
      return { pid: sipp.pid };
    },
    sippLog: async () => ({ messages: sipp?.messages() ?? [], exit: sipp?.exit ?? null }),
    sippStop: async ({ waitMs }) => { const result = await sipp?.stop(waitMs); sipp = undefined; return result ?? { stopped: false }; },
    stop: async () => { await stack?.stop(); stack = undefined; return { stopped: true }; },
  };
  return {
    name: 'interop-stack',
    async serverStop() {
      await sipp?.stop();
      await stack?.stop();
    },
    /** @param {{ command: string, payload?: any }} args */
    async executeCommand({ command, payload }) {
      if (command !== 'interop') return undefined;
      const { action, ...args } = payload ?? {};
      try {
        return (await actions[action]?.(args)) ?? null;
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
