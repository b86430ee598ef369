/** ConnectionManager logic against an injected fake SIP stack (no network). */
import { expect } from '@open-wc/testing';
import type { UserAgentOptions } from 'sip.js';
import { RegistererState } from 'sip.js';
import { ConnectionManager } from '../../src/connection/connection-manager.js';
import type { SipStack } from '../../src/connection/sip-stack.js';
import { TypedEmitter } from '../../src/emitter.js';
import { AuthenticationError, VinteoError } from '../../src/errors.js';
import type { ConnectorEvents } from '../../src/types.js';
import { atLeast, type LogSink } from '../../src/util/logger.js';

class FakeUa {
  options: UserAgentOptions;
  connected = false;
  stops = 0;
  startError?: Error;
  /** When set, the next UA's start() waits for this promise (a slow WebSocket). */
  static nextStart?: Promise<void>;
  constructor(options: UserAgentOptions) {
    this.options = options;
  }
  async start() {
    const gate = FakeUa.nextStart;
    FakeUa.nextStart = undefined;
    if (gate) await gate;
    if (this.startError) throw this.startError;
    this.connected = true;
  }
  async stop() {
    this.stops++;
    this.connected = false;
  }
  isConnected() {
    return this.connected;
  }
}

class FakeRegisterer {
  state = RegistererState.Initial;
  registers = 0;
  listeners: Array<(s: RegistererState) => void> = [];
  stateChange = { addListener: (l: (s: RegistererState) => void) => this.listeners.push(l) };
  constructor(public status: number) {}
  async register(options: { requestDelegate: { onAccept(): void; onReject(r: unknown): void } }) {
    this.registers++;
    const message = { statusCode: this.status, reasonPhrase: 'x' };
    queueMicrotask(() =>
      this.status === 200 ? options.requestDelegate.onAccept() : options.requestDelegate.onReject({ message }),
    );
  }
  async unregister(options: { requestDelegate: { onAccept(): void } }) {
    queueMicrotask(() => options.requestDelegate.onAccept());
  }
  async dispose() {}
}

function setup(registerStatus = 200, startError?: Error, log: LogSink = () => undefined) {
  const emitter = new TypedEmitter<ConnectorEvents>();
  const uas: FakeUa[] = [];
  const registerers: FakeRegisterer[] = [];
  const stack = {
    makeUri: (v: string) => ({ toString: () => v }),
    createUserAgent: (o: UserAgentOptions) => {
      const ua = new FakeUa(o);
      ua.startError = startError;
      uas.push(ua);
      return ua;
    },
    createRegisterer: () => {
      const r = new FakeRegisterer(registerStatus);
      registerers.push(r);
      return r;
    },
    createInviter: () => {
      throw new Error('not used');
    },
  } as unknown as SipStack;
  const manager = new ConnectionManager({
    emitter,
    stack,
    log,
    sdhFactory: () => {
      throw new Error('no media');
    },
    onInvite: () => undefined,
    beforeDisconnect: async () => undefined,
  });
  const states: string[] = [];
  emitter.on('connection:state', ({ state }) => states.push(state));
  return { manager, emitter, uas, registerers, states };
}

