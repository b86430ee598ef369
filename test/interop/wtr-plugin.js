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
  /** The Kamailio restart running in the background, and the result of the last one. */
  /** @type {Promise<unknown> | undefined} */
  let restarting;
  /** @type {Record<string, unknown> | undefined} */
  let restartResult;
  const started = () => {
    if (!stack) throw new Error('the interop stack is not started (run the start action first)');
    return stack;
  };
  /** @type {Record<string, (args: any) => Promise<unknown>>} */
  const actions = {
    start: async () => {
      stack ??= await startStack();
      // A previous file's fault (Kamailio stopped, baresip killed) must not leak into this one.
      if ((await stack.heal()).healed.length) {
        farEnd?.close();
        farEnd = undefined;
      }
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
    /** baresip's log and events are read from here on, its call kept (what it sees after a fault). */
    farEndMark: async () => {
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
    // Faults (stack.js). Each answers with the Date.now() moments it measured, so a test can line them up with its
    // own events: stoppedAt/freeAt (ports free), startedAt/listeningAt (ws port accepts)/readyAt (answers OPTIONS).
    /**
     * Kamailio down for `downMs` and back with the same command line; baresip registers again at once unless
     * `registerBaresip: false`. Answers as soon as Kamailio is down (`stoppedAt`, `freeAt`, `upAt` planned): a browser
     * command times out after 20 s, so the restart finishes in the background; `kamailioRestarted` waits for it.
     */
    restartKamailio: async ({ downMs = 0, registerBaresip = true }) => {
      if (restarting) throw new Error('a Kamailio restart is already in progress');
      const s = started();
      /** @type {Promise<{ stoppedAt: number, freeAt: number }>} */
      const stopped = new Promise((resolve, reject) => {
        const run = s.restartKamailio({ downMs, registerBaresip, onStopped: resolve });
        restarting = run.finally(() => {
          restarting = undefined;
        });
        restarting.catch(() => undefined); // its failure is reported by kamailioRestarted, never as an unhandled rejection
        restartResult = undefined;
        run.then(
          (result) => {
            restartResult = { done: true, ...result };
          },
          (error) => {
            restartResult = { done: true, error: String(error?.message ?? error) };
            reject(error);
          },
        );
      });
      return { ...(await stopped), upAt: (await stopped).stoppedAt + downMs };
    },
    /** Waits up to `timeoutMs` (< 20 s) for the restart begun by restartKamailio: `{done: false}` or its result. */
    kamailioRestarted: async ({ timeoutMs = 15_000 }) => {
      if (restarting)
        await Promise.race([
          restarting.catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, 18_000))),
        ]);
      if (restarting) return { done: false };
      if (!restartResult) throw new Error('no Kamailio restart was begun');
      if ('error' in restartResult) throw new Error(restartResult.error);
      return restartResult;
    },
    stopKamailio: async () => {
      await restarting?.catch(() => undefined);
      return started().stopKamailio();
    },
    startKamailio: async ({ registerBaresip = true }) => {
      const up = await started().startKamailio();
      return {
        ...up,
        baresip: registerBaresip && started().running().baresip ? await started().registerBaresip() : undefined,
      };
    },
    /** SIGKILL: the far end vanishes (no BYE); its event stream is gone until restartBaresip. */
    killBaresip: async () => {
      farEnd?.close();
      farEnd = undefined;
      return started().killBaresip();
    },
    restartBaresip: async () => {
      farEnd?.close();
      const result = await started().restartBaresip();
      farEnd = baresipEvents(PORTS.baresipCtrl);
      logMark = stack?.logs('baresip').end ?? 0;
      return result;
    },
    /** baresip REGISTERs now (after a Kamailio restart it would wait for its regint). */
    registerBaresip: async () => started().registerBaresip(),
    /** Back to a whole stack (Kamailio up, baresip up and registered); `healed` says what it had to do. */
    heal: async () => {
      const result = await started().heal();
      if (result.healed.length) {
        farEnd?.close();
        farEnd = baresipEvents(PORTS.baresipCtrl);
      }
      return result;
    },
    /** Which of the stack's processes are alive. */
    running: async () => stack?.running() ?? {},
    // sipp as a scripted far end (test/interop/sipp.js), one at a time: a leftover one is stopped first.
    sippStart: async ({ scenario, timeoutS }) => {
      await sipp?.stop();
      sipp = undefined;
      sipp = await startSipp({ scenario, timeoutS });
      return { pid: sipp.pid };
    },
    sippLog: async () => ({ messages: sipp?.messages() ?? [], exit: sipp?.exit ?? null }),
    sippStop: async ({ waitMs }) => {
      const result = await sipp?.stop(waitMs);
      sipp = undefined;
      return result ?? { stopped: false };
    },
    stop: async () => {
      farEnd?.close();
      farEnd = undefined;
      await stack?.stop();
      stack = undefined;
      return { stopped: true };
    },
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
