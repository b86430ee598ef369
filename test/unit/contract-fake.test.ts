/**
 * The connector contract (test/shared/connector-contract.suite.ts) against the testing fake: the far end is the
 * fake's own drive methods, arranged the way the local Vinteo server behaves (its special targets, the conference
 * emulator's enter-room and licence on join, the waiting room for guests). The same suite runs against the real
 * connector in test/integration/contract-real.test.ts.
 */
import { AuthenticationError, NetworkError } from '../../src/errors.js';
import { FakeConnector, createFakeStream } from '../../src/testing/index.js';
import type { ConnectionConfig, VinteoConnectorApi } from '../../src/index.js';
import { connectorContractSuite, type Account } from '../shared/connector-contract.suite.js';

const SERVER = 'ws://fake.invalid/sip';
const REFUSED: Record<string, [cause: 'busy' | 'not-found' | 'rejected', status: number, reason: string]> = {
  busy: ['busy', 486, 'Busy Here'],
  missing: ['not-found', 404, 'Not Found'],
  decline: ['rejected', 603, 'Decline'],
};
const NOT_CONFERENCES = new Set(['noanswer', 'slow', 'keyframe']);

/** What the local server does, played by the fake's simulate helpers. */
class FakeServer {
  #tokens = 0;

  attach(fake: FakeConnector): void {
    fake.on('call:started', ({ call }) => queueMicrotask(() => this.#invited(fake, call.target)));
  }

  token(): string {
    return `vt.fake-${++this.#tokens}`;
  }

  #invited(fake: FakeConnector, target: string): void {
    const refused = REFUSED[target];
    if (refused) return fake.simulateCallFailure(...refused);
    if (target === 'noanswer') return;
    fake.simulateRemoteAnswer();
    const presentationCall =
      fake.calls.at(-1)?.method === 'startCall' &&
      (fake.calls.at(-1)?.args[1] as { presentationCall?: boolean })?.presentationCall;
    if (NOT_CONFERENCES.has(target) || presentationCall || fake.callState !== 'active') return;
    const config = fake.lastConfig;
    const name = (config?.displayName ?? config?.user ?? fake.user ?? '').replace(/ /g, '_');
    if (config?.register) fake.simulateEnterRoom(target, { participantName: name, bearerToken: this.token() });
    else fake.simulatePurgatory(name);
    fake.simulateLicense('VIDEO');
  }
}

const server = new FakeServer();
const asFake = (c: VinteoConnectorApi) => c as FakeConnector;

connectorContractSuite({
  name: 'FakeConnector',
  timeoutMs: 5000,
  create: () => {
    const fake = new FakeConnector({ autoAnswerOutgoing: false });
    server.attach(fake);
    return fake;
  },
  config: (account: Account): ConnectionConfig =>
    account.register
      ? { server: SERVER, user: 'alice', password: 'alice-secret', register: true, displayName: account.displayName }
      : { server: SERVER, displayName: account.displayName },
  media: async () => createFakeStream(),
  presentationTrack: () => createFakeStream({ audio: false, width: 320, height: 180 }).getVideoTracks()[0],
  targets: {
    echo: '4300',
    busy: 'busy',
    notFound: 'missing',
    decline: 'decline',
    noAnswer: 'noanswer',
    conference: (n) => `43${String(n).padStart(2, '0')}`,
  },
  reset: async () => undefined,
  server: {
    refuseNextLogin: async (c) => {
      asFake(c).failNextConnect = new AuthenticationError('The server refused the credentials (403)', {
        statusCode: 403,
      });
      return { server: SERVER, user: 'alice', password: 'wrong', register: true };
    },
    hangUp: async (c) => asFake(c).simulateRemoteHangUp(),
    callUser: async (c, from) => {
      asFake(c).simulateIncomingCall({ user: from });
    },
    cancelCall: async (c) => asFake(c).simulateIncomingCallCanceled(),
    sendInfo: async (c, contentType, headers, body) => asFake(c).simulateInfo({ contentType, headers, body }),
    sendNotify: async (c, notify) => asFake(c).simulateNotify(notify),
    setRole: async (c, { role, audioId, spectatorMode }) => {
      const mode =
        spectatorMode === undefined ? undefined : (['manual', 'by-camera', 'forced'] as const)[spectatorMode];
      if (role === 'participant') return asFake(c).simulateRole({ type: 'participant' });
      asFake(c).simulateRole({
        type: 'spectator',
        canSendMedia: spectatorMode === 1,
        ...(audioId ? { audioId } : {}),
        ...(mode ? { mode } : {}),
      });
    },
    adminMedia: async (c, { device, action, forced }) =>
      asFake(c).simulateAdminRequest({ device, action, syncForced: forced }),
    setLicense: async (c, license) => asFake(c).simulateLicense(license),
    admit: async (c) => {
      const fake = asFake(c);
      fake.simulateEnterRoom(fake.call?.target ?? '', {
        participantName: fake.conference.room.participantName,
        bearerToken: server.token(),
      });
    },
    issueToken: async (c) => {
      const fake = asFake(c);
      fake.simulateTokenIssued(fake.call?.target ?? '', server.token());
    },
    restart: async (c, { audioTrackCount, videoTrackCount, direction }) =>
      asFake(c).simulateInfo({
        contentType: 'application/vinteo.webrtc.restart',
        headers: {
          'x-webrtc-tracks-direction': direction,
          'x-webrtc-audio-track-count': String(audioTrackCount),
          'x-webrtc-video-track-count': String(videoTrackCount),
        },
      }),
    refuseRoomInfo: async (c, status) => asFake(c).setInfoReply('application/vinteo.webrtc.roomname', status),
    refusePresentation: async (c) => {
      asFake(c).presentationPermission = 'refused';
    },
    stopPresentation: async (c) => asFake(c).simulatePresentationMustStop(),
    stopMedia: async (c, stopped) =>
      stopped ? asFake(c).simulateMediaProblem('no-packets') : asFake(c).simulateMediaRecovered(),
    goAway: async (c, policy) => {
      const fake = asFake(c);
      fake.simulateConnectionLost('transport-closed');
      // The reconnection loop with the same policy: every attempt is refused until the policy says null.
      for (let attempt = 2; ; attempt++) {
        const delay = policy.nextRetryDelayMs({ attempt, elapsedMs: 0, reason: 'transport-closed' });
        fake.simulateReconnectAttemptFailed(new NetworkError('The connection was refused'), delay);
        if (delay === null) break;
      }
    },
    stopMainVideo: async (c) => {
      const fake = asFake(c);
      fake.simulateMainStreamHealth('inbound-video-problem-detected', { reason: 'inbound-video-stalled' });
      queueMicrotask(() => fake.simulateMainStreamHealth('inbound-video-problem-resolved'));
    },
    dropConnection: async (c) => {
      const fake = asFake(c);
      fake.simulateConnectionLost('transport-closed');
      queueMicrotask(() => fake.simulateReconnected());
    },
  },
});
