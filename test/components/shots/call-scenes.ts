/**
 * Scenes for screenshots of the conference UI (`node test/components/shots/call-shots.mjs`): a `<vinteo-connector>`
 * with a `<vinteo-call>` driven by the FakeConnector into one state. `?scene=…&lang=…`.
 */
import '../../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement } from '../../../components/index.js';
import { createFakeStream, FakeConnector } from '../../../src/testing/index.js';

type Scene =
  'before-call' | 'in-call' | 'waiting-room' | 'spectator' | 'reconnecting' | 'permission-error' | 'audio-only';

async function join(fake: FakeConnector, call: VinteoCallElement): Promise<void> {
  await call.call();
  fake.simulateEnterRoom('1000', { participantName: 'Demo guest' });
  fake.simulateTokenIssued('1000');
  fake.simulateRemoteTracks(createFakeStream({ width: 640, height: 360 }).getTracks());
  fake.simulateQuality('good');
}

async function play(scene: Scene, lang: string): Promise<void> {
  document.documentElement.lang = lang;
  const fake = new FakeConnector();
  const connector = document.querySelector('vinteo-connector') as VinteoConnectorElement;
  const call = document.querySelector('vinteo-call') as VinteoCallElement;
  connector.connector = fake;
  call.mediaStream = createFakeStream({ audio: true, width: 320, height: 240 });
  await connector.connect();
  switch (scene) {
    case 'in-call':
      await join(fake, call);
      break;
    case 'waiting-room':
      await call.call();
      fake.simulatePurgatory('Demo guest');
      break;
    case 'spectator':
      await join(fake, call);
      fake.simulateRole({ type: 'spectator', canSendMedia: false });
      break;
    case 'audio-only':
      await join(fake, call);
      fake.simulateLicense('AUDIO');
      break;
    case 'reconnecting':
      await join(fake, call);
      fake.simulateConnectionLost();
      fake.simulateReconnectAttemptFailed(undefined, 500);
      break;
    case 'permission-error':
      call.mediaStream = undefined;
      call.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      await call.call();
      break;
  }
  await new Promise((resolve) => setTimeout(resolve, 300)); // a frame of the fake camera (screenshots only)
  await connector.updateComplete;
  await call.updateComplete;
  document.body.dataset.ready = 'true';
}

const params = new URLSearchParams(location.search);
void play((params.get('scene') ?? 'in-call') as Scene, params.get('lang') ?? 'en');
