/**
 * What the conference imposes on the microphone and camera of <vinteo-call>, and takes back: a spectator who may not
 * send is really silent (and says so, the media state agreeing), an audio-only licence hides the camera, and a
 * moderator's forced switch does not leak into the next call.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement } from '../../components/index.js';
import { createFakeStream, FakeConnector } from '../../src/testing/index.js';
import { part } from './helpers.js';

async function inCall() {
  const fake = new FakeConnector();
  const el = await fixture<VinteoCallElement>(html`<vinteo-call .connector=${fake} target="1000"></vinteo-call>`);
  el.mediaStream = createFakeStream({ audio: true, width: 160, height: 120 });
  await el.call();
  await el.updateComplete;
  return { el, fake };
}

const label = (el: Element, name: string) => part(el, name).querySelector('[part="label"]')?.textContent;
const reported = (fake: FakeConnector) =>
  fake.calls.filter((c) => c.method === 'sendMediaState').map((c) => c.args[0] as { camera: boolean; mic: boolean });

describe('<vinteo-call>: what the conference imposes on the microphone and camera', () => {
  it('a spectator who may not send is silent: mic and camera off, "Unmute" disabled with the reason, mic-state 0', async () => {
    const { el, fake } = await inCall();
    fake.simulateRole({ type: 'spectator', canSendMedia: false });
    await el.updateComplete;
    expect([fake.micEnabled, fake.cameraEnabled]).to.deep.equal([false, false]);
    expect(
      fake.localStream?.getAudioTracks().every((t) => !t.enabled),
      'nothing is sent',
    ).to.equal(true);
    expect(label(el, 'mic-button')).to.equal('Unmute');
    expect(part(el, 'mic-button').getAttribute('aria-pressed')).to.equal('false');
    expect(part<HTMLButtonElement>(el, 'mic-button').disabled).to.equal(true);
    expect(part(el, 'status').textContent).to.contain('your camera and microphone are off');
    expect(reported(fake)).to.deep.equal([{ camera: false, mic: false }]);
    fake.simulateRole({ type: 'participant' });
    await el.updateComplete;
    expect([fake.micEnabled, fake.cameraEnabled], 'the user’s own switches again').to.deep.equal([true, true]);
    expect(label(el, 'mic-button')).to.equal('Mute');
    expect(reported(fake).at(-1)).to.deep.equal({ camera: true, mic: true });
  });

  it('a spectator allowed to send keeps the user’s switches; a muted user stays muted after the role', async () => {
    const { el, fake } = await inCall();
    el.toggleMic();
    fake.simulateRole({ type: 'spectator', canSendMedia: true, mode: 'by-camera' });
    await el.updateComplete;
    expect([fake.micEnabled, fake.cameraEnabled]).to.deep.equal([false, true]);
    fake.simulateRole({ type: 'spectator', canSendMedia: false });
    fake.simulateRole({ type: 'participant' });
    await el.updateComplete;
    expect(fake.micEnabled, 'muted by the user before: still muted').to.equal(false);
  });

  it('an audio-only licence turns the camera off and hides it; a video licence gives it back', async () => {
    const { el, fake } = await inCall();
    expect(part(el, 'local-video').hidden).to.equal(false);
    fake.simulateLicense('AUDIO');
    await el.updateComplete;
    expect(fake.cameraEnabled).to.equal(false);
    expect(part(el, 'local-video').hidden).to.equal(true);
    expect(part(el, 'placeholder').textContent).to.contain('Audio only');
    expect(part(el, 'camera-button').title).to.equal('The licence for this call is audio only');
    fake.simulateLicense('VIDEO');
    await el.updateComplete;
    expect(fake.cameraEnabled).to.equal(true);
    expect(part(el, 'local-video').hidden).to.equal(false);
  });

  it('a forced camera-off lasts the call only: the next call starts with the user’s own camera', async () => {
    const { el, fake } = await inCall();
    fake.simulateAdminRequest({ device: 'camera', action: 'stop', syncForced: true });
    await el.updateComplete;
    expect(fake.cameraEnabled).to.equal(false);
    await el.hangUp();
    await el.updateComplete;
    expect(fake.cameraEnabled, 'after the call').to.equal(true);
    expect(el.hasAttribute('camera-off')).to.equal(false);
    await el.call();
    await el.updateComplete;
    expect(fake.cameraEnabled, 'the next call starts with the camera on').to.equal(true);
    expect(label(el, 'camera-button')).to.equal('Stop camera');
  });

  it('the user turning the camera back on makes it their choice; a forced mute with a licence change both undone', async () => {
    const { el, fake } = await inCall();
    fake.simulateAdminRequest({ device: 'camera', action: 'stop', syncForced: true });
    el.toggleCamera();
    fake.simulateAdminRequest({ device: 'mic', action: 'stop', syncForced: true });
    fake.simulateLicense('AUDIO');
    await el.hangUp();
    expect([fake.micEnabled, fake.cameraEnabled]).to.deep.equal([true, true]);
  });

  it('a camera the user turned off before stays off through a forced start and after the call', async () => {
    const { el, fake } = await inCall();
    el.toggleCamera();
    fake.simulateAdminRequest({ device: 'camera', action: 'start', syncForced: true });
    expect(fake.cameraEnabled, 'forced on during the call').to.equal(true);
    await el.hangUp();
    expect(fake.cameraEnabled, 'the user’s choice again').to.equal(false);
  });
});
