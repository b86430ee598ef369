/**
 * Scenes for screenshots of `<vinteo-stats>` and `<vinteo-call show-quality>` (`node test/components/shots/stats-shots.mjs`),
 * driven by the FakeConnector's stats. `?scene=excellent|poor|compact|compact-open|idle|call-badge|copied|copy-blocked&lang=…`.
 */
import '../../../components/define.js';
import type { VinteoCallElement, VinteoStatsElement } from '../../../components/index.js';
import { createFakeStream, FakeConnector, fakeVerdict } from '../../../src/testing/index.js';

type Scene = 'excellent' | 'poor' | 'compact' | 'compact-open' | 'idle' | 'call-badge' | 'copied' | 'copy-blocked';

/** 30 seconds of a call: steady figures, or (poor) less bitrate, loss bursts and a long round trip. */
function history(fake: FakeConnector, poor: boolean): void {
  const start = Date.now() - 30_000;
  for (let i = 0; i < 30; i++) {
    const wave = Math.sin(i / 3);
    const loss = poor ? Math.max(0, 6 + 5 * Math.sin(i / 2)) : 0;
    fake.simulateStats({
      at: start + i * 1000,
      outbound: {
        video: {
          bitrateBps: (poor ? 420_000 : 1_450_000) + wave * 80_000,
          framesPerSecond: poor ? 14 : 30,
          width: poor ? 640 : 1280,
          height: poor ? 360 : 720,
          rttMs: poor ? 310 : 36,
        },
        audio: { rttMs: poor ? 310 : 36 },
      },
      inbound: {
        video: {
          bitrateBps: (poor ? 350_000 : 1_200_000) - wave * 60_000,
          lossPercent: loss,
          framesPerSecond: poor ? 11 : 30,
          width: poor ? 640 : 1280,
          height: poor ? 360 : 720,
          jitterMs: poor ? 48 : 5,
        },
        audio: { lossPercent: loss / 2, jitterMs: poor ? 41 : 3 },
      },
      candidatePair: {
        localType: 'host',
        remoteType: poor ? 'relay' : 'host',
        protocol: 'udp',
        rttMs: poor ? 310 : 36,
        availableOutgoingBitrateBps: poor ? 500_000 : 2_500_000,
      },
    });
  }
}

async function play(scene: Scene, lang: string): Promise<void> {
  document.documentElement.lang = lang;
  const fake = new FakeConnector();
  const call = document.querySelector('vinteo-call') as VinteoCallElement;
  const stats = document.querySelector('vinteo-stats') as VinteoStatsElement;
  call.hidden = scene !== 'call-badge';
  stats.hidden = scene === 'call-badge';
  call.toggleAttribute('show-quality', true);
  call.mediaStream = createFakeStream({ audio: false, width: 320, height: 240 });
  stats.toggleAttribute('compact', scene.startsWith('compact'));
  stats.expanded = scene === 'compact-open';
  call.connector = fake;
  stats.connector = fake;
  await fake.connect({ server: 'wss://vinteo.example.com/ws', password: 'secret' });
  if (scene !== 'idle') {
    await call.call('1000');
    fake.simulateRemoteTracks(createFakeStream({ width: 640, height: 360 }).getTracks());
    const poor = scene !== 'excellent';
    history(fake, poor);
    const verdict = poor
      ? {
          ...fakeVerdict('poor', ['loss', 'rtt'], 2.8),
          outbound: { quality: 'good' as const, reasons: ['rtt' as const] },
        }
      : fakeVerdict('excellent', [], 4.4);
    fake.simulateQuality(verdict);
  }
  if (scene === 'copied' || scene === 'copy-blocked') {
    const writeText = () =>
      scene === 'copied'
        ? Promise.resolve()
        : Promise.reject(new DOMException('Write permission denied', 'NotAllowedError'));
    Object.defineProperty(navigator, 'clipboard', { configurable: true, get: () => ({ writeText }) });
    await stats.copyDiagnostics();
  }
  await call.updateComplete;
  await stats.updateComplete;
  document.body.dataset.ready = 'true';
}

const params = new URLSearchParams(location.search);
void play((params.get('scene') ?? 'excellent') as Scene, params.get('lang') ?? 'en');
