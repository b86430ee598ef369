/** Reconnection logic with a fake clock: the default policy, the reconnection loop, keep-alive, and the manager. */
import { expect } from '@open-wc/testing';
import type { UserAgentOptions } from 'sip.js';
import { RegistererState } from 'sip.js';
import { ConnectionManager } from '../../src/connection/connection-manager.js';
import { KeepAlive } from '../../src/connection/keepalive.js';
import { NetworkWatch, type NetworkSignal } from '../../src/connection/network-watch.js';
import {
  DefaultReconnectPolicy,
  limitedPolicy,
  type ReconnectPolicy,
  type RetryContext,
} from '../../src/connection/reconnect-policy.js';
import { Reconnector } from '../../src/connection/reconnector.js';
import type { SipStack } from '../../src/connection/sip-stack.js';
import { TypedEmitter } from '../../src/emitter.js';
import { AuthenticationError, VinteoError, toVinteoError } from '../../src/errors.js';
import type { ConnectorEvents } from '../../src/types.js';
import { FakeClock } from '../support/fake-clock.js';

describe('DefaultReconnectPolicy', () => {
  const ctx = (attempt: number, elapsedMs: number, extra: Partial<RetryContext> = {}): RetryContext => ({
    attempt,
    elapsedMs,
    reason: 'transport-closed',
    ...extra,
  });

  it('retries at once, then 0.25 s, 0.5 s, 1 s (each with equal jitter) while the outage is young', () => {
    const low = new DefaultReconnectPolicy({ random: () => 0 });
    const high = new DefaultReconnectPolicy({ random: () => 0.999999 });
    expect(low.nextRetryDelayMs(ctx(1, 0))).to.equal(0);
    expect([2, 3, 4, 5, 9].map((a) => low.nextRetryDelayMs(ctx(a, 1000)))).to.deep.equal([125, 250, 500, 500, 500]);
    expect([2, 3, 4, 5].map((a) => high.nextRetryDelayMs(ctx(a, 1000)))).to.deep.equal([250, 500, 1000, 1000]);
  });

  it('past 10 s backs off from 4 s to an 8 s cap: on average fewer than one attempt per 2 s', () => {
    const policy = new DefaultReconnectPolicy({ random: () => 0.5 });
    let elapsed = 10_000;
    let attempts = 0;
    for (let attempt = 20; elapsed < 70_000; attempt++, attempts++)
      elapsed += policy.nextRetryDelayMs(ctx(attempt, elapsed));
    expect(60_000 / attempts).to.be.above(2000);
    expect(policy.nextRetryDelayMs(ctx(50, 600_000))).to.be.within(4000, 8000);
  });

  it('honours Retry-After and never gives up', () => {
    const policy = new DefaultReconnectPolicy({ random: () => 0 });
    expect(policy.nextRetryDelayMs(ctx(2, 100, { retryAfterMs: 20_000 }))).to.equal(20_000);
    expect(policy.nextRetryDelayMs(ctx(100_000, 86_400_000))).to.be.a('number');
  });

  it('limitedPolicy gives up after n attempts', () => {
    const policy = limitedPolicy(2, new DefaultReconnectPolicy({ random: () => 0 }));
    expect(policy.nextRetryDelayMs(ctx(2, 0))).to.equal(125);
    expect(policy.nextRetryDelayMs(ctx(3, 0))).to.equal(null);
  });
});

