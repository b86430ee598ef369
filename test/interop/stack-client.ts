/** Browser-side handle on the interop stack (Kamailio + rtpengine + baresip + sipp; see wtr-plugin.js). */
import { executeServerCommand } from '@web/test-runner-commands';
import type { ConnectionConfig } from '../../src/types.js';

export interface StackInfo { wsUrl: string; wssUrl: string; domain: string }

/** Runs one action of the `interop` server command; a server-side failure becomes a thrown Error. */
export async function interop<T>(action: string, args: object = {}): Promise<T> {
  const result = await executeServerCommand<T | { error: string }, object>('interop', { action, ...args });
  if (result && typeof result === 'object' && 'error' in (result as object)) throw new Error(`interop: ${(result as { error: string }).error}`);
  return result as T;
}

/** A test user's registered account on Kamailio (passwords are `{user}-secret`). */
export function account(stack: StackInfo, user: string, transport: 'ws' | 'wss' = 'ws'): ConnectionConfig {
  return { server: transport === 'ws' ? stack.wsUrl : stack.wssUrl, domain: stack.domain, register: true, user, password: `${user}-secret` };
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
  view: () => interop<BaresipView>('farEndState'),
};
