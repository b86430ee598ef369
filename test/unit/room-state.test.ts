import { expect } from '@open-wc/testing';
import { RoomModel } from '../../src/conference/room-state.js';

function started(presentationCall = false): RoomModel {
  let now = 1000;
  const model = new RoomModel(() => now++);
  model.startCall({ number: '1000', presentationCall });
  return model;
}

describe('room model (§3.9)', () => {
  it('idle before any call; connecting once started, also after confirm with no room', () => {
    const model = new RoomModel();
    expect(model.status).to.equal('idle');
    expect(model.state).to.deep.equal({ status: 'idle', hasToken: false, isDirectPeerToPeer: false });
    model.startCall({ number: '1000', presentationCall: false });
    expect(model.state).to.deep.equal({
      status: 'connecting',
      number: '1000',
      hasToken: false,
      isDirectPeerToPeer: false,
    });
    model.confirmed();
    expect(model.status).to.equal('connecting');
  });

  it('inputs with no call are ignored', () => {
    const model = new RoomModel();
    expect(model.enterRoom({ room: '1000', participantName: 'n' })).to.equal(false);
    expect(model.tokenIssued({ conference: '1000', participant: 'p', jwt: 'j' })).to.equal(false);
    model.confirmed();
    model.hangUp();
    expect(model.status).to.equal('idle');
  });

  it('row 1: disconnecting wins over everything while we hang up', () => {
    const model = started(true);
    model.confirmed();
    model.enterRoom({ room: '1000', participantName: 'n', bearerToken: 't' });
    model.hangUp();
    expect(model.status).to.equal('disconnecting');
    expect(model.enterRoom({ room: '2000', participantName: 'n' })).to.equal(false);
  });

  it('row 2: presentation call once confirmed (a room does not change it)', () => {
    const model = started(true);
    expect(model.status).to.equal('connecting');
    model.enterRoom({ room: '1000', participantName: 'n' });
    expect(model.status).to.equal('room-pending-auth');
    model.confirmed();
    expect(model.status).to.equal('presentation-call');
  });

  it('row 3: in-room with a bearer token for the room (rooms compare case-insensitively, names keep case)', () => {
    const model = started();
    model.enterRoom({ room: 'Conf-A', participantName: 'Ivan Petrov', bearerToken: 'jwt-1' });
    expect(model.state).to.deep.include({
      status: 'in-room',
      room: 'Conf-A',
      participantName: 'Ivan Petrov',
      tokenConference: 'Conf-A',
      hasToken: true,
    });
    expect(model.bearerToken).to.equal('jwt-1');
    expect(JSON.stringify(model.state)).to.not.include('jwt-1');
    model.tokenIssued({ conference: 'CONF-a', participant: 'SIP/Ivan', jwt: 'jwt-2' });
    expect(model.state).to.deep.include({ status: 'in-room', participantName: 'SIP/Ivan', tokenConference: 'CONF-a' });
  });

  it('row 4: direct P2P room (before the p2p pattern)', () => {
    const model = started();
    model.enterRoom({ room: 'p2p100to200', participantName: '200', isDirectPeerToPeer: true });
    expect(model.state).to.deep.include({ status: 'direct-p2p-room', isDirectPeerToPeer: true });
  });

  it('row 5: p2p room by name', () => {
    const model = started();
    model.enterRoom({ room: 'P2P100TO200', participantName: '200' });
    expect(model.status).to.equal('p2p-room');
    model.enterRoom({ room: 'p2pto', participantName: '200' });
    expect(model.status).to.equal('room-pending-auth');
  });

  it('row 6: purgatory, even with a token (a token for purgatory does not lift us out)', () => {
    const model = started();
    model.enterRoom({ room: 'Purgatory', participantName: 'guest', bearerToken: 'jwt' });
    expect(model.status).to.equal('purgatory');
  });

  it('row 7: room pending auth, then in-room when the token comes; a token for another conference does not count', () => {
    const model = started();
    model.enterRoom({ room: '1000', participantName: 'n' });
    expect(model.status).to.equal('room-pending-auth');
    model.tokenIssued({ conference: '2000', participant: 'n', jwt: 'other' });
    expect(model.status).to.equal('room-pending-auth');
    model.tokenIssued({ conference: '1000', participant: 'n', jwt: 'mine' });
    expect(model.status).to.equal('in-room');
  });

  it('out of order: enter-room before confirm; token before room; purgatory → room keeps the early token', () => {
    const model = started();
    model.enterRoom({ room: 'purgatory', participantName: 'guest' });
    expect(model.status).to.equal('purgatory');
    model.tokenIssued({ conference: '1000', participant: 'SIP/guest', jwt: 'jwt' });
    expect(model.status).to.equal('purgatory');
    model.confirmed();
    model.enterRoom({ room: '1000', participantName: 'guest' });
    expect(model.state).to.deep.include({ status: 'in-room', room: '1000', participantName: 'guest', startedAt: 1000 });
  });

  it('startedAt is the first room; reset forgets everything including the token', () => {
    const model = started();
    model.enterRoom({ room: 'purgatory', participantName: 'g' });
    model.enterRoom({ room: '1000', participantName: 'g', bearerToken: 't' });
    expect(model.state.startedAt).to.equal(1000);
    model.reset();
    expect(model.state).to.deep.equal({ status: 'idle', hasToken: false, isDirectPeerToPeer: false });
    expect(model.bearerToken).to.equal(undefined);
  });

  it('a new call starts from scratch', () => {
    const model = started();
    model.enterRoom({ room: '1000', participantName: 'g', bearerToken: 't' });
    model.startCall({ number: '2000', presentationCall: false });
    expect(model.state).to.deep.equal({
      status: 'connecting',
      number: '2000',
      hasToken: false,
      isDirectPeerToPeer: false,
    });
  });
});
