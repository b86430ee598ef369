/** The session snapshot and its selector subscription, driven through the FakeConnector. */
import { expect } from '@open-wc/testing';
import { createFakeStream, FakeConnector } from '../../src/testing/index.js';

describe('connector.snapshot / subscribe', () => {
  it('one object with connection, call and conference state', async () => {
    const fake = new FakeConnector();
    await fake.connect({ server: 'wss://x.example/ws' });
    await fake.startCall('1000', { mediaStream: createFakeStream() });
    fake.simulateEnterRoom('1000', { participantName: 'Ann', bearerToken: 't0ken' });
    const snap = fake.snapshot;
    expect(snap.connection).to.equal('connected');
    expect(snap.call).to.equal('active');
    expect(snap.conference.room).to.include({ status: 'in-room', room: '1000', participantName: 'Ann' });
    expect(JSON.stringify(snap)).not.to.contain('t0ken');
  });

  it('calls back only when the selected part changes, with the previous value; unsubscribe stops it', async () => {
    const fake = new FakeConnector();
    const roles: Array<[string, string]> = [];
    const off = fake.subscribe(
      (s) => s.conference.role.type,
      (role, previous) => roles.push([previous, role]),
    );
    await fake.connect({ server: 'wss://x.example/ws' });
    await fake.startCall('1000', { mediaStream: createFakeStream() });
    fake.simulateLicense('AUDIO');
    fake.simulateRole({ type: 'spectator', canSendMedia: false });
    fake.simulateRole({ type: 'spectator', canSendMedia: false });
    fake.simulateRole({ type: 'participant' });
    off();
    fake.simulateRole({ type: 'spectator', canSendMedia: true });
    expect(roles).to.deep.equal([
      ['participant', 'spectator'],
      ['spectator', 'participant'],
    ]);
  });

  it("our presentation's state is in the snapshot: a selector hears it start and stop", async () => {
    const fake = new FakeConnector();
    const seen: string[] = [];
    const off = fake.subscribe(
      (s) => s.presentation,
      (state) => seen.push(state),
    );
    await fake.connect({ server: 'wss://x.example/ws' });
    await fake.startCall('1000', { mediaStream: createFakeStream() });
    fake.simulateEnterRoom('1000', { participantName: 'Ann' });
    await fake.startPresentation();
    expect(fake.snapshot.presentation).to.equal('active');
    await fake.stopPresentation();
    off();
    expect(seen).to.deep.equal(['starting', 'active', 'stopping', 'idle']);
  });

  it('object selections compare by content, not identity', async () => {
    const fake = new FakeConnector();
    const rooms: string[] = [];
    fake.subscribe(
      (s) => ({ status: s.conference.room.status, room: s.conference.room.room }),
      (r) => rooms.push(`${r.status}:${r.room ?? ''}`),
    );
    await fake.connect({ server: 'wss://x.example/ws' });
    await fake.startCall('1000', { mediaStream: createFakeStream() });
    fake.simulateLicense('VIDEO');
    fake.simulatePurgatory();
    fake.simulateEnterRoom('1000', { bearerToken: 'x' });
    expect(rooms).to.deep.equal(['connecting:', 'purgatory:purgatory', 'in-room:1000']);
  });
});
