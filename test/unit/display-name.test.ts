/** Our display name is shown as the user typed it: the server echoes it in its wire form (spaces as `_`). */
import { expect } from '@open-wc/testing';
import { resolveConfig, shownName, wireDisplayName } from '../../src/connection/config.js';
import { RoomModel } from '../../src/conference/room-state.js';
import { FakeConnector } from '../../src/testing/index.js';

describe('display names as typed', () => {
  it('shownName: our own name back as typed; any other name as sent', () => {
    expect(wireDisplayName('Demo guest')).to.equal('Demo_guest');
    expect(shownName('Demo_guest', ' Demo guest ')).to.equal('Demo guest');
    expect(shownName('Anna_Petrova', 'Demo guest'), 'someone else').to.equal('Anna_Petrova');
    expect(shownName('Demo_guest', undefined)).to.equal('Demo_guest');
    expect(shownName('Demo_guest', '')).to.equal('Demo_guest');
    expect(shownName('demo_guest', 'Demo guest'), 'the server changed it: shown as sent').to.equal('demo_guest');
  });

  it('the resolved config keeps both: the wire name to send and the typed one to show', () => {
    const config = resolveConfig({ server: 'ws://127.0.0.1:1/ws', displayName: '  Demo   guest ' });
    expect([config.displayName, config.shownDisplayName]).to.deep.equal(['Demo___guest', 'Demo   guest']);
  });

  it('the room model keeps the echo of our name as typed (enter-room and the token notification)', () => {
    const room = new RoomModel(
      () => 0,
      () => 'Demo guest',
    );
    room.startCall({ number: '1000', presentationCall: false });
    room.enterRoom({ room: 'purgatory', participantName: 'Demo_guest' });
    expect(room.state.participantName).to.equal('Demo guest');
    room.tokenIssued({ conference: '1000', participant: 'Demo_guest', jwt: 'x' });
    expect(room.state.participantName).to.equal('Demo guest');
  });

  it('the fake connector shows it the same way (its display name from connect())', async () => {
    const fake = new FakeConnector();
    await fake.connect({ server: 'ws://h', displayName: 'Demo guest' });
    await fake.startCall('1000');
    fake.simulateEnterRoom('1000', { participantName: 'Demo_guest' });
    expect(fake.conference.room.participantName).to.equal('Demo guest');
  });
});
