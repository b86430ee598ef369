/** The shared core call tests against the local Vinteo server (its echo conference 1000). */
import { coreCallSuite, type FarEnd } from '../shared/core-call.suite.js';
import { vinteoServer } from '../support/server.js';

let server: { wsUrl: string; domain: string };

async function currentDialog() {
  const live = (await vinteoServer.dialogs()).filter((d) => d.user === 'alice');
  return live[live.length - 1];
}

const localServer: FarEnd = {
  name: 'the local Vinteo server',
  target: '1000',
  setup: async () => {
    server = await vinteoServer.info();
  },
  account: (user) => ({
    server: server.wsUrl,
    domain: server.domain,
    register: true,
    user,
    password: `${user}-secret`,
  }),
  contacts: async (user) => (await vinteoServer.registrations()).filter((r) => r.user === user).map((r) => r.contact),
  reset: async () => {
    await vinteoServer.reset();
  },
  state: async () => {
    const dialogs = await vinteoServer.dialogs();
    const dialog = await currentDialog();
    return {
      audioIn: dialog?.media.audio.bytesReceived ?? 0,
      videoReceived: (dialog?.media.video.bytesReceived ?? 0) > 0,
      infoDigits: dialog?.infoDigits.join('') ?? '',
      rfc4733Digits: dialog?.media.rfc4733Digits.join('') ?? '',
      activeCalls: dialogs.filter((d) => d.state !== 'terminated').length,
    };
  },
  hangUp: async () => {
    await vinteoServer.hangUp({ user: 'alice' });
  },
};

coreCallSuite(localServer);
