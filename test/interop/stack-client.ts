/** Browser-side handle on the interop stack (Kamailio + rtpengine + baresip + sipp; see wtr-plugin.js). */
import { executeServerCommand } from '@web/test-runner-commands';
import type { ConnectionConfig } from '../../src/types.js';

export interface StackInfo {
  wsUrl: string;
  wssUrl: string;
  domain: string;
}

/** Runs one action of the `interop` server command; a server-side failure becomes a thrown Error. */
export async function interop<T>(action: string, args: object = {}): Promise<T> {
  const result = await executeServerCommand<T | { error: string }, object>('interop', { action, ...args });
  if (result && typeof result === 'object' && 'error' in (result as object))
    throw new Error(`interop: ${(result as { error: string }).error}`);
  return result as T;
}

/** A test user's registered account on Kamailio (passwords are `{user}-secret`). */
export function account(stack: StackInfo, user: string, transport: 'ws' | 'wss' = 'ws'): ConnectionConfig {
  return {
    server: transport === 'ws' ? stack.wsUrl : stack.wssUrl,
    domain: stack.domain,
    register: true,
    user,
    password: `${user}-secret`,
  };
}

/** baresip's own account of its current call (test/interop/baresip.js farEndView). */
export interface BaresipView {
  audioInBitrate: number;
  videoInBitrate: number;
  videoDecoded: boolean;
  infoDigits: string;
  rfc4733Digits: string;
  activeCalls: number;
}

export const baresip = {
  command: (command: string, params = '') => interop<{ ok: boolean; data?: string }>('baresip', { command, params }),
  reset: () => interop('farEndReset'),
  /** Its log and events count from now on; its call is kept (what it sees after a fault). */
  mark: () => interop('farEndMark'),
  view: () => interop<BaresipView>('farEndState'),
  /** baresip's own events (ctrl_tcp) since the last reset/mark/clear: CALL_ESTABLISHED, CALL_CLOSED, … */
  events: (clear = false) => interop<Array<{ type: string; param?: string; at: number }>>('baresipEvents', { clear }),
};

/** What a Kamailio stop measured (Date.now() ms): SIGTERM sent, its ws/wss/udp ports free again. */
export interface KamailioStopped {
  stoppedAt: number;
  freeAt: number;
}
/** What a Kamailio start measured: spawned, ws port accepting TCP, OPTIONS answered on UDP. */
export interface KamailioStarted {
  startedAt: number;
  listeningAt: number;
  readyAt: number;
  pid: number;
  baresip?: { registeredAt: number; replacedUa: boolean };
}
export type KamailioRestarted = KamailioStopped & KamailioStarted & { downMs: number };

/**
 * Faults in the interop stack (test/interop/stack.js). Kamailio keeps registrations in memory: after a restart
 * they are gone until each client registers again (baresip is made to register at once unless told otherwise).
 */
export const faults = {
  /**
   * SIGTERM, ports free, down for `downMs` (counted from the SIGTERM), started again with the same command line;
   * resolves once it listens again (and baresip is registered again, unless `registerBaresip: false`).
   */
  restartKamailio: async (options: { downMs?: number; registerBaresip?: boolean } = {}): Promise<KamailioRestarted> => {
    await faults.beginKamailioRestart(options);
    return faults.kamailioRestarted((options.downMs ?? 0) + 60_000);
  },
  /** Like restartKamailio, but resolves as soon as Kamailio is down (the test watches the outage; then kamailioRestarted). */
  beginKamailioRestart: (options: { downMs?: number; registerBaresip?: boolean } = {}) =>
    interop<KamailioStopped & { upAt: number }>('restartKamailio', options),
  /** The restart begun by beginKamailioRestart, once Kamailio listens again (each server command waits < 20 s: polled). */
  kamailioRestarted: async (timeoutMs = 90_000): Promise<KamailioRestarted> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const result = await interop<{ done: false } | ({ done: true } & KamailioRestarted)>('kamailioRestarted', {
        timeoutMs: 15_000,
      });
      if (result.done) return result;
    }
    throw new Error(`Kamailio was not back within ${timeoutMs} ms`);
  },
  stopKamailio: () => interop<KamailioStopped>('stopKamailio'),
  startKamailio: (options: { registerBaresip?: boolean } = {}) => interop<KamailioStarted>('startKamailio', options),
  /** SIGKILL: baresip vanishes without a BYE; rtpengine stops getting its RTP. */
  killBaresip: () => interop<{ killedAt: number }>('killBaresip'),
  /** baresip started again (SIGTERM first if it lives), registered with Kamailio when Kamailio runs. */
  restartBaresip: () => interop<{ registeredAt: number }>('restartBaresip'),
  /** baresip REGISTERs now instead of at its regint (30 s). */
  registerBaresip: () => interop<{ registeredAt: number; replacedUa: boolean }>('registerBaresip'),
  /** Kamailio up, baresip up and registered again, whatever a test left behind. */
  heal: () => interop<{ healed: string[] }>('heal'),
  running: () => interop<{ rtpengine: boolean; kamailio: boolean; baresip: boolean }>('running'),
};
