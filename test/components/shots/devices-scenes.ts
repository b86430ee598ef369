/**
 * Scenes for screenshots of `<vinteo-devices>` (`node test/components/shots/devices-shots.mjs`), driven by the
 * FakeConnector and its FakeMediaDevices. `?scene=lists|before-permission|blocked|no-camera|speaker-unsupported|in-call&lang=…`.
 */
import '../../../components/define.js';
import type { VinteoDevicesElement } from '../../../components/index.js';
import { FakeConnector } from '../../../src/testing/index.js';

type Scene = 'lists' | 'before-permission' | 'blocked' | 'no-camera' | 'speaker-unsupported' | 'in-call';

async function until(check: () => unknown, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`scene: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const shadow = (el: Element, selector: string) => el.shadowRoot?.querySelector<HTMLElement>(selector);

async function play(scene: Scene, lang: string): Promise<void> {
  document.documentElement.lang = lang;
  const fake = new FakeConnector();
  if (scene === 'blocked') fake.mediaDevices.permission = 'denied';
  if (scene === 'no-camera')
    fake.mediaDevices.devices = fake.mediaDevices.devices.filter((d) => d.kind !== 'videoinput');
  if (scene === 'speaker-unsupported')
    Object.defineProperty(fake.devices, 'speakerSelectionSupported', { get: () => false });
  const el = document.querySelector('vinteo-devices') as VinteoDevicesElement;
  el.connector = fake;
  await until(() => shadow(el, '[part~="allow-button"]'), 'the allow button');
  if (scene !== 'before-permission') shadow(el, '[part~="allow-button"]')?.click();
  if (scene === 'blocked') await until(() => shadow(el, '[part~="retry-button"]'), 'the blocked state');
  if (scene === 'lists' || scene === 'speaker-unsupported')
    await until(() => ((shadow(el, 'video') as HTMLVideoElement | undefined)?.readyState ?? 0) >= 2, 'the preview');
  if (scene === 'in-call') {
    await fake.connect({ server: 'wss://vinteo.example.com/ws' });
    await fake.startCall('1000', {
      mediaStream: await fake.devices.capture({ video: { width: 320, height: 180 }, audio: true }),
    });
    fake.mediaDevices.failNext = 'NotReadableError';
    const select = shadow(el, '[part~="camera-select"]') as HTMLSelectElement;
    select.value = 'cam-2';
    select.dispatchEvent(new Event('change'));
    await until(() => shadow(el, '[part="error-message"]'), 'the busy camera');
  }
  if (scene !== 'before-permission' && scene !== 'blocked')
    await until(() => Number(shadow(el, '[part="meter"]')?.getAttribute('aria-valuenow')) > 0, 'the meter');
  await el.updateComplete;
  document.body.dataset.ready = 'true';
}

const params = new URLSearchParams(location.search);
void play((params.get('scene') ?? 'lists') as Scene, params.get('lang') ?? 'en');
