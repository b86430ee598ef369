/**
 * The connector contract (test/shared/connector-contract.suite.ts) against the real VinteoConnector and the local
 * Vinteo server: the far end is the server's SIP, driven through `vinteoServer` commands. The same suite runs
 * against the testing fake in test/unit/contract-fake.test.ts.
 */
import { VinteoConnector } from '../../src/connector.js';
import type { ConnectionConfig, VinteoConnectorApi } from '../../src/index.js';
import { canvasTrack, fakeMedia, waitUntil } from '../support/media.js';
import { vinteoServer, type ServerInfo } from '../support/server.js';
import { connectorContractSuite, type Account } from '../shared/connector-contract.suite.js';

let info: ServerInfo | undefined;
/** The Call-ID of the server's last call to a user (to cancel it). */
let lastCallId: string | undefined;
const server = async () => (info ??= await vinteoServer.info());
const userOf = (c: VinteoConnectorApi) => ({ user: c.user as string });

function config(s: ServerInfo, account: Account): ConnectionConfig {
  const base = {
    server: s.wsUrl,
    domain: s.domain,
    apiUrl: s.apiUrl,
    iceServers: [],
    iceGatheringTimeoutMs: 500,
    displayName: account.displayName,
  };
  return account.register ? { ...base, user: 'alice', password: 'alice-secret', register: true } : base;
}

before(async () => {
  await server();
  await vinteoServer.reset();
});

connectorContractSuite({
  name: 'VinteoConnector + local server',
  timeoutMs: 25_000,
  create: () => new VinteoConnector({ log: () => undefined, deviceStorage: null }),
  config: (account) => config(info as ServerInfo, account),
  media: async () => {
    const mic = await fakeMedia({ audio: true });
    return new MediaStream([...mic.getAudioTracks(), canvasTrack()]);
  },
  presentationTrack: () => canvasTrack('#a37'),
  targets: {
    echo: '4300',
    busy: 'busy',
    notFound: 'missing',
    decline: 'decline',
    noAnswer: 'noanswer',
    conference: (n) => `43${String(n).padStart(2, '0')}`,
  },
  reset: async () => {
    await vinteoServer.reset();
  },
  server: {
    refuseNextLogin: async () => ({
      ...config(await server(), { register: true, displayName: 'Alice' }),
      password: 'wrong',
    }),
    hangUp: async (c) => {
      await vinteoServer.hangUp(userOf(c));
    },
    callUser: async (c, from) => {
      lastCallId = (await vinteoServer.callUser({ user: c.user as string, from })).callId;
    },
    cancelCall: async () => {
      await vinteoServer.cancelCall({ callId: lastCallId as string });
    },
    sendInfo: async (c, contentType, headers, body) => {
      await vinteoServer.sendInfo({ ...userOf(c), contentType, headers, body });
    },
    sendNotify: async (c, notify) => {
      await vinteoServer.sendNotify({ ...userOf(c), notify });
    },
    setRole: async (c, role) => {
      await vinteoServer.setRole({ ...userOf(c), ...role });
    },
    adminMedia: async (c, request) => {
      await vinteoServer.adminMedia({ ...userOf(c), ...request });
    },
    setLicense: async (c, license) => {
      await vinteoServer.setLicense({ ...userOf(c), license });
    },
    admit: async (c) => {
      await vinteoServer.admit(userOf(c));
    },
    issueToken: async (c) => {
      await vinteoServer.issueToken(userOf(c));
    },
    restart: async (c, request) => {
      await vinteoServer.restart({ ...userOf(c), ...request });
    },
    refuseRoomInfo: async (_c, status) => {
      await vinteoServer.setInfoReply({
        contentType: 'application/vinteo.webrtc.roomname',
        status,
        reason: 'Not Here',
      });
    },
    refusePresentation: async (c) => {
      await vinteoServer.configureConference({ conference: c.call?.target as string, presentation: 'refuse' });
    },
    stopPresentation: async (c) => {
      await vinteoServer.stopPresentation(userOf(c));
    },
    stopMedia: async (c, stopped) => {
      await vinteoServer.stopMedia({ ...userOf(c), stopped });
    },
    goAway: async (c) => {
      await vinteoServer.refuseConnections({ ms: 20_000 });
      await vinteoServer.dropConnection({ ...userOf(c), mode: 'abrupt' });
    },
    dropConnection: async (c) => {
      await vinteoServer.dropConnection({ ...userOf(c), mode: 'abrupt' });
    },
    stopMainVideo: async (c) => {
      await waitUntil(
        async () => ((await vinteoServer.dialogs()).find((d) => d.user === c.user)?.media.video.packetsSent ?? 0) > 50,
        'video from the server',
      );
      await vinteoServer.stopVideo({ ...userOf(c), untilReinvite: true });
    },
  },
});
