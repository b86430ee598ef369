/** FakeConnector's reconnection: the contract's events in the real connector's order, driven step by step. */
import { expect } from '@open-wc/testing';
import { NetworkError } from '../../src/errors.js';
import { FakeConnector } from '../../src/testing/fake-connector.js';
import type { ConnectorEventName, ConnectorEvents } from '../../src/types.js';

const WATCHED: ConnectorEventName[] = [
  'connection:state',
  'connection:connected',
  'connection:registered',
  'connection:disconnected',
  'auto-connect:reconnecting',
  'auto-connect:attempt-failed',
  'auto-connect:reconnected',
  'auto-connect:gave-up',
  'call:state',
  'call:reconnecting',
  'call:resumed',
  'call:media-problem',
  'call:media-recovered',
  'call:ended',
  'call:failed',
];

/** Every watched event as `name` or `name detail`, in order. */
function record(fake: FakeConnector): string[] {
  const log: string[] = [];
  const describe = (name: ConnectorEventName, p: Record<string, unknown>): string => {
    switch (name) {
      case 'connection:state':
      case 'call:state':
        return `${name} ${String(p.state)}`;
      case 'auto-connect:reconnecting':
        return `${name} ${String(p.attempt)}/${String(p.delayMs)}/${String(p.reason)}`;
      case 'auto-connect:attempt-failed':
        return `${name} ${String(p.attempt)}`;
      case 'auto-connect:reconnected':
        return `${name} ${String(p.attempts)}`;
      case 'auto-connect:gave-up':
        return `${name} ${String(p.attempts)} ${(p.error as NetworkError).code}`;
      case 'call:reconnecting':
        return `${name} ${String(p.reason)}`;
      case 'call:media-problem':
        return `${name} ${String(p.reason)}`;
      case 'call:ended':
        return `${name} ${String(p.originator)} ${String(p.cause)}${p.statusCode ? ` ${String(p.statusCode)}` : ''}`;
      case 'connection:disconnected':
        return `${name}${p.error ? ` ${(p.error as NetworkError).code}` : ''}`;
      default:
        return name;
    }
  };
  for (const name of WATCHED) fake.on(name, (p) => log.push(describe(name, p as Record<string, unknown>)));
  return log;
}

async function connected(register = false): Promise<FakeConnector> {
  const fake = new FakeConnector();
  await fake.connect({ server: 'wss://h.example/ws', user: 'alice', register });
  return fake;
}

