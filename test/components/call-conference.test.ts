/** The conference side of <vinteo-call> with the FakeConnector: room, role, licence, moderator requests, notices. */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement } from '../../components/index.js';
import { createFakeStream, FakeConnector } from '../../src/testing/index.js';
import { collect, hasPart, part } from './helpers.js';

async function inCall(lang = 'en') {
  const fake = new FakeConnector();
  const el = await fixture<VinteoCallElement>(
    html`<vinteo-call lang=${lang} .connector=${fake} target="1000"></vinteo-call>`,
  );
  el.mediaStream = createFakeStream({ audio: true });
  await el.call();
  await el.updateComplete;
  return { el, fake };
}

const mediaCalls = (fake: FakeConnector, method: string) => fake.calls.filter((c) => c.method === method);

describe('<vinteo-call> in a conference', () => {
  it('waiting room, then the room: text, reflected room-status and vinteo-room-change events', async () => {
    const { el, fake } = await inCall();
    const changes = collect<CustomEvent>(el, 'vinteo-room-change');
    fake.simulatePurgatory('Ivan Petrov');
    await el.updateComplete;
    expect(el.getAttribute('room-status')).to.equal('purgatory');
    expect(part(el, 'status').textContent).to.equal('Waiting room: the moderator will let you in');
    expect(el.getAttribute('phase')).to.equal('waiting-room');
    expect(el.shadowRoot?.textContent, 'the waiting room is not also "In call"').not.to.contain('In call');
    fake.simulateEnterRoom('Board-1000', { participantName: 'Ivan Petrov', bearerToken: 'secret.jwt' });
    await el.updateComplete;
    expect(el.getAttribute('room-status')).to.equal('in-room');
    expect(part(el, 'status').textContent).to.equal('In room Board-1000');
    expect(el.shadowRoot?.textContent?.match(/Waiting room/g), 'said once, and no longer').to.equal(null);
    expect(part(el, 'participant-name').textContent).to.equal('You: Ivan Petrov');
    expect(changes.events.map((e) => e.detail.room.status)).to.deep.equal(['purgatory', 'in-room']);
    expect(el.shadowRoot?.innerHTML).not.to.contain('secret.jwt');
    expect(JSON.stringify(changes.events.map((e) => e.detail))).not.to.contain('secret.jwt');
  });

  it('a spectator cannot use mic/camera unless allowed; licence shown; role events and attribute', async () => {
    const { el, fake } = await inCall();
    const roles = collect<CustomEvent>(el, 'vinteo-role-change');
    fake.simulateRole({ type: 'spectator', canSendMedia: false });
    await el.updateComplete;
    expect(el.getAttribute('participant-role')).to.equal('spectator');
    expect(part<HTMLButtonElement>(el, 'mic-button').disabled).to.equal(true);
    expect(part<HTMLButtonElement>(el, 'camera-button').disabled).to.equal(true);
    fake.simulateRole({ type: 'spectator', canSendMedia: true, mode: 'by-camera' });
    await el.updateComplete;
    expect(part<HTMLButtonElement>(el, 'mic-button').disabled).to.equal(false);
    expect(part(el, 'status').textContent).to.match(/may turn on/);
    expect(el.getAttribute('phase')).to.equal('spectator');
    fake.simulateRole({ type: 'participant' });
    fake.simulateLicense('AUDIO');
    await el.updateComplete;
    expect(el.getAttribute('participant-role')).to.equal('participant');
    expect(part(el, 'license').textContent).to.equal('Audio-only licence');
    expect(part<HTMLButtonElement>(el, 'camera-button').disabled, 'audio-only licence locks the camera').to.equal(true);
    expect(roles.events.map((e) => e.detail.role.type)).to.deep.equal(['spectator', 'spectator', 'participant']);
  });

  it('a forced admin request is applied and reported with the media state', async () => {
    const { el, fake } = await inCall();
    const notices = collect<CustomEvent>(el, 'vinteo-notice');
    fake.simulateAdminRequest({ device: 'camera', action: 'stop', syncForced: true });
    await el.updateComplete;
    expect(fake.cameraEnabled).to.equal(false);
    expect(el.hasAttribute('camera-off')).to.equal(true);
    expect(hasPart(el, 'admin-request')).to.equal(false);
    expect(mediaCalls(fake, 'sendMediaState')).to.have.length(1);
    expect(notices.events[0].detail.text).to.equal('The moderator turned your camera off');
  });

  it('a not-forced request asks: accept applies and reports, refuse sends a refusal', async () => {
    const { el, fake } = await inCall('ru');
    fake.setCameraEnabled(false);
    fake.simulateAdminRequest({ device: 'camera', action: 'start', syncForced: false });
    await el.updateComplete;
    expect(part(el, 'admin-request').textContent).to.contain('Модератор просит включить камеру');
    expect(fake.cameraEnabled, 'nothing changes before the user answers').to.equal(false);
    part<HTMLButtonElement>(el, 'accept-button').click();
    await el.updateComplete;
    expect(fake.cameraEnabled).to.equal(true);
    expect(mediaCalls(fake, 'sendMediaState')).to.have.length(1);
    fake.simulateAdminRequest({ device: 'mic', action: 'start', syncForced: false });
    await el.updateComplete;
    part<HTMLButtonElement>(el, 'refuse-button').click();
    await el.updateComplete;
    expect(mediaCalls(fake, 'sendRefusal').map((c) => c.args[0])).to.deep.equal(['mic']);
    expect(hasPart(el, 'admin-request')).to.equal(false);
  });

  it('an app that cancels vinteo-admin-request handles it itself', async () => {
    const { el, fake } = await inCall();
    el.addEventListener('vinteo-admin-request', (e) => e.preventDefault());
    fake.simulateAdminRequest({ device: 'mic', action: 'stop', syncForced: true });
    await el.updateComplete;
    expect(fake.micEnabled).to.equal(true);
    expect(mediaCalls(fake, 'sendMediaState')).to.have.length(0);
  });

  it('notifications become notices (event + polite live region); licence events fire', async () => {
    const { el, fake } = await inCall();
    const notices = collect<CustomEvent>(el, 'vinteo-notice');
    const licences = collect<CustomEvent>(el, 'vinteo-license-change');
    fake.simulateApiEvent('api:participant:added-to-list-moderators', { conference: '1000' });
    fake.simulateApiEvent('api:webcast:started', { conference: '1000', type: 'hls' });
    fake.simulateLicense('AUDIOPLUSPRESENTATION');
    await el.updateComplete;
    expect(notices.events.map((e) => [e.detail.kind, e.detail.conference])).to.deep.equal([
      ['moderator-added', '1000'],
      ['webcast-started', '1000'],
    ]);
    expect(part(el, 'notice').textContent).to.equal('The webcast has started');
    expect(part(el, 'notices').getAttribute('aria-live')).to.equal('polite');
    expect(licences.events.map((e) => e.detail.license)).to.deep.equal(['AUDIOPLUSPRESENTATION']);
  });

  it('the call ending clears the room line, a pending request and the notice', async () => {
    const { el, fake } = await inCall();
    fake.simulateEnterRoom('1000', { participantName: 'A' });
    fake.simulateAdminRequest({ device: 'camera', action: 'start', syncForced: false });
    fake.simulateApiEvent('api:account:changed', {});
    await el.updateComplete;
    await el.hangUp();
    await el.updateComplete;
    expect(hasPart(el, 'room')).to.equal(false);
    expect(hasPart(el, 'admin-request')).to.equal(false);
    expect(hasPart(el, 'notice')).to.equal(false);
    expect(el.getAttribute('room-status')).to.equal('idle');
  });

  it('stays accessible with the conference line, a request and a notice', async () => {
    const { el, fake } = await inCall();
    fake.simulateEnterRoom('1000', { participantName: 'A' });
    fake.simulateAdminRequest({ device: 'camera', action: 'start', syncForced: false });
    fake.simulateApiEvent('api:webcast:stopped', { conference: '1000', type: 'hls' });
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