describe('Reconnector', () => {
  function loop(
    outcomes: Array<Error | undefined>,
    policy: ReconnectPolicy = new DefaultReconnectPolicy({ random: () => 0 }),
  ) {
    const clock = new FakeClock();
    const log: string[] = [];
    const reconnector = new Reconnector({
      clock,
      policy: () => policy,
      toError: (e) => toVinteoError(e, 'network'),
      retryable: (e) => e.code !== 'authentication-failed',
      attempt: async () => {
        const outcome = outcomes.shift();
        if (outcome) throw outcome;
      },
      events: {
        scheduled: (a, d, r) => log.push(`scheduled ${a} ${d} ${r}`),
        failed: (a, e) => log.push(`failed ${a} ${e.code}`),
        succeeded: (_ms, a) => log.push(`succeeded after ${a}`),
        gaveUp: (a, e) => log.push(`gave up ${a} ${e.code}`),
      },
    });
    return { clock, log, reconnector };
  }

  it('one attempt at a time on the policy schedule until one succeeds; further causes coalesce', async () => {
    const { clock, log, reconnector } = loop([new Error('refused'), new Error('refused'), undefined]);
    reconnector.start('transport-closed');
    reconnector.start('keepalive-failed');
    await clock.advance(5000);
    expect(log).to.deep.equal([
      'scheduled 1 0 transport-closed',
      'failed 1 network',
      'scheduled 2 125 transport-closed',
      'failed 2 network',
      'scheduled 3 250 transport-closed',
      'succeeded after 3',
    ]);
    expect(reconnector.active).to.equal(false);
    expect(clock.pending).to.equal(0);
  });

  it('wrong credentials are never retried', async () => {
    const { clock, log, reconnector } = loop([new AuthenticationError('no')]);
    reconnector.start('transport-closed');
    await clock.advance(5000);
    expect(log).to.deep.equal([
      'scheduled 1 0 transport-closed',
      'failed 1 authentication-failed',
      'gave up 1 authentication-failed',
    ]);
  });

  it('a policy returning null gives up', async () => {
    const { clock, log, reconnector } = loop([new Error('x'), new Error('x')], limitedPolicy(1));
    reconnector.start('transport-closed');
    await clock.advance(5000);
    expect(log.at(-1), 'the attempts made, not the one the policy refused').to.equal('gave up 1 network');
  });

  it('pause() holds the attempts (offline), retryNow() attempts at once (online); stop() cancels everything', async () => {
    const { clock, log, reconnector } = loop([new Error('x'), undefined]);
    reconnector.start('transport-closed');
    await clock.advance(0);
    reconnector.pause();
    await clock.advance(60_000);
    expect(log).to.deep.equal([
      'scheduled 1 0 transport-closed',
      'failed 1 network',
      'scheduled 2 125 transport-closed',
    ]);
    reconnector.retryNow();
    await clock.advance(0);
    expect(log.at(-1)).to.equal('succeeded after 3');
    reconnector.start('wake');
    reconnector.stop();
    await clock.advance(10_000);
    expect(clock.pending).to.equal(0);
  });
});

describe('KeepAlive', () => {
  it('probes every interval; an unanswered probe reports the transport dead once and stops', async () => {
    const clock = new FakeClock();
    let answer = true;
    let probes = 0;
    const dead: unknown[] = [];
    const keepAlive = new KeepAlive({
      clock,
      intervalMs: 15_000,
      timeoutMs: 10_000,
      probe: () => {
        probes++;
        return answer ? Promise.resolve() : new Promise(() => undefined);
      },
      onDead: (e) => dead.push(e),
    });
    keepAlive.start();
    await clock.advance(45_000);
    expect(probes).to.equal(3);
    answer = false;
    await clock.advance(15_000 + 9_999);
    expect(dead).to.have.length(0);
    await clock.advance(1);
    expect(dead).to.have.length(1);
    await clock.advance(60_000);
    expect(probes).to.equal(4);
    expect(keepAlive.running).to.equal(false);
  });
});

describe('NetworkWatch', () => {
  it('reports online/offline, connection changes and a wake-up (a timer far too late); nothing after stop()', async () => {
    const clock = new FakeClock();
    const target = new EventTarget();
    const connection = new EventTarget();
    const signals: NetworkSignal[] = [];
    const watch = new NetworkWatch({ clock, target, connection, onSignal: (s) => signals.push(s) });
    watch.start();
    target.dispatchEvent(new Event('offline'));
    target.dispatchEvent(new Event('online'));
    connection.dispatchEvent(new Event('change'));
    await clock.advance(20_000);
    expect(signals).to.deep.equal(['offline', 'online', 'change']);
    clock.jump(60_000);
    await clock.advance(0);
    expect(signals.at(-1)).to.equal('wake');
    watch.stop();
    target.dispatchEvent(new Event('online'));
    clock.jump(60_000);
    await clock.advance(10_000);
    expect(signals).to.have.length(4);
    expect(clock.pending).to.equal(0);
  });
});

