/**
 * Where the connector's main-thread time goes in a call nobody reads stats of: a CDP CPU profile over `SECONDS`
 * (default 30) of a VinteoConnector call to an echoing conference, then the same for a bare sip.js call; self time
 * by file and by function, the heaviest first.
 *   unshare -n sh -c 'ip link set lo up && BENCH_FILES=bench/stats-profile.bench.ts npx wtr --config bench/wtr-bench.config.mjs'
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { Inviter, UserAgent } from 'sip.js';
import { VinteoConnector } from '../src/connector.js';
import { fakeMedia } from '../test/support/media.js';
import { vinteoServer } from '../test/support/server.js';

const settings = await executeServerCommand<{ seconds?: number }, object>('bench-probe', { action: 'settings' });
const SECONDS = settings?.seconds ?? 30;

type Top = { functions: Array<[string, number]>; files: Array<[string, number]> };

async function profile(what: string): Promise<Top> {
  await new Promise((resolve) => setTimeout(resolve, 3000)); // settle after setup, outside the window
  await executeServerCommand('bench-metrics', { action: 'profile-start' });
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000)); // the profiled window
  const top = await executeServerCommand<Top, object>('bench-metrics', { action: 'profile-stop' });
  if (!top) throw new Error(`no profile of ${what}`);
  return top;
}

describe('connector main-thread profile', function () {
  this.timeout(0);

  it('prints self time by file and function', async () => {
    const server = await vinteoServer.info();
    await vinteoServer.reset();
    const stream = await fakeMedia();
    const c = new VinteoConnector({ log: () => undefined });
    await c.connect({ server: server.wsUrl, domain: server.domain, displayName: 'Bench' });
    await c.startCall('4300', { mediaStream: stream });
    const ours = await profile('the connector');
    await c.hangUp();
    await c.dispose();
    await vinteoServer.reset();
    const ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:bench@${server.domain}`),
      transportOptions: { server: server.wsUrl },
      logBuiltinEnabled: false,
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: [] },
        iceGatheringTimeout: 500,
      },
    });
    await ua.start();
    const inviter = new Inviter(ua, UserAgent.makeURI(`sip:4301@${server.domain}`) as never, {
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: true } },
    });
    await inviter.invite();
    const bare = await profile('bare sip.js');
    await inviter.bye().catch(() => undefined);
    await ua.stop();
    stream.getTracks().forEach((t) => t.stop());
    const rows = (top: Top) => [
      ...top.files.slice(0, 12).map(([n, ms]) => [`file ${n}`, `${ms} ms`]),
      ...top.functions.slice(0, 15).map(([n, ms]) => [n, `${ms} ms`]),
    ];
    await executeServerCommand('bench-report', {
      title: `VinteoConnector call, no stats consumer of the app: self time over ${SECONDS} s`,
      rows: [['where', 'self'], ...rows(ours)],
    });
    await executeServerCommand('bench-report', {
      title: `bare sip.js call: self time over ${SECONDS} s`,
      rows: [['where', 'self'], ...rows(bare)],
    });
  });
});