describe('FakeConnector reconnection', () => {
  it('lost → reconnecting (attempt 1, at once) → reconnected, back to registered', async () => {
    const fake = await connected(true);
    const log = record(fake);
    fake.simulateConnectionLost();
    expect(fake.connectionState).to.equal('reconnecting');
    expect(fake.snapshot.connection).to.equal('reconnecting');
    expect(log).to.deep.equal(['connection:state reconnecting', 'auto-connect:reconnecting 1/0/transport-closed']);
    fake.simulateConnectionLost('keepalive-failed'); // coalesces into the running outage
    expect(log).to.have.length(2);
    log.length = 0;
    fake.simulateReconnected();
    expect(fake.connectionState).to.equal('registered');
    expect(log).to.deep.equal([
      'connection:state registered',
      'connection:connected',
      'connection:registered',
      'auto-connect:reconnected 1',
    ]);
  });

  it('failed attempts count up; reconnected reports them and the downtime; a guest goes back to connected', async () => {
    const fake = await connected();
    const log = record(fake);
    const back = fake.wait('auto-connect:reconnected', 1000);
    fake.simulateConnectionLost('network-online');
    fake.simulateReconnectAttemptFailed(new NetworkError('refused'), 250);
    fake.simulateReconnectAttemptFailed(undefined, 750);
    fake.simulateReconnected();
    const { attempts, downtimeMs } = await back;
    expect(attempts).to.equal(3);
    expect(downtimeMs).to.be.at.least(0);
    expect(fake.connectionState).to.equal('connected');
    expect(log).to.deep.equal([
      'connection:state reconnecting',
      'auto-connect:reconnecting 1/0/network-online',
      'auto-connect:attempt-failed 1',
      'auto-connect:reconnecting 2/250/network-online',
      'auto-connect:attempt-failed 2',
      'auto-connect:reconnecting 3/750/network-online',
      'connection:state connected',
      'connection:connected',
      'auto-connect:reconnected 3',
    ]);
  });

  it('mid-call: the call is kept (callReconnecting) and resumes after the connection is back', async () => {
    const fake = await connected();
    await fake.startCall('1000');
    const log = record(fake);
    const seen: boolean[] = [];
    fake.subscribe(
      (s) => s.callReconnecting,
      (value) => seen.push(value),
    );
    fake.simulateConnectionLost();
    expect(fake.callReconnecting).to.equal(true);
    expect(fake.snapshot.callReconnecting).to.equal(true);
    expect(fake.callState).to.equal('active');
    fake.simulateReconnected();
    expect(fake.callReconnecting).to.equal(false);
    expect(log).to.deep.equal([
      'connection:state reconnecting',
      'call:reconnecting transport',
      'auto-connect:reconnecting 1/0/transport-closed',
      'connection:state connected',
      'connection:connected',
      'auto-connect:reconnected 1',
      'call:resumed',
    ]);
    expect(seen).to.deep.equal([true, false]);
  });

  it('reconnected with the call kept, then resumed by hand; or the dialog lost (481)', async () => {
    const fake = await connected();
    await fake.startCall('1000');
    fake.simulateConnectionLost();
    fake.simulateReconnected({ call: 'keep' });
    expect(fake.callReconnecting).to.equal(true);
    const resumed = fake.wait('call:resumed', 1000);
    fake.simulateCallResumed();
    expect((await resumed).call.target).to.equal('1000');
    expect(fake.callReconnecting).to.equal(false);

    fake.simulateConnectionLost();
    const log = record(fake);
    fake.simulateReconnected({ call: 'dialog-lost' });
    expect(log.slice(-3)).to.deep.equal(['call:state ending', 'call:state idle', 'call:ended system dialog-lost 481']);
    expect(fake.callReconnecting).to.equal(false);
    expect(fake.connectionState).to.equal('connected');
  });

  it('gave up: gave-up, the call ends with connection-error, then disconnected with the error', async () => {
    const fake = await connected(true);
    await fake.startCall('1000');
    fake.simulateConnectionLost();
    fake.simulateReconnectAttemptFailed();
    const log = record(fake);
    fake.simulateGaveUp();
    expect(log).to.deep.equal([
      'auto-connect:gave-up 2 network',
      'call:state ending',
      'call:state idle',
      'call:ended system connection-error',
      'connection:state disconnected',
      'connection:disconnected network',
    ]);
    expect(fake.callReconnecting).to.equal(false);
    fake.simulateReconnected(); // nothing to finish any more
    expect(fake.connectionState).to.equal('disconnected');
  });

  it('disconnect() while reconnecting goes to disconnected; the outage is over', async () => {
    const fake = await connected();
    await fake.startCall('1000');
    fake.simulateConnectionLost();
    const log = record(fake);
    await fake.disconnect();
    expect(fake.connectionState).to.equal('disconnected');
    expect(fake.callReconnecting).to.equal(false);
    expect(log).to.deep.equal([
      'call:state ending',
      'call:state idle',
      'call:ended local hangup',
      'connection:state disconnecting',
      'connection:state disconnected',
      'connection:disconnected',
    ]);
    fake.simulateReconnected();
    fake.simulateGaveUp();
    expect(fake.connectionState).to.equal('disconnected');
    expect(log).to.have.length(6);
  });

  it('with reconnect: false a loss is a plain drop (the call ends with connection-error)', async () => {
    const fake = new FakeConnector();
    await fake.connect({ server: 'h', reconnect: false });
    await fake.startCall('1');
    const log = record(fake);
    fake.simulateConnectionLost();
    expect(fake.connectionState).to.equal('disconnected');
    expect(log).to.include('call:ended system connection-error').and.include('connection:disconnected network');
    expect(log.some((l) => l.startsWith('auto-connect'))).to.equal(false);
  });

  it('a lost connection while not connected does nothing', async () => {
    const fake = new FakeConnector();
    const log = record(fake);
    fake.simulateConnectionLost();
    expect(fake.connectionState).to.equal('disconnected');
    expect(log).to.deep.equal([]);
  });

  it('media problem → call kept (media) → media recovered → resumed; once per episode', async () => {
    const fake = await connected();
    await fake.startCall('1000');
    const log = record(fake);
    fake.simulateMediaProblem('ice-disconnected');
    fake.simulateMediaProblem('no-packets');
    expect(fake.callReconnecting).to.equal(true);
    const recovered = fake.wait('call:media-recovered', 1000);
    fake.simulateMediaRecovered();
    expect((await recovered).downtimeMs).to.be.at.least(0);
    expect(log).to.deep.equal([
      'call:media-problem ice-disconnected',
      'call:reconnecting media',
      'call:media-recovered',
      'call:resumed',
    ]);
    expect(fake.callReconnecting).to.equal(false);
  });

  it('media recovered while signalling is still down: no resume until the connection is back', async () => {
    const fake = await connected();
    await fake.startCall('1000');
    fake.simulateMediaProblem();
    fake.simulateConnectionLost();
    const log = record(fake);
    fake.simulateMediaRecovered();
    expect(fake.callReconnecting).to.equal(true);
    fake.simulateReconnected();
    expect(log).to.deep.equal([
      'call:media-recovered',
      'connection:state connected',
      'connection:connected',
      'auto-connect:reconnected 1',
      'call:resumed',
    ]);
  });

  it('simulateCallReconnecting / simulateCallResumed need an active call', async () => {
    const fake = await connected();
    fake.simulateCallReconnecting('media');
    expect(fake.callReconnecting).to.equal(false);
    await fake.startCall('1000');
    const payloads: Array<ConnectorEvents['call:reconnecting']> = [];
    fake.on('call:reconnecting', (p) => payloads.push(p));
    fake.simulateCallReconnecting('media');
    expect(payloads.map((p) => [p.reason, p.call.target])).to.deep.equal([['media', '1000']]);
    fake.simulateCallResumed();
    expect(fake.callReconnecting).to.equal(false);
  });

  it('a call that cannot be saved ends on the system side: media-timeout, or dialog-lost with 481', async () => {
    const fake = await connected();
    await fake.startCall('1000');
    fake.simulateMediaProblem();
    const ended = fake.wait('call:ended', 1000);
    fake.simulateCallLost();
    expect(await ended).to.deep.include({ originator: 'system', cause: 'media-timeout' });
    expect(fake.callReconnecting).to.equal(false);
    await fake.startCall('1000');
    const again = fake.wait('call:ended', 1000);
    fake.simulateCallLost('dialog-lost');
    expect(await again).to.deep.include({ originator: 'system', cause: 'dialog-lost', statusCode: 481 });
  });

  it('startCall keeps autoRedial and the media bounds in its logged options', async () => {
    const fake = await connected();
    await fake.startCall('1000', { autoRedial: 3, mediaProblemMs: 2000, mediaTimeoutMs: 9000 });
    const [call] = fake.calls.filter((c) => c.method === 'startCall');
    expect(call.args[1]).to.deep.equal({ autoRedial: 3, mediaProblemMs: 2000, mediaTimeoutMs: 9000 });
  });
});
