/** The testing fake's own helpers (logging, pending connects, simulate*). Parity with the real connector is checked by the contract suite (test/shared/connector-contract.suite.ts, run by test/unit/contract-fake.test.ts and test/integration/contract-real.test.ts). */
import { expect } from '@open-wc/testing';
import { AuthenticationError, NetworkError } from '../../src/errors.js';
import { FakeConnector } from '../../src/testing/index.js';
import type { ConnectorEvents } from '../../src/types.js';

describe('FakeConnector', () => {
  it('logs every command with its arguments and redacts the password', async () => {
    const fake = new FakeConnector();
    await fake.connect({ server: 'h', user: 'alice', password: 'pw-123', register: true });
    await fake.startCall('1000');
    fake.setMicEnabled(false);
    await fake.sendDtmf('5', { mode: 'rfc4733' });
    await fake.hangUp();
    expect(fake.calls.map((c) => c.method)).to.deep.equal([
      'connect',
      'startCall',
      'setMicEnabled',
      'sendDtmf',
      'hangUp',
    ]);
    expect(fake.lastConfig).to.include({ user: 'alice', password: '[redacted]' });
    expect(JSON.stringify(fake.calls)).not.to.contain('pw-123');
    expect(fake.connectionState).to.equal('registered');
  });

  it('a pending connect completes on simulateConnected or fails on simulateConnectionFailure', async () => {
    const fake = new FakeConnector({ autoCompleteConnect: false });
    const first = fake.connect({ server: 'h' });
    expect(fake.connectionState).to.equal('connecting');
    fake.simulateConnected();
    await first;
    expect(fake.connectionState).to.equal('connected');
    await fake.disconnect();
    const second = fake.connect({ server: 'h' });
    const failed = fake.wait('connection:failed');
    fake.simulateConnectionFailure(new AuthenticationError('wrong password'));
    expect((await failed).error.code).to.equal('authentication-failed');
    expect(
      await second.then(
        () => 'resolved',
        (e) => e.code,
      ),
    ).to.equal('authentication-failed');
    expect(fake.connectionState).to.equal('disconnected');
  });

  it('a dropped connection ends the call with a system connection-error', async () => {
    const fake = new FakeConnector();
    await fake.connect({ server: 'h' });
    await fake.startCall('1');
    const ended = fake.wait('call:ended');
    const dropped = fake.wait('connection:disconnected');
    fake.simulateConnectionFailure(new NetworkError('gone'));
    expect(await ended).to.include({ originator: 'system', cause: 'connection-error' });
    expect((await dropped).error?.code).to.equal('network');
    expect(fake.callState).to.equal('idle');
  });

  it('goes through the call states in order, and cancels a call that was not answered', async () => {
    const fake = new FakeConnector({ autoAnswerOutgoing: false });
    const states: string[] = [];
    fake.on('call:state', ({ state }) => states.push(state));
    await fake.startCall('1');
    fake.simulateRemoteAnswer();
    fake.simulateRemoteHangUp();
    await fake.startCall('2');
    const ended = fake.wait('call:ended');
    await fake.hangUp();
    expect((await ended).cause).to.equal('canceled');
    expect(states).to.deep.equal(['calling', 'active', 'ending', 'idle', 'calling', 'ending', 'idle']);
  });

  it('incoming calls ring, can be answered, declined or cancelled by the caller', async () => {
    const fake = new FakeConnector();
    const caller = fake.simulateIncomingCall({ user: 'bob', displayName: 'Bob' });
    expect(fake.incomingCaller).to.equal(caller);
    await fake.decline(486);
    expect(fake.calls.at(-1)).to.deep.equal({ method: 'decline', args: [486] });
    fake.simulateIncomingCall('carol');
    const terminated = fake.wait('incoming-call:terminated');
    fake.simulateIncomingCallCanceled();
    expect((await terminated).caller.user).to.equal('carol');
    fake.simulateIncomingCall('dave');
    const info = await fake.answer();
    expect(info).to.include({ direction: 'incoming', target: 'dave' });
    expect(fake.callState).to.equal('active');
  });

  it('refuses commands that make no sense in the current state, like the real connector', async () => {
    const fake = new FakeConnector();
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e) => e.code,
      );
    expect(await codeOf(fake.hangUp())).to.equal('invalid-state');
    expect(await codeOf(fake.answer())).to.equal('invalid-state');
    expect(await codeOf(fake.sendDtmf('1'))).to.equal('invalid-state');
    expect(await codeOf(fake.connect({ server: ' ' }))).to.equal('invalid-config');
    await fake.dispose();
    expect(await codeOf(fake.startCall('1'))).to.equal('invalid-state');
  });

  it('remote tracks and failures reach listeners; listenerCount follows on/off', async () => {
    const fake = new FakeConnector({ autoAnswerOutgoing: false });
    const seen: Array<ConnectorEvents['call:remote-tracks-changed']> = [];
    const off = fake.on('call:remote-tracks-changed', (p) => seen.push(p));
    expect(fake.listenerCount()).to.equal(1);
    const track = document.createElement('canvas').captureStream(1).getVideoTracks()[0];
    fake.simulateRemoteTracks([track]);
    expect(seen[0]).to.include({ change: 'added', track });
    expect(fake.remoteStreams[0].getTracks()).to.deep.equal([track]);
    off();
    expect(fake.listenerCount()).to.equal(0);
    await fake.startCall('1');
    const failed = fake.wait('call:failed');
    fake.simulateCallFailure('not-found', 404);
    expect(await failed).to.include({ cause: 'not-found', statusCode: 404, originator: 'remote' });
    track.stop();
  });
});