class FakeUa {
  options: UserAgentOptions;
  connected = false;
  reconnects = 0;
  reconnectError?: Error;
  transport = {
    disconnect: async () => {
      this.connected = false;
    },
  };
  constructor(options: UserAgentOptions) {
    this.options = options;
  }
  async start() {
    this.connected = true;
  }
  async stop() {
    this.connected = false;
    await new Promise((done) => setTimeout(done, 2000));
  }
  async reconnect() {
    this.reconnects++;
    if (this.reconnectError) throw this.reconnectError;
    this.connected = true;
  }
  isConnected() {
    return this.connected;
  }
  drop() {
    this.connected = false;
    this.options.delegate?.onDisconnect?.(new Error('gone'));
  }
}

class FakeRegisterer {
  state = RegistererState.Initial;
  waiting = false;
  registers = 0;
  reply: { status: number; retryAfter?: string } = { status: 200 };
  listeners: Array<(state: RegistererState) => void> = [];
  stateChange = { addListener: (l: (state: RegistererState) => void) => this.listeners.push(l) };
  setState(state: RegistererState) {
    this.state = state;
    this.listeners.forEach((l) => l(state));
  }
  async register(options: { requestDelegate: { onAccept(): void; onReject(r: unknown): void } }) {
    this.registers++;
    const { status, retryAfter } = this.reply;
    const message = {
      statusCode: status,
      reasonPhrase: 'x',
      getHeader: (n: string) => (n === 'retry-after' ? retryAfter : n === 'via' ? 'SIP/2.0/WSS x' : undefined),
    };
    queueMicrotask(() => {
      this.setState(status === 200 ? RegistererState.Registered : RegistererState.Unregistered);
      if (status === 200) options.requestDelegate.onAccept();
      else options.requestDelegate.onReject({ message });
    });
  }
  async unregister(options: { requestDelegate: { onAccept(): void } }) {
    queueMicrotask(() => options.requestDelegate.onAccept());
  }
  async dispose() {}
}

function manager(policy = new DefaultReconnectPolicy({ random: () => 0 })) {
  const clock = new FakeClock();
  const emitter = new TypedEmitter<ConnectorEvents>();
  const uas: FakeUa[] = [];
  const registerer = new FakeRegisterer();
  const contexts: RetryContext[] = [];
  const spy = {
    nextRetryDelayMs: (c: RetryContext) => {
      contexts.push(c);
      return policy.nextRetryDelayMs(c);
    },
  };
  const stack = {
    makeUri: (v: string) => ({ toString: () => v }),
    createUserAgent: (o: UserAgentOptions) => {
      const ua = new FakeUa(o);
      uas.push(ua);
      return ua;
    },
    createRegisterer: () => registerer,
    createInviter: () => {
      throw new Error('not used');
    },
  } as unknown as SipStack;
  const hooks: string[] = [];
  const m = new ConnectionManager({
    emitter,
    stack,
    clock,
    log: () => undefined,
    sdhFactory: () => {
      throw new Error('no media');
    },
    onInvite: () => undefined,
    beforeDisconnect: async () => undefined,
    onSignallingLost: () => hooks.push('lost'),
    onSignallingRestored: () => hooks.push('restored'),
    onSignallingGone: () => hooks.push('gone'),
  });
  const states: string[] = [];
  emitter.on('connection:state', ({ state }) => states.push(state));
  const config = {
    server: 'h',
    register: true,
    user: 'a',
    password: 'p',
    reconnectPolicy: spy,
    keepAliveIntervalMs: 0,
  };
  return { m, clock, emitter, uas, registerer, contexts, states, hooks, config };
}

