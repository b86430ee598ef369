// @ts-check
// Test-runner plugin for the `interop` group: starts the Kamailio + rtpengine + baresip stack on first use and
// stops it when the run ends; browser tests drive it with executeServerCommand('interop', { action, ... }).
import { baresipCommand, baresipEvents, farEndView } from './baresip.js';
import { startSipp } from './sipp.js';
import { PORTS, startStack } from './stack.js';

/** Sends one ctrl_tcp command to baresip and returns its response. @param {string} command @param {string} [params] */
export function baresip(command, params = '') {
  return baresipCommand(PORTS.baresipCtrl, command, params);
}

export function interopPlugin() {
  /** @type {Awaited<ReturnType<typeof startStack>> | undefined} */
  let stack;
  /** @type {ReturnType<typeof baresipEvents> | undefined} */
  let farEnd;
  let logMark = 0;
  /** @type {Awaited<ReturnType<typeof startSipp>> | undefined} */
  let sipp;
  /** @type {Record<string, (args: any) => Promise<unknown>>} */
  const actions = {
    start: async () => {
      stack ??= await startStack();
      farEnd ??= baresipEvents(PORTS.baresipCtrl);
      return { wsUrl: stack.wsUrl, wssUrl: stack.wssUrl, domain: stack.domain };
    },
    baresip: async ({ command, params }) => baresip(command, params),
    /** baresip's own events since the last clear (types like CALL_ESTABLISHED, CALL_DTMF_START, CALL_CLOSED). */
    baresipEvents: async ({ clear }) => {
      const events = [...(farEnd?.events ?? [])];
      if (clear) farEnd?.clear();
      return events;
    },
    /** A process's output from absolute offset `from` (0: all that is kept) and the offset where it ends now. */
    logs: async ({ name, from = 0 }) => stack?.logs(name, from) ?? { text: '', end: 0 },
    /** Starts a fresh far-end view: no call left at baresip, its log and events read from here on. */
    farEndReset: async () => {
      if (/Active calls \(0\)/.test((await baresip('listcalls')).data ?? '') === false) await baresip('hangup');
      logMark = stack?.logs('baresip').end ?? 0;
      farEnd?.clear();
      return { ok: true };
    },
    /** baresip's own view of the call since farEndReset (see farEndView). */
    farEndState: async () => {
      const listcalls = (await baresip('listcalls')).data ?? '';
      return farEndView({ log: stack?.logs('baresip', logMark).text ?? '', listcalls });
    },
    /** The registrar's contacts for a user (Kamailio's own view, over kamcmd). */
    contacts: async ({ user }) => stack?.contacts(user) ?? [],
    // sipp as a scripted far end (test/interop/sipp.js), one at a time: a leftover one is stopped first.
    sippStart: async ({ scenario, timeoutS }) => {
      await sipp?.stop();
      sipp = undefined;
      sipp = await startSipp({ scenario, timeoutS });
      return { pid: sipp.pid };
    },
    sippLog: async () => ({ messages: sipp?.messages() ?? [], exit: sipp?.exit ?? null }),
    sippStop: async ({ waitMs }) => { const result = await sipp?.stop(waitMs); sipp = undefined; return result ?? { stopped: false }; },
    stop: async () => { farEnd?.close(); farEnd = undefined; await stack?.stop(); stack = undefined; return { stopped: true }; },
  };
  return {
    name: 'interop-stack',
    async serverStop() {
      await sipp?.stop();
      farEnd?.close();
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