describe('ConnectionManager', () => {
  it("sip.js's trace reaches the log only when it takes debug lines, redacted; warnings always", async () => {
    const lines: string[] = [];
    const sink: LogSink = (level, message) => void lines.push(`${level} ${message}`);
    const auth = 'Authorization: Digest username="alice", response="deadbeef"';
    for (const [log, expected] of [
      [atLeast(sink, 'info'), ['warn sip.transport: gone']],
      [
        atLeast(sink, 'debug'),
        ['debug sip.transport: Authorization: Digest username="alice", response="…"', 'warn sip.transport: gone'],
      ],
    ] as const) {
      lines.length = 0;
      const { manager, uas } = setup(200, undefined, log);
      await manager.connect({ server: 'h' });
      const connector = uas[0].options.logConnector as (
        level: string,
        category: string,
        label: string | undefined,
        content: string,
      ) => void;
      connector('log', 'sip.transport', undefined, auth);
      connector('warn', 'sip.transport', undefined, 'gone');
      expect(lines.filter((l) => l.includes('sip.transport'))).to.deep.equal(expected);
    }
  });

  it('connects a guest: UA options follow the Vinteo rules, no REGISTER', async () => {
    const { manager, uas, registerers, states } = setup();
    await manager.connect({ server: 'vc.example.com', displayName: 'Ivan Petrov', appName: 'app', appVersion: '3.1' });
    expect(states).to.deep.equal(['connecting', 'connected']);
    expect(registerers).to.have.length(0);
    const options = uas[0].options;
    expect((options.transportOptions as { server: string }).server).to.equal('wss://vc.example.com/webrtc/wss/');
    expect(String(options.uri)).to.match(/^sip:\d{6,8}@vc\.example\.com$/);
    expect(options.displayName).to.equal('Ivan_Petrov');
    expect(options.userAgentString).to.match(/^ChromeNew - .*app 3$/);
    expect(options.allowLegacyNotifications).to.equal(true);
  });

  it('registers with credentials and reaches the registered state', async () => {
    const { manager, states, registerers } = setup(200);
    await manager.connect({ server: 'h', register: true, user: 'alice', password: 'pw' });
    expect(manager.state).to.equal('registered');
    expect(states).to.deep.equal(['connecting', 'connected', 'registered']);
    expect(registerers[0].registers).to.equal(1);
  });

  it('a 403 on REGISTER rejects with AuthenticationError once, stops the UA, does not retry', async () => {
    const { manager, emitter, uas, registerers } = setup(403);
    const failed: VinteoError[] = [];
    emitter.on('connection:failed', ({ error }) => failed.push(error));
    const error = await manager
      .connect({ server: 'h', register: true, user: 'alice', password: 'secret-pw' })
      .catch((e) => e);
    expect(error).to.be.instanceOf(AuthenticationError);
    expect(error.statusCode).to.equal(403);
    expect(String(error.message)).not.to.contain('secret-pw');
    expect(failed).to.have.length(1);
    expect(registerers[0].registers).to.equal(1);
    expect(uas[0].stops).to.equal(1);
    expect(manager.state).to.equal('disconnected');
  });

  it('a transport failure on start rejects with a network error', async () => {
    const { manager } = setup(200, new Error('socket closed'));
    const error = await manager.connect({ server: 'ws://127.0.0.1:1/' }).catch((e) => e);
    expect(error.code).to.equal('network');
    expect(manager.state).to.equal('disconnected');
  });

  it('bad config rejects synchronously-typed with invalid-config and leaves the state alone', async () => {
    const { manager, states } = setup();
    const error = await manager.connect({ server: 'ftp://x' }).catch((e) => e);
    expect(error.code).to.equal('invalid-config');
    expect(states).to.deep.equal([]);
  });

  it('with reconnect: false, losing the transport emits disconnected with a network error', async () => {
    const { manager, emitter, uas } = setup();
    await manager.connect({ server: 'h', reconnect: false });
    const lost = emitter.wait('connection:disconnected', 1000);
    uas[0].options.delegate?.onDisconnect?.(new Error('gone'));
    expect((await lost).error?.code).to.equal('network');
    expect(manager.state).to.equal('disconnected');
  });

  it('disconnect unregisters and stops the UA', async () => {
    const { manager, uas, states } = setup(200);
    await manager.connect({ server: 'h', register: true, user: 'a', password: 'p' });
    await manager.disconnect();
    expect(uas[0].stops).to.equal(1);
    expect(states.slice(-2)).to.deep.equal(['disconnecting', 'disconnected']);
  });
});

describe('ConnectionManager races', () => {
  it('a second connect supersedes a pending one without stopping the new user agent', async () => {
    const { manager, uas } = setup();
    let release!: () => void;
    FakeUa.nextStart = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = manager.connect({ server: 'h' });
    await Promise.resolve();
    const second = manager.connect({ server: 'h2' });
    release();
    await second;
    expect(
      await first.then(
        () => 'ok',
        (e) => e.code,
      ),
    ).to.equal('canceled');
    expect(uas).to.have.length(2);
    expect(uas[0].stops).to.equal(1);
    expect(uas[1].stops).to.equal(0);
    expect(manager.state).to.equal('connected');
    expect((uas[1].options.transportOptions as { server: string }).server).to.equal('wss://h2/webrtc/wss/');
  });
});
