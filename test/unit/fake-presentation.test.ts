import { expect } from '@open-wc/testing';
import type { VinteoError } from '../../src/errors.js';
import type { RemoteStreamsView } from '../../src/presentation/types.js';
import { createFakeStream } from '../../src/testing/fake-media.js';
import { FakeConnector } from '../../src/testing/fake-connector.js';
import { endableTrack } from '../support/media.js';

async function inCall(): Promise<{ fake: FakeConnector; log: string[] }> {
  const fake = new FakeConnector();
  await fake.connect({ server: 'h' });
  await fake.startCall('1000');
  const log: string[] = [];
  for (const name of [
    'presentation:start',
    'presentation:started',
    'presentation:updating',
    'presentation:updated',
  ] as const)
    fake.on(name, () => log.push(name));
  fake.on('presentation:state', ({ state }) => log.push(`state ${state}`));
  fake.on('presentation:end', ({ reason }) => log.push(`end ${reason}`));
  fake.on('presentation:ended', ({ reason }) => log.push(`ended ${reason}`));
  fake.on('presentation:failed', ({ reason, error }) => log.push(`failed ${reason} ${error.code}`));
  return { fake, log };
}

describe('FakeConnector presentation surface', () => {
  it('start with a fake display track, stop: the real events in order; a second start is invalid-state', async () => {
    const { fake, log } = await inCall();
    const starting = fake.startPresentation();
    const second = await fake.startPresentation().catch((e: VinteoError) => e);
    expect((second as VinteoError).code).to.equal('invalid-state');
    await starting;
    const track = fake.presentation.track as MediaStreamTrack;
    expect(track.kind).to.equal('video');
    expect(track.contentHint).to.equal('detail');
    expect(fake.presentation).to.deep.include({ state: 'active', handshake: 'mcu' });
    await fake.stopPresentation();
    expect(track.readyState).to.equal('ended');
    expect(log).to.deep.equal([
      'state starting',
      'presentation:start',
      'state active',
      'presentation:started',
      'state stopping',
      'end local',
      'state idle',
      'ended local',
    ]);
    expect(fake.calls.map((c) => c.method)).to.include.members(['startPresentation', 'stopPresentation']);
  });

  it('refusal (once or always) rejects with presentation-refused and emits failed', async () => {
    const { fake, log } = await inCall();
    fake.simulatePresentationRefused();
    expect(((await fake.startPresentation().catch((e: VinteoError) => e)) as VinteoError).code).to.equal(
      'presentation-refused',
    );
    await fake.startPresentation();
    await fake.stopPresentation();
    fake.presentationPermission = 'refused';
    expect(((await fake.startPresentation().catch((e: VinteoError) => e)) as VinteoError).code).to.equal(
      'presentation-refused',
    );
    expect(log.filter((l) => l.startsWith('failed'))).to.deep.equal([
      'failed refused presentation-refused',
      'failed refused presentation-refused',
    ]);
    expect(fake.presentation).to.deep.equal({ state: 'idle', lastStopReason: 'refused' });
  });

  it('outside stops: server order, track ended, spectator, call end; a presentation call uses the P2P handshake', async () => {
    const { fake, log } = await inCall();
    await fake.startPresentation();
    let ended = fake.wait('presentation:ended');
    fake.simulatePresentationMustStop();
    await ended;
    const screen = endableTrack();
    await fake.startPresentation(screen.track);
    ended = fake.wait('presentation:ended');
    screen.end(); // as the browser does it (a trusted ended)
    await ended;
    await fake.startPresentation();
    ended = fake.wait('presentation:ended');
    fake.simulateRole({ type: 'spectator', canSendMedia: false });
    await ended;
    expect(((await fake.startPresentation().catch((e: VinteoError) => e)) as VinteoError).code).to.equal(
      'invalid-state',
    );
    fake.simulateRole({ type: 'participant' });
    await fake.startPresentation();
    await fake.hangUp();
    expect(log.filter((l) => l.startsWith('ended'))).to.deep.equal([
      'ended server',
      'ended track-ended',
      'ended spectator',
      'ended call-ended',
    ]);
    await fake.startCall('2000', { presentationCall: true });
    await fake.startPresentation();
    expect(fake.presentation.handshake).to.equal('p2p');
  });

  it('incoming content: simulateContent sets the view and conference.content; remote tracks set main; pair changes only', async () => {
    const { fake } = await inCall();
    const views: RemoteStreamsView[] = [];
    fake.on('call:remote-streams-changed', (view) => views.push(view));
    const camera = createFakeStream({ audio: false });
    const screen = createFakeStream({ audio: false });
    fake.simulateRemoteTracks(camera.getTracks());
    const main = fake.remoteStreamsView.main;
    fake.simulateContent(screen, 'VP8');
    expect(fake.conference.content).to.deep.equal({ available: true, codec: 'VP8' });
    expect(fake.remoteStreamsView).to.deep.equal({ main, content: screen, contentCodec: 'VP8' });
    fake.simulateContent(screen, 'VP8');
    fake.simulateContent(undefined);
    expect(fake.conference.content.available).to.equal(false);
    await fake.hangUp();
    expect(views).to.deep.equal([{ main }, { main, content: screen, contentCodec: 'VP8' }, { main }, {}]);
    [...camera.getTracks(), ...screen.getTracks()].forEach((t) => t.stop());
  });
});
