import { expect } from '@open-wc/testing';
import { FakeConnector } from '../../src/testing/fake-connector.js';
import type { ConnectorEventName } from '../../src/types.js';

async function inCall(): Promise<{ fake: FakeConnector; names: string[] }> {
  const fake = new FakeConnector();
  await fake.connect({ server: 'h' });
  const names: string[] = [];
  for (const name of [
    'conference:changed',
    'conference:room-changed',
    'conference:role-changed',
    'conference:admin-request',
    'conference:recv-session',
    'api:enter-room',
    'api:use-license',
    'api:admin:stop-mic',
    'api:participant:move-request-to-spectators',
    'api:participant:move-request-to-spectators-with-audio-id',
    'call:ended',
  ] as ConnectorEventName[]) {
    fake.on(name, () => names.push(name));
  }
  await fake.startCall('1000');
  return { fake, names };
}

describe('FakeConnector conference surface', () => {
  it('follows the call: connecting on start, rooms by the §3.9 rules, disconnecting, initial snapshot after the call', async () => {
    const { fake, names } = await inCall();
    expect(fake.conference.room).to.deep.include({ status: 'connecting', number: '1000' });
    fake.simulatePurgatory('Ivan');
    expect(fake.conference.room).to.deep.include({ status: 'purgatory', participantName: 'Ivan' });
    fake.simulateTokenIssued('1000', 'jwt-x');
    fake.simulateEnterRoom('1000', { participantName: 'Ivan' });
    expect(fake.conference.room.status).to.equal('in-room');
    expect(fake.bearerToken).to.equal('jwt-x');
    names.length = 0;
    await fake.hangUp();
    expect(names).to.deep.equal([
      'conference:room-changed',
      'conference:changed',
      'conference:room-changed',
      'conference:changed',
      'call:ended',
    ]);
    expect(fake.conference.room).to.deep.equal({ status: 'idle', hasToken: false, isDirectPeerToPeer: false });
    expect(fake.bearerToken).to.equal(undefined);
  });

  it('role, licence and admin requests emit what the real connector emits, in its order', async () => {
    const { fake, names } = await inCall();
    names.length = 0;
    fake.simulateRole({ type: 'spectator', audioId: 'A1', canSendMedia: false, mode: 'forced' });
    expect(fake.conference.role).to.deep.equal({
      type: 'spectator',
      canSendMedia: false,
      audioId: 'A1',
      mode: 'forced',
    });
    // The real manager's order (checked by the contract suite): …-with-audio-id first, then …-move-request-to-spectators.
    expect(names).to.deep.equal([
      'conference:role-changed',
      'conference:changed',
      'api:participant:move-request-to-spectators-with-audio-id',
      'api:participant:move-request-to-spectators',
    ]);
    names.length = 0;
    fake.simulateAdminRequest({ device: 'mic', action: 'stop', syncForced: true });
    expect(names).to.deep.equal(['conference:changed', 'api:admin:stop-mic', 'conference:admin-request']);
    expect(fake.conference.syncForced).to.equal(true);
    fake.simulateLicense('AUDIO');
    expect(fake.conference.license).to.equal('AUDIO');
    fake.simulateApiEvent('api:participant:added-to-list-moderators', { conference: '1000' });
    expect(fake.conference.moderator).to.equal(true);
  });

  it('simulateConference sets any state; commands are logged and need a call; the camera permission can be denied', async () => {
    const { fake, names } = await inCall();
    names.length = 0;
    fake.simulateConference({ recvSession: 'failed', room: { status: 'in-room', room: 'X' } }, { bearerToken: 't' });
    expect(fake.conference).to.deep.include({ recvSession: 'failed' });
    expect(fake.conference.room).to.deep.include({ status: 'in-room', room: 'X', number: '1000' });
    expect(fake.bearerToken).to.equal('t');
    expect(names).to.deep.equal(['conference:room-changed', 'conference:changed', 'conference:recv-session']);
    fake.simulateConference({ recvSession: 'failed' });
    expect(names).to.have.length(3);
    await fake.sendMediaState();
    await fake.sendRefusal('camera');
    await fake.setRecvQuality('low');
    expect(fake.conference.recvQuality).to.equal('low');
    expect(fake.calls.filter((c) => c.method === 'sendMediaState')[0].args).to.deep.equal([
      { camera: true, mic: true },
    ]);
    fake.cameraPermission = 'denied';
    expect(await fake.askPermissionToEnableCamera().catch((e) => e.code)).to.equal('permission-denied');
    fake.simulateRemoteHangUp();
    expect(await fake.sendChannels({ inputChannels: '1', outputChannels: '1' }).catch((e) => e.code)).to.equal(
      'invalid-state',
    );
    expect(fake.conference.recvQuality).to.equal('low');
    expect(fake.conference.recvSession).to.equal('none');
  });
});