describe('ConnectionManager reconnection', () => {
  it('a dropped transport: reconnecting, the same user agent reconnects and re-registers, calls are told', async () => {
    const { m, clock, uas, registerer, states, hooks, config, emitter } = manager();
    await m.connect(config);
    const back = emitter.wait('auto-connect:reconnected');
    uas[0].drop();
    expect(m.state).to.equal('reconnecting');
    await clock.advance(0);
    await back;
    expect(uas).to.have.length(1);
    expect(uas[0].reconnects).to.equal(1);
    expect(registerer.registers).to.equal(2);
    expect(states).to.deep.equal(['connecting', 'connected', 'registered', 'reconnecting', 'registered']);
    expect(hooks).to.deep.equal(['lost', 'restored']);
  });

  it('a 503 with Retry-After to the re-REGISTER is retried after that delay', async () => {
    const { m, clock, uas, registerer, contexts, config } = manager();
    await m.connect(config);
    registerer.reply = { status: 503, retryAfter: '7' };
    uas[0].drop();
    await clock.advance(0);
    expect(contexts.at(-1)?.retryAfterMs).to.equal(7000);
    registerer.reply = { status: 200 };
    await clock.advance(6999);
    expect(m.state).to.equal('reconnecting');
    await clock.advance(1);
    expect(m.state).to.equal('registered');
  });

  it('wrong credentials during reconnection give up: disconnected, calls end', async () => {
    const { m, clock, uas, registerer, hooks, config, emitter } = manager();
    await m.connect(config);
    registerer.reply = { status: 403 };
    const gaveUp = emitter.wait('auto-connect:gave-up');
    uas[0].drop();
    await clock.advance(0);
    expect((await gaveUp).error).to.be.instanceOf(AuthenticationError);
    expect(m.state).to.equal('disconnected');
    expect(hooks).to.deep.equal(['lost', 'gone']);
  });

  it('disconnect() during reconnection stops every timer at once', async () => {
    const { m, clock, uas, config } = manager();
    await m.connect(config);
    uas[0].reconnectError = new Error('refused');
    uas[0].drop();
    await clock.advance(2000);
    const before = uas[0].reconnects;
    await m.disconnect();
    await clock.advance(60_000);
    expect(uas[0].reconnects).to.equal(before);
    expect(m.state).to.equal('disconnected');
    expect(clock.pending).to.equal(0);
  });

  it('an `online` event while reconnecting attempts at once', async () => {
    const { m, clock, uas, config } = manager(
      new DefaultReconnectPolicy({ random: () => 0, fastBaseDelayMs: 5000, fastMaxDelayMs: 5000 }),
    );
    await m.connect(config);
    uas[0].reconnectError = new Error('refused');
    uas[0].drop();
    await clock.advance(10);
    expect(uas[0].reconnects).to.equal(1);
    uas[0].reconnectError = undefined;
    window.dispatchEvent(new Event('online'));
    await clock.advance(0);
    expect(uas[0].reconnects).to.equal(2);
    expect(m.state).to.equal('registered');
    await m.disconnect();
  });

  it('a REGISTER with no answer fails at connectTimeoutMs, not later (the user agent stops in the background)', async () => {
    const { m, uas, registerer, config } = manager();
    registerer.register = () => new Promise<void>(() => undefined);
    const started = performance.now();
    const error = await m.connect({ ...config, connectTimeoutMs: 300 }).catch((e: VinteoError) => e);
    const took = performance.now() - started;
    expect((error as VinteoError).code).to.equal('connect-timeout');
    expect(took).to.be.within(290, 600);
    expect(m.state).to.equal('disconnected');
    expect(uas[0].connected).to.equal(false);
  });

  it('a REGISTER refresh that fails reconnects (register-failed) over the same transport; a failing first REGISTER does not', async () => {
    const { m, clock, uas, registerer, config, emitter } = manager();
    registerer.reply = { status: 403 };
    const lost: string[] = [];
    emitter.on('connection:disconnected', () => lost.push('disconnected'));
    expect(await m.connect(config).catch((e: VinteoError) => e.code)).to.equal('authentication-failed');
    expect(lost).to.deep.equal([]);
    registerer.reply = { status: 200 };
    await m.connect(config);
    const scheduled = emitter.wait('auto-connect:reconnecting');
    registerer.setState(RegistererState.Unregistered);
    expect((await scheduled).reason).to.equal('register-failed');
    await clock.advance(0);
    expect(m.state).to.equal('registered');
    expect(uas.at(-1)?.reconnects).to.equal(0);
  });

  it('errors are VinteoErrors with a code', () => {
    expect(new VinteoError('dialog-lost', 'x').code).to.equal('dialog-lost');
  });
});
