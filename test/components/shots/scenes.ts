/**
 * Scenes for screenshots of the reconnection UI (`node test/components/shots/reconnect-shots.mjs`): a
 * `<vinteo-connector>` with a `<vinteo-call>` driven by the FakeConnector into one state. `?scene=…&lang=…`.
 */
import '../../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement } from '../../../components/index.js';
import { createFakeStream, FakeConnector } from '../../../src/testing/index.js';

type Scene = 'in-call' | 'reconnecting' | 'media-problem' | 'media-timeout' | 'dialog-lost' | 'gave-up' | 'redialling';

async function play(scene: Scene, lang: string): Promise<void> {
  document.documentElement.lang = lang;
  const fake = new FakeConnector();
  const connector = document.querySelector('vinteo-connector') as VinteoConnectorElement;
  const call = document.querySelector('vinteo-call') as VinteoCallElement;
  connector.connector = fake;
  call.mediaStream = createFakeStream({ audio: false, width: 320, height: 240 });
  call.toggleAttribute('auto-redial', scene === 'redialling');
  await connector.connect();
  await call.call();
  fake.simulateEnterRoom('1000', { participantName: 'Anna' });
  fake.simulateTokenIssued('1000');
  fake.simulateRemoteTracks(createFakeStream({ width: 640, height: 360 }).getTracks());
  switch (scene) {
    case 'reconnecting':
      fake.simulateConnectionLost();
      fake.simulateReconnectAttemptFailed(undefined, 500);
      break;
    case 'media-problem':
      fake.simulateMediaProblem('no-packets');
      break;
    case 'media-timeout':
      fake.simulateMediaProblem();
      fake.simulateCallLost('media-timeout');
      break;
    case 'dialog-lost':
      fake.simulateConnectionLost();
      fake.simulateReconnected({ call: 'dialog-lost' });
      break;
    case 'gave-up':
      fake.simulateConnectionLost();
      fake.simulateGaveUp();
      break;
    case 'redialling':
      fake.simulateCallLost('dialog-lost');
      fake.emit('call-reconnect:attempt-scheduled', { attempt: 2, delayMs: 1500, target: '1000' });
      break;
  }
  await connector.updateComplete;
  await call.updateComplete;
  document.body.dataset.ready = 'true';
}

const params = new URLSearchParams(location.search);
void play((params.get('scene') ?? 'reconnecting') as Scene, params.get('lang') ?? 'en');
