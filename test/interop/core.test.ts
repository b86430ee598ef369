/** The shared core call tests against Kamailio + rtpengine + baresip (the far end reports what it saw itself). */
import { coreCallSuite, type FarEnd } from '../shared/core-call.suite.js';
import { account, baresip, interop, type StackInfo } from './stack-client.js';

let stack: StackInfo;

const baresipThroughKamailio: FarEnd = {
  name: 'baresip via Kamailio + rtpengine',
  target: 'baresip',
  setup: async () => {
    stack = await interop('start');
  },
  account: (user) => account(stack, user),
  contacts: (user) => interop<string[]>('contacts', { user }),
  reset: async () => {
    await baresip.reset();
  },
  state: async () => {
    const { audioInBitrate, videoDecoded, videoInBitrate: _video, ...rest } = await baresip.view();
    return { ...rest, audioIn: audioInBitrate, videoReceived: videoDecoded };
  },
  hangUp: async () => {
    await baresip.command('hangup');
  },
};

coreCallSuite(baresipThroughKamailio);
