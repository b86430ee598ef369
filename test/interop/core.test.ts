/** The shared core call tests against Kamailio + rtpengine + baresip (the far end reports what it saw itself). */
import { executeServerCommand } from '@web/test-runner-commands';
import { coreCallSuite, type FarEnd, type FarEndState } from '../shared/core-call.suite.js';

async function interop<T>(action: string, args: object = {}): Promise<T> {
  const result = await executeServerCommand<T | { error: string }, object>('interop', { action, ...args });
  if (result && typeof result === 'object' && 'error' in (result as object)) throw new Error(`interop: ${(result as { error: string }).error}`);
  return result as T;
}

/** baresip's own view (test/interop/baresip.js farEndView). */
type BaresipView = Omit<FarEndState, 'audioIn' | 'videoReceived'> & { audioInBitrate: number; videoInBitrate: number; videoDecoded: boolean };

let stack: { wsUrl: string; domain: string };

const baresipThroughKamailio: FarEnd = {
  name: 'baresip via Kamailio + rtpengine',
  target: 'baresip',
  setup: async () => { stack = await interop('start'); },
  account: (user) => ({ server: stack.wsUrl, domain: stack.domain, register: true, user, password: `${user}-secret` }),
  contacts: (user) => interop<string[]>('contacts', { user }),
  reset: async () => { await interop('farEndReset'); },
  state: async () => {
    const { audioInBitrate, videoDecoded, ...rest } = await interop<BaresipView>('farEndState');
    return { ...rest, audioIn: audioInBitrate, videoReceived: videoDecoded };
  },
  hangUp: async () => { await interop('baresip', { command: 'hangup' }); },
};

coreCallSuite(baresipThroughKamailio);
