/**
 * The connector contract: one suite of assertions that runs against the testing fake (`FakeConnector`,
 * test/unit/contract-fake.test.ts) and against the real `VinteoConnector` with the local Vinteo server
 * (test/integration/contract-real.test.ts), so the fake cannot drift from the real thing (DESIGN.md §7).
 *
 * A harness says how to make a connector and how to make the far end do something: for the real connector the
 * local server's SIP (INFO, NOTIFY, BYE, 486 …) through `vinteoServer` commands; for the fake its own drive
 * methods (`simulateRole`, `simulateAdminRequest`, `simulateInfo` …). Every test records the connector's public
 * events and asserts the exact names, order and payloads (ids, times and tokens normalised), and the snapshot after.
 * The suite also checks that every `api:*` event of `ApiEvents` was seen at least once.
 */
import { expect } from '@open-wc/testing';
import type {
  ApiEvents,
  CallOptions,
  ConferenceSnapshot,
  ConnectionConfig,
  ConnectorEventName,
  License,
  ReconnectPolicy,
  VinteoConnectorApi,
} from '../../src/index.js';
import { waitUntil } from '../support/media.js';

export interface Account {
  /** Registered (alice) or a guest. */
  register: boolean;
  displayName: string;
}

/** What the far end (the server or the fake's simulate helpers) can be made to do to the connector `c`. */
export interface FarEnd {
  /** The next connect() is refused for its credentials (real: a wrong password; the registrar answers 403). */
  refuseNextLogin(c: VinteoConnectorApi): Promise<ConnectionConfig>;
  /** The server hangs up the current call (BYE). */
  hangUp(c: VinteoConnectorApi): Promise<void>;
  /** The server calls `c`'s registered user from `from`. */
  callUser(c: VinteoConnectorApi, from: string): Promise<void>;
  /** The caller gives up before `c` answers (CANCEL). */
  cancelCall(c: VinteoConnectorApi): Promise<void>;
  /** An in-dialog INFO from the server. */
  sendInfo(c: VinteoConnectorApi, contentType: string, headers: Record<string, string>, body?: string): Promise<void>;
  /** An out-of-dialog NOTIFY with `X-VINTEO-NOTIFY: {json}`. */
  sendNotify(c: VinteoConnectorApi, notify: object): Promise<void>;
  /** The partstate INFO (spectatorMode 0 manual, 1 by camera, 2 forced). */
  setRole(
    c: VinteoConnectorApi,
    role: { role: 'participant' | 'spectator'; audioId?: string; spectatorMode?: 0 | 1 | 2 },
  ): Promise<void>;
  /** ADMINSTART/STOP MAINCAM or MIC (`x-webrtc-sync: 1` when forced). */
  adminMedia(
    c: VinteoConnectorApi,
    request: { device: 'camera' | 'mic'; action: 'start' | 'stop'; forced: boolean },
  ): Promise<void>;
  setLicense(c: VinteoConnectorApi, license: License): Promise<void>;
  /** Lets a guest out of the waiting room into the conference (enter-room with a token). */
  admit(c: VinteoConnectorApi): Promise<void>;
  /** NOTIFY ConferenceParticipantTokenIssued for the current conference. */
  issueToken(c: VinteoConnectorApi): Promise<void>;
  /** The restart INFO (§3.19). */
  restart(
    c: VinteoConnectorApi,
    request: { audioTrackCount: number; videoTrackCount: number; direction: 'SENDRECV' },
  ): Promise<void>;
  /** The next direct-P2P room INFO from the client is answered `status`. */
  refuseRoomInfo(c: VinteoConnectorApi, status: number): Promise<void>;
  /** The conference of the current call answers 403 to LETMESTARTPRESENTATION. */
  refusePresentation(c: VinteoConnectorApi): Promise<void>;
  /** YOUMUSTSTOPSENDCONTENT to the presenter. */
  stopPresentation(c: VinteoConnectorApi): Promise<void>;
  /** The call's far end stops sending media (`stopped`), or sends again; ICE and the dialog stay. */
  stopMedia(c: VinteoConnectorApi, stopped: boolean): Promise<void>;
  /** The WebSocket drops under the connector (abrupt), the reconnection loop brings it back. */
  dropConnection(c: VinteoConnectorApi): Promise<void>;
  /**
   * Once the call's main video flows, the far end stops sending it (audio goes on) until the connector's recovery
   * re-INVITE restarts it (the fake plays the health episode the real connector reports).
   */
  stopMainVideo(c: VinteoConnectorApi): Promise<void>;
  /**
   * The WebSocket drops and the server refuses new connections for a long while: every attempt fails until the
   * connector's `reconnectPolicy` gives up (the fake's harness plays that loop with the same policy).
   */
  goAway(c: VinteoConnectorApi, policy: ReconnectPolicy): Promise<void>;
}

export interface ContractHarness {
  name: string;
  /** Mocha timeout per test. */
  timeoutMs: number;
  /** A fresh connector (disposed by the suite). */
  create(): VinteoConnectorApi;
  config(account: Account): ConnectionConfig;
  /** The local media of a call (the suite stops its tracks). */
  media(): Promise<MediaStream>;
  /** A shareable video track for a presentation. */
  presentationTrack(): MediaStreamTrack;
  /** Numbers: an echo call, busy (486), not found (404), declined (603), never answered (180 forever), a conference. */
  targets: {
    echo: string;
    busy: string;
    notFound: string;
    decline: string;
    noAnswer: string;
    conference: (n: number) => string;
  };
  server: FarEnd;
  /** After each test (the real one resets the server). */
  reset(): Promise<void>;
}

/** The conference events and every `api:*` event; the compiler keeps this list complete. */
const API_EVENTS = {
  'api:enter-room': true,
  'api:main-cam-control': true,
  'api:use-license': true,
  'api:new-dtmf': true,
  'api:conference:participant-token-issued': true,
  'api:contented-stream:available': true,
  'api:contented-stream:not-available': true,
  'api:presentation:must-stop': true,
  'api:channels:all': true,
  'api:channels:notify': true,
  'api:participant:added-to-list-moderators': true,
  'api:participant:removed-from-list-moderators': true,
  'api:participant:move-request-to-stream': true,
  'api:participant:move-request-to-spectators': true,
  'api:participant:move-request-to-spectators-synthetic': true,
  'api:participant:move-request-to-spectators-with-audio-id': true,
  'api:participant:move-request-to-participants': true,
  'api:participation:accepting-word-request': true,
  'api:participation:cancelling-word-request': true,
  'api:webcast:started': true,
  'api:webcast:stopped': true,
  'api:account:changed': true,
  'api:account:deleted': true,
  'api:admin:start-main-cam': true,
  'api:admin:stop-main-cam': true,
  'api:admin:start-mic': true,
  'api:admin:stop-mic': true,
  'api:admin:force-sync-media-state': true,
  'api:failed-send-room-direct-p2p': true,
  'api:restart': true,
} as const satisfies Record<keyof ApiEvents, true>;
const API_NAMES = Object.keys(API_EVENTS) as Array<keyof ApiEvents>;

const CONNECTION: ConnectorEventName[] = [
  'connection:state',
  'connection:connecting',
  'connection:connected',
  'connection:registered',
  'connection:unregistered',
  'connection:disconnected',
  'connection:failed',
];
const CALL: ConnectorEventName[] = [
  'call:state',
  'call:started',
  'call:accepted',
  'call:confirmed',
  'call:ended',
  'call:failed',
  'incoming-call:ringing',
  'incoming-call:answered',
  'incoming-call:declined',
  'incoming-call:terminated',
];
const CONFERENCE: ConnectorEventName[] = [
  'conference:changed',
  'conference:room-changed',
  'conference:role-changed',
  'conference:admin-request',
  'conference:recv-session',
  ...API_NAMES,
];
const PRESENTATION: ConnectorEventName[] = [
  'presentation:state',
  'presentation:start',
  'presentation:started',
  'presentation:end',
  'presentation:ended',
  'presentation:failed',
];
const RECONNECT: ConnectorEventName[] = [
  'connection:state',
  'connection:connected',
  'auto-connect:reconnecting',
  'auto-connect:reconnected',
  'call:reconnecting',
  'call:resumed',
  'call:media-problem',
  'call:media-recovered',
  'call:ended',
];
const HEALTH: ConnectorEventName[] = [
  'main-stream-health:inbound-video-problem-detected',
  'main-stream-health:inbound-video-problem-resolved',
  'main-stream-health:inbound-video-problem-reset',
];
const GIVING_UP: ConnectorEventName[] = [
  ...RECONNECT,
  'auto-connect:attempt-failed',
  'auto-connect:gave-up',
  'connection:disconnected',
  'call:failed',
];

/** Replaces what differs by nature between two runs (ids, times, tokens, our random guest user) with markers. */
function normalise(value: unknown, key = ''): unknown {
  if (value instanceof Error)
    return { code: (value as { code?: string }).code, statusCode: (value as { statusCode?: number }).statusCode };
  if (Array.isArray(value)) return value.map((v) => normalise(v));
  if (value && typeof value === 'object') {
    if (value instanceof MediaStream || value instanceof MediaStreamTrack) return `<${value.constructor.name}>`;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, normalise(v, k)]),
    );
  }
  if (['jwt', 'bearerToken'].includes(key) && typeof value === 'string') return '<token>';
  if (['startedAt', 'downtimeMs', 'expires', 'time'].includes(key) && typeof value === 'number') return '<number>';
  return value;
}

/** A short, comparable line per event. */
function line(name: ConnectorEventName, payload: unknown): string {
  const p = payload as Record<string, unknown>;
  switch (name) {
    case 'connection:state':
    case 'call:state':
    case 'presentation:state':
      return `${name} ${String(p.state)}`;
    case 'connection:connecting':
    case 'connection:connected':
    case 'connection:registered':
    case 'connection:unregistered':
      return name;
    case 'connection:disconnected':
      return p.error ? `${name} ${String((p.error as { code: string }).code)}` : name;
    case 'connection:failed':
      return `${name} ${String((p.error as { code: string }).code)}`;
    case 'call:started':
    case 'call:accepted':
    case 'call:confirmed':
      return `${name} ${String((p.call as { direction: string }).direction)}`;
    case 'call:ended':
      return `${name} ${String(p.originator)} ${String(p.cause)}${p.statusCode ? ` ${String(p.statusCode)}` : ''}`;
    case 'call:failed':
      return `${name} ${String(p.originator)} ${String(p.cause)} ${String(p.statusCode)} ${String((p.error as { code: string }).code)}`;
    case 'incoming-call:ringing':
    case 'incoming-call:answered':
    case 'incoming-call:terminated':
      return `${name} ${String((p.caller as { user: string }).user)}`;
    case 'conference:changed': {
      // What changed in the snapshot, with the new values: the whole snapshot's history is in the record.
      const next = p.snapshot as Record<string, unknown>;
      const previous = p.previous as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(next), ...Object.keys(previous)])].filter(
        (k) => JSON.stringify(next[k]) !== JSON.stringify(previous[k]),
      );
      return `${name} ${JSON.stringify(normalise(Object.fromEntries(keys.map((k) => [k, next[k] ?? null]))))}`;
    }
    case 'conference:room-changed':
      return `${name} ${String((p.room as { status: string }).status)}`;
    case 'conference:role-changed':
      return `${name} ${String((p.role as { type: string }).type)}`;
    case 'conference:recv-session':
      return `${name} ${String(p.state)}`;
    case 'call:reconnecting':
    case 'call:media-problem':
    case 'presentation:end':
    case 'presentation:ended':
    case 'presentation:failed':
      return `${name} ${String(p.reason)}`;
    case 'auto-connect:reconnecting':
      return `${name} ${String(p.reason)} #${String(p.attempt)} +${String(p.delayMs)}ms`;
    case 'auto-connect:attempt-failed':
      return `${name} #${String(p.attempt)} ${String((p.error as { code: string }).code)}`;
    case 'auto-connect:gave-up':
      return `${name} after ${String(p.attempts)} ${String((p.error as { code: string }).code)}`;
    case 'call:resumed':
    case 'call:media-recovered':
    case 'auto-connect:reconnected':
    case 'presentation:start':
    case 'presentation:started':
      return name;
    default:
      return `${name} ${JSON.stringify(normalise(payload))}`;
  }
}

class Recorder {
  readonly lines: string[] = [];
  readonly #offs: Array<() => void> = [];

  constructor(c: VinteoConnectorApi, names: ConnectorEventName[], seenApi: Set<string>) {
    for (const name of new Set(names)) {
      this.#offs.push(
        c.on(name, (payload: unknown) => {
          if (name.startsWith('api:')) seenApi.add(name);
          this.lines.push(line(name, payload));
        }),
      );
    }
  }

  /** Forgets what was recorded so far. */
  clear(): void {
    this.lines.length = 0;
  }
  has(prefix: string): boolean {
    return this.lines.some((l) => l.startsWith(prefix));
  }
  count(prefix: string): number {
    return this.lines.filter((l) => l.startsWith(prefix)).length;
  }
  stop(): void {
    this.#offs.splice(0).forEach((off) => off());
  }
}

/** The room of a registered participant (or an admitted guest) in conference `number`, as a record line has it. */
function inRoomState(number: string, name: string): string {
  return JSON.stringify({
    status: 'in-room',
    hasToken: true,
    isDirectPeerToPeer: false,
    number,
    room: number,
    participantName: name,
    tokenConference: number,
    startedAt: '<number>',
  });
}

/** The snapshot without what differs by nature (times). */
function conferenceOf(c: VinteoConnectorApi): unknown {
  return normalise(c.conference as ConferenceSnapshot);
}

export function connectorContractSuite(h: ContractHarness): void {
  describe(`connector contract: ${h.name}`, function () {
    this.timeout(h.timeoutMs);
    const connectors: VinteoConnectorApi[] = [];
    const streams: MediaStream[] = [];
    const recorders: Recorder[] = [];
    const seenApi = new Set<string>();

    afterEach(async () => {
      recorders.splice(0).forEach((r) => r.stop());
      await Promise.all(connectors.splice(0).map((c) => c.dispose()));
      streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
      await h.reset();
    });

    after(() => {
      const missing = API_NAMES.filter((name) => !seenApi.has(name));
      expect(missing, `api:* events no contract test made happen: ${missing.join(', ')}`).to.deep.equal([]);
    });

    const until = (check: () => boolean, what: string, timeoutMs = 8000) => waitUntil(check, what, timeoutMs, 20);

    function record(c: VinteoConnectorApi, names: ConnectorEventName[]): Recorder {
      const r = new Recorder(c, names, seenApi);
      recorders.push(r);
      return r;
    }

    async function connected(account: Account = { register: false, displayName: 'Ann' }): Promise<VinteoConnectorApi> {
      const c = h.create();
      connectors.push(c);
      await c.connect(h.config(account));
      return c;
    }

    async function media(): Promise<MediaStream> {
      const stream = await h.media();
      streams.push(stream);
      return stream;
    }

    /** A call to `target`, waited until confirmed. */
    async function inCall(c: VinteoConnectorApi, target: string, options: CallOptions = {}): Promise<void> {
      const confirmed = c.wait('call:confirmed', 10_000);
      await c.startCall(target, { ...options, mediaStream: await media() });
      await confirmed;
    }

    /** A registered user (alice) in conference `n`, in the room with a token and the licence. */
    async function inRoom(
      n: number,
      names: ConnectorEventName[] = CONFERENCE,
    ): Promise<{ c: VinteoConnectorApi; r: Recorder }> {
      const c = await connected({ register: true, displayName: 'Alice Smith' });
      const r = record(c, names);
      await inCall(c, h.targets.conference(n));
      await until(() => r.has('api:use-license'), 'the licence after joining');
      return { c, r };
    }

    /** A guest in conference `n`'s waiting room. */
    async function inWaitingRoom(n: number): Promise<{ c: VinteoConnectorApi; r: Recorder }> {
      const c = await connected({ register: false, displayName: 'Ann' });
      const r = record(c, CONFERENCE);
      await inCall(c, h.targets.conference(n));
      await until(() => r.has('api:use-license'), 'the licence in the waiting room');
      return { c, r };
    }

    // ───────────── connection ─────────────

    describe('connection', () => {
      it('a guest connects (connecting → connected) and disconnects (disconnecting → disconnected), in this order', async () => {
        const c = h.create();
        connectors.push(c);
        const r = record(c, CONNECTION);
        await c.connect(h.config({ register: false, displayName: 'Ann' }));
        expect(c.connectionState).to.equal('connected');
        expect(r.lines).to.deep.equal([
          'connection:state connecting',
          'connection:connecting',
          'connection:state connected',
          'connection:connected',
        ]);
        r.clear();
        await c.disconnect();
        expect(c.connectionState).to.equal('disconnected');
        expect(r.lines).to.deep.equal([
          'connection:state disconnecting',
          'connection:state disconnected',
          'connection:disconnected',
        ]);
      });

      it('a registered user goes connecting → connected → registered; unregister → connected', async () => {
        const c = h.create();
        connectors.push(c);
        const r = record(c, CONNECTION);
        await c.connect(h.config({ register: true, displayName: 'Alice' }));
        expect(c.connectionState).to.equal('registered');
        expect(r.lines).to.deep.equal([
          'connection:state connecting',
          'connection:connecting',
          'connection:state connected',
          'connection:connected',
          'connection:state registered',
          'connection:registered',
        ]);
        r.clear();
        await c.unregister();
        expect(c.connectionState).to.equal('connected');
        expect(r.lines).to.deep.equal(['connection:state connected', 'connection:unregistered']);
      });

      it('refused credentials: connect() rejects with authentication-failed, connection:failed, disconnected', async () => {
        const c = h.create();
        connectors.push(c);
        const r = record(c, CONNECTION);
        const config = await h.server.refuseNextLogin(c);
        const code = await c.connect(config).then(
          () => 'resolved',
          (e: { code: string }) => e.code,
        );
        expect(code).to.equal('authentication-failed');
        expect(c.connectionState).to.equal('disconnected');
        // The transport comes up, then REGISTER is refused.
        expect(r.lines).to.deep.equal([
          'connection:state connecting',
          'connection:connecting',
          'connection:state connected',
          'connection:connected',
          'connection:state disconnected',
          'connection:failed authentication-failed',
        ]);
      });
    });

    // ───────────── calls ─────────────

    describe('calls', () => {
      it('an outgoing call: calling → active with started, confirmed, accepted; the far end hangs up', async () => {
        const c = await connected();
        const r = record(c, CALL);
        await inCall(c, h.targets.echo);
        expect(c.callState).to.equal('active');
        expect(c.call).to.include({ direction: 'outgoing', target: h.targets.echo });
        expect(c.call?.startedAt).to.be.a('number');
        // docs/protocol.md "Lifecycle": the 2xx (accepted) before the call is confirmed.
        expect(r.lines).to.deep.equal([
          'call:state calling',
          'call:started outgoing',
          'call:accepted outgoing',
          'call:state active',
          'call:confirmed outgoing',
        ]);
        r.clear();
        await h.server.hangUp(c);
        await until(() => r.has('call:ended'), 'call:ended');
        expect(r.lines).to.deep.equal(['call:state ending', 'call:state idle', 'call:ended remote hangup']);
        expect([c.callState, c.call, c.localStream]).to.deep.equal(['idle', undefined, undefined]);
      });

      it('we hang up: ending → idle, call:ended {local, hangup}; hanging up a ringing outgoing call cancels it', async () => {
        const c = await connected();
        const r = record(c, CALL);
        await inCall(c, h.targets.echo);
        r.clear();
        await c.hangUp();
        await until(() => r.has('call:ended'), 'call:ended');
        expect(r.lines).to.deep.equal(['call:state ending', 'call:state idle', 'call:ended local hangup']);
        r.clear();
        // Not asserted here: the real startCall() settles with the answer (rejects `canceled` here); the fake's at once.
        const placing = c.startCall(h.targets.noAnswer, { mediaStream: await media() }).catch(() => undefined);
        await until(() => r.has('call:started'), 'the call to ring');
        await c.hangUp();
        await placing;
        await until(() => r.has('call:ended'), 'call:ended after the cancel');
        expect(r.lines).to.deep.equal([
          'call:state calling',
          'call:started outgoing',
          'call:state ending',
          'call:state idle',
          'call:ended local canceled',
        ]);
      });

      it('refused calls fail with their cause, status and typed error: busy 486, not found 404, declined 603', async () => {
        const c = await connected();
        const r = record(c, ['call:failed', 'call:ended']);
        for (const target of [h.targets.busy, h.targets.notFound, h.targets.decline]) {
          const failed = c.wait('call:failed', 10_000);
          await c.startCall(target, { mediaStream: await media() }).catch(() => undefined);
          await failed;
          await until(() => c.callState === 'idle', 'idle after the failure');
        }
        expect(r.lines).to.deep.equal([
          'call:failed remote busy 486 busy',
          'call:failed remote not-found 404 not-found',
          'call:failed remote rejected 603 rejected',
        ]);
      });

      it('an incoming call rings, is answered (answering → active) and ended by us; one cancelled by the caller', async () => {
        const c = await connected({ register: true, displayName: 'Alice' });
        const r = record(c, [...CALL, 'conference:room-changed']);
        await h.server.callUser(c, 'bob');
        await until(() => r.has('incoming-call:ringing'), 'ringing');
        expect(c.incomingCaller?.user).to.equal('bob');
        const confirmed = c.wait('call:confirmed', 10_000);
        await c.answer({ mediaStream: await media() });
        await confirmed;
        expect(c.call).to.include({ direction: 'incoming', target: 'bob' });
        await c.hangUp();
        await until(() => r.has('call:ended'), 'call:ended');
        expect(r.lines).to.deep.equal([
          'call:state ringing',
          'incoming-call:ringing bob',
          'call:state answering',
          'conference:room-changed connecting',
          'incoming-call:answered bob',
          'call:state active',
          'call:confirmed incoming',
          'conference:room-changed disconnecting',
          'call:state ending',
          'call:state idle',
          'conference:room-changed idle',
          'call:ended local hangup',
        ]);
        r.clear();
        await h.server.callUser(c, 'carol');
        await until(() => r.has('incoming-call:ringing'), 'ringing again');
        await h.server.cancelCall(c);
        await until(() => r.has('incoming-call:terminated'), 'the caller to give up');
        expect(r.lines).to.deep.equal([
          'call:state ringing',
          'incoming-call:ringing carol',
          'call:state idle',
          'incoming-call:terminated carol',
        ]);
        expect(c.incomingCaller).to.equal(undefined);
      });

      it('mute and camera: state and call:media-state follow each command', async () => {
        const c = await connected();
        await inCall(c, h.targets.echo);
        const r = record(c, ['call:media-state']);
        expect([c.micEnabled, c.cameraEnabled]).to.deep.equal([true, true]);
        c.setMicEnabled(false);
        c.setCameraEnabled(false);
        expect([c.micEnabled, c.cameraEnabled]).to.deep.equal([false, false]);
        c.setMicEnabled(true);
        expect(r.lines).to.deep.equal([
          'call:media-state {"micEnabled":false,"cameraEnabled":true}',
          'call:media-state {"micEnabled":false,"cameraEnabled":false}',
          'call:media-state {"micEnabled":true,"cameraEnabled":false}',
        ]);
        const audio = c.localStream?.getAudioTracks()[0];
        const video = c.localStream?.getVideoTracks()[0];
        expect([audio?.enabled, video?.enabled]).to.deep.equal([true, false]);
      });

      it('DTMF both ways: api:new-dtmf, then call:dtmf', async () => {
        const c = await connected();
        await inCall(c, h.targets.echo);
        const r = record(c, ['call:dtmf', 'api:new-dtmf']);
        await c.sendDtmf('5', { duration: 100, gap: 50 });
        await h.server.sendInfo(c, 'application/dtmf-relay', {}, 'Signal=7\r\nDuration=160\r\n');
        await until(() => r.count('call:dtmf') === 2, 'both tones');
        expect(r.lines).to.deep.equal([
          'api:new-dtmf {"tone":"5","originator":"local"}',
          'call:dtmf {"tone":"5","duration":100,"originator":"local"}',
          'api:new-dtmf {"tone":"7","originator":"remote"}',
          'call:dtmf {"tone":"7","duration":160,"originator":"remote"}',
        ]);
      });
    });

    // ───────────── conference ─────────────

    describe('conference', () => {
      it('a registered user joins: connecting, in-room with a token, the licence; hang-up: disconnecting, idle', async () => {
        const c = await connected({ register: true, displayName: 'Alice Smith' });
        const r = record(c, ['call:state', 'call:started', 'call:confirmed', 'call:ended', ...CONFERENCE]);
        const number = h.targets.conference(1);
        await inCall(c, number);
        await until(() => r.has('api:use-license'), 'the licence');
        expect(r.lines).to.deep.equal([
          'call:state calling',
          'conference:room-changed connecting',
          `conference:changed {"room":{"status":"connecting","hasToken":false,"isDirectPeerToPeer":false,"number":"${number}"}}`,
          'call:started outgoing',
          'call:state active',
          'call:confirmed outgoing',
          'conference:room-changed in-room',
          // The room keeps our own name as typed; api:enter-room has it as the server sent it.
          `conference:changed {"room":${inRoomState(number, 'Alice Smith')}}`,
          `api:enter-room {"room":"${number}","participantName":"Alice_Smith","bearerToken":"<token>"}`,
          'conference:changed {"license":"VIDEO"}',
          'api:use-license {"license":"VIDEO"}',
        ]);
        expect(conferenceOf(c)).to.deep.equal({
          room: {
            status: 'in-room',
            hasToken: true,
            isDirectPeerToPeer: false,
            number,
            room: number,
            participantName: 'Alice Smith',
            tokenConference: number,
            startedAt: '<number>',
          },
          role: { type: 'participant' },
          syncForced: false,
          content: { available: false },
          recvSession: 'none',
          recvQuality: 'auto',
          moderator: false,
          license: 'VIDEO',
        });
        expect(c.bearerToken).to.be.a('string').and.not.empty;
        r.clear();
        await c.hangUp();
        await until(() => r.has('call:ended'), 'call:ended');
        expect(r.lines).to.deep.equal([
          'conference:room-changed disconnecting',
          `conference:changed {"room":${inRoomState(number, 'Alice Smith').replace('in-room', 'disconnecting')}}`,
          'call:state ending',
          'call:state idle',
          'conference:room-changed idle',
          'conference:changed {"room":{"status":"idle","hasToken":false,"isDirectPeerToPeer":false},"license":null}',
          'call:ended local hangup',
        ]);
        expect(conferenceOf(c)).to.deep.equal({
          room: { status: 'idle', hasToken: false, isDirectPeerToPeer: false },
          role: { type: 'participant' },
          syncForced: false,
          content: { available: false },
          recvSession: 'none',
          recvQuality: 'auto',
          moderator: false,
        });
        expect(c.bearerToken).to.equal(undefined);
      });

      it('a presentation-only call: connecting, then presentation-call once confirmed; no enter-room, no licence', async () => {
        const c = await connected({ register: true, displayName: 'Alice' });
        const r = record(c, ['call:confirmed', ...CONFERENCE]);
        const number = h.targets.conference(10);
        const confirmed = c.wait('call:confirmed', 10_000);
        await c.startCall(number, { mediaStream: new MediaStream([h.presentationTrack()]), presentationCall: true });
        await confirmed;
        await until(() => c.conference.room.status === 'presentation-call', 'presentation-call');
        expect(r.lines).to.deep.equal([
          'conference:room-changed connecting',
          `conference:changed {"room":{"status":"connecting","hasToken":false,"isDirectPeerToPeer":false,"number":"${number}"}}`,
          'conference:room-changed presentation-call',
          `conference:changed {"room":{"status":"presentation-call","hasToken":false,"isDirectPeerToPeer":false,"number":"${number}"}}`,
          'call:confirmed outgoing',
        ]);
        await c.hangUp();
      });

      it('a guest waits in the waiting room, is admitted, then a fresh token is issued', async () => {
        const { c, r } = await inWaitingRoom(2);
        const number = h.targets.conference(2);
        expect(r.lines).to.deep.equal([
          'conference:room-changed connecting',
          `conference:changed {"room":{"status":"connecting","hasToken":false,"isDirectPeerToPeer":false,"number":"${number}"}}`,
          'conference:room-changed purgatory',
          `conference:changed {"room":{"status":"purgatory","hasToken":false,"isDirectPeerToPeer":false,"number":"${number}","room":"purgatory","participantName":"Ann","startedAt":"<number>"}}`,
          'api:enter-room {"room":"purgatory","participantName":"Ann"}',
          'conference:changed {"license":"VIDEO"}',
          'api:use-license {"license":"VIDEO"}',
        ]);
        expect(c.conference.room).to.deep.include({ status: 'purgatory', hasToken: false });
        r.clear();
        await h.server.admit(c);
        await until(() => r.has('api:enter-room'), 'enter-room after admission');
        expect(r.lines).to.deep.equal([
          'conference:room-changed in-room',
          `conference:changed {"room":${inRoomState(number, 'Ann')}}`,
          `api:enter-room {"room":"${number}","participantName":"Ann","bearerToken":"<token>"}`,
        ]);
        const admitted = c.bearerToken;
        r.clear();
        await h.server.issueToken(c);
        await until(() => r.has('api:conference:participant-token-issued'), 'the token');
        expect(r.lines).to.deep.equal([
          `api:conference:participant-token-issued {"conference":"${number}","participant":"Ann","jwt":"<token>"}`,
        ]);
        expect(c.bearerToken).to.be.a('string').and.not.equal(admitted);
        expect(c.conference.room).to.deep.include({
          status: 'in-room',
          tokenConference: number,
          hasToken: true,
          participantName: 'Ann',
        });
      });

      it('roles: spectator (synthetic, with an audio id), participant again: the role, then the api:participant:* events in order', async () => {
        // In the waiting room (no token), so the audio id opens no receive-only session on either connector.
        const { c, r } = await inWaitingRoom(3);
        r.clear();
        // Each role change and its events come from one INFO, in one turn: once the role shows, its events are out.
        await h.server.setRole(c, { role: 'spectator', spectatorMode: 1 });
        await until(() => c.conference.role.type === 'spectator', 'the synthetic spectator role');
        expect(c.conference.role).to.deep.equal({ type: 'spectator', canSendMedia: true, mode: 'by-camera' });
        await h.server.setRole(c, { role: 'spectator', audioId: 'A7', spectatorMode: 2 });
        await until(
          () => c.conference.role.type === 'spectator' && c.conference.role.audioId === 'A7',
          'the audio-id spectator role',
        );
        expect(c.conference.role).to.deep.equal({
          type: 'spectator',
          canSendMedia: false,
          audioId: 'A7',
          mode: 'forced',
        });
        await h.server.setRole(c, { role: 'participant' });
        await until(() => c.conference.role.type === 'participant', 'the participant role again');
        expect(r.lines).to.deep.equal([
          'conference:role-changed spectator',
          'conference:changed {"role":{"type":"spectator","canSendMedia":true,"mode":"by-camera"}}',
          'api:participant:move-request-to-spectators-synthetic {"canSendMedia":true,"mode":"by-camera"}',
          'api:participant:move-request-to-spectators {"canSendMedia":true,"synthetic":true,"mode":"by-camera"}',
          'conference:role-changed spectator',
          'conference:changed {"role":{"type":"spectator","canSendMedia":false,"audioId":"A7","mode":"forced"}}',
          'api:participant:move-request-to-spectators-with-audio-id {"canSendMedia":false,"audioId":"A7","mode":"forced"}',
          'api:participant:move-request-to-spectators {"canSendMedia":false,"synthetic":false,"audioId":"A7","mode":"forced"}',
          'conference:role-changed participant',
          'conference:changed {"role":{"type":"participant"}}',
          'api:participant:move-request-to-participants {}',
        ]);
        expect(c.conference.role).to.deep.equal({ type: 'participant' });
        expect(c.conference.recvSession).to.equal('none');
      });

      it('admin media commands: api:admin:*, then conference:admin-request; syncForced follows; main-camera control', async () => {
        const { c, r } = await inRoom(4);
        r.clear();
        const steps: Array<[ConnectorEventName, () => Promise<void>]> = [
          ['api:admin:stop-main-cam', () => h.server.adminMedia(c, { device: 'camera', action: 'stop', forced: true })],
          [
            'api:admin:start-main-cam',
            () => h.server.adminMedia(c, { device: 'camera', action: 'start', forced: false }),
          ],
          ['api:admin:stop-mic', () => h.server.adminMedia(c, { device: 'mic', action: 'stop', forced: true })],
          ['api:admin:start-mic', () => h.server.adminMedia(c, { device: 'mic', action: 'start', forced: true })],
          [
            'api:main-cam-control',
            () =>
              h.server.sendInfo(c, 'application/vinteo.webrtc.maincam', {
                'x-webrtc-maincam': 'PAUSEMAINCAM',
                'x-webrtc-sync': '0',
              }),
          ],
          [
            'api:main-cam-control',
            () =>
              h.server.sendInfo(c, 'application/vinteo.webrtc.maincam', {
                'x-webrtc-maincam': 'MAXMAINCAMRESOLUTION',
                'x-webrtc-maincam-resolution': '640x360',
              }),
          ],
        ];
        const syncs: boolean[] = [];
        for (const [i, [name, step]] of steps.entries()) {
          await step();
          await until(() => r.count(name) === (i === 5 ? 2 : 1), name);
          syncs.push(c.conference.syncForced);
        }
        expect(r.lines).to.deep.equal([
          'conference:changed {"syncForced":true}',
          'api:admin:stop-main-cam {"syncForced":true}',
          'conference:admin-request {"device":"camera","action":"stop","syncForced":true}',
          'conference:changed {"syncForced":false}',
          'api:admin:start-main-cam {"syncForced":false}',
          'conference:admin-request {"device":"camera","action":"start","syncForced":false}',
          'conference:changed {"syncForced":true}',
          'api:admin:stop-mic {"syncForced":true}',
          'conference:admin-request {"device":"mic","action":"stop","syncForced":true}',
          'api:admin:start-mic {"syncForced":true}',
          'conference:admin-request {"device":"mic","action":"start","syncForced":true}',
          'conference:changed {"syncForced":false}',
          'api:admin:force-sync-media-state {"syncForced":false}',
          'api:main-cam-control {"mainCam":"PAUSEMAINCAM"}',
          'api:main-cam-control {"mainCam":"MAXMAINCAMRESOLUTION","resolution":{"width":640,"height":360}}',
        ]);
        expect(syncs).to.deep.equal([true, false, true, true, false, false]);
      });

      it('licence, content, must-stop, channels and restart INFOs: the snapshot first, then the api:* event', async () => {
        const { c, r } = await inRoom(5);
        const number = h.targets.conference(5);
        r.clear();
        const share = (state: string, extra: Record<string, string> = {}) =>
          h.server.sendInfo(c, 'application/vinteo.webrtc.sharedesktop', { 'x-webrtc-share-state': state, ...extra });
        await h.server.setLicense(c, 'AUDIOPLUSPRESENTATION');
        await until(() => c.conference.license === 'AUDIOPLUSPRESENTATION', 'the new licence');
        await share('YOUCANRECEIVECONTENT', { 'x-webrtc-share-codec': 'vp8' });
        await until(() => c.conference.content.available, 'content available');
        expect(c.conference.content).to.deep.equal({ available: true, codec: 'VP8' });
        await share('CONTENTEND');
        await share('YOUMUSTSTOPSENDCONTENT');
        await h.server.sendInfo(c, 'application/vinteo.webrtc.roomname', {
          'x-webrtc-enter-room': number,
          'x-webrtc-participant-name': 'Alice_Smith',
          'x-webrtc-input-channels': '0,1',
          'x-webrtc-output-channels': '1',
        });
        await h.server.restart(c, { audioTrackCount: 1, videoTrackCount: 1, direction: 'SENDRECV' });
        await until(() => r.has('api:restart'), 'api:restart');
        expect(r.lines).to.deep.equal([
          'conference:changed {"license":"AUDIOPLUSPRESENTATION"}',
          'api:use-license {"license":"AUDIOPLUSPRESENTATION"}',
          'conference:changed {"content":{"available":true,"codec":"VP8"}}',
          'api:contented-stream:available {"codec":"VP8"}',
          'conference:changed {"content":{"available":false}}',
          'api:contented-stream:not-available {}',
          'api:presentation:must-stop {}',
          `api:enter-room {"room":"${number}","participantName":"Alice_Smith"}`,
          'api:channels:all {"inputChannels":"0,1","outputChannels":"1"}',
          'api:restart {"tracksDirection":"SENDRECV","audioTrackCount":1,"videoTrackCount":1}',
        ]);
        expect(conferenceOf(c)).to.deep.include({ license: 'AUDIOPLUSPRESENTATION', content: { available: false } });
        expect(c.conference.room).to.deep.include({ status: 'in-room', room: number, hasToken: true });
      });

      it('every notification, out of dialog and in a notify INFO: its api:* event; moderators in the snapshot', async () => {
        const { c, r } = await inRoom(6);
        const conference = h.targets.conference(6);
        const notifications: object[] = [
          { cmd: 'WebcastStarted', body: { conference, type: 'hls' } },
          { cmd: 'WebcastStopped', body: { conference, type: 'hls' } },
          { cmd: 'addedToListModerators', conference },
          { cmd: 'ParticipationRequestAccepted', body: { conference } },
          { cmd: 'ParticipationRequestRejected', body: { conference } },
          { cmd: 'ParticipantMovedToWebcast', body: { conference } },
          { cmd: 'channels', input: '0', output: '0,1' },
          { cmd: 'accountChanged' },
          { cmd: 'accountDeleted' },
          { cmd: 'removedFromListModerators', conference },
        ];
        r.clear();
        const moderator: boolean[] = [];
        for (const [i, notify] of notifications.entries()) {
          if (i % 2) await h.server.sendNotify(c, notify);
          else
            await h.server.sendInfo(c, 'application/vinteo.webrtc.notify', {
              'x-vinteo-notify': JSON.stringify(notify),
            });
          await until(() => r.count('api:') === i + 1, `the event of ${JSON.stringify(notify)}`);
          moderator.push(c.conference.moderator);
        }
        const ref = JSON.stringify({ conference });
        expect(r.lines).to.deep.equal([
          `api:webcast:started {"conference":"${conference}","type":"hls"}`,
          `api:webcast:stopped {"conference":"${conference}","type":"hls"}`,
          'conference:changed {"moderator":true}',
          `api:participant:added-to-list-moderators ${ref}`,
          `api:participation:accepting-word-request ${ref}`,
          `api:participation:cancelling-word-request ${ref}`,
          `api:participant:move-request-to-stream ${ref}`,
          'api:channels:notify {"inputChannels":"0","outputChannels":"0,1"}',
          'api:account:changed {}',
          'api:account:deleted {}',
          'conference:changed {"moderator":false}',
          `api:participant:removed-from-list-moderators ${ref}`,
        ]);
        expect(moderator).to.deep.equal([false, false, true, true, true, true, true, true, true, false]);
      });

      it('a direct peer-to-peer call whose room INFO is refused: api:failed-send-room-direct-p2p, the call stays up', async () => {
        const c = await connected({ register: true, displayName: 'Carol' });
        const r = record(c, CONFERENCE);
        await h.server.refuseRoomInfo(c, 488);
        await c.startCall(h.targets.conference(7), { mediaStream: await media(), directPeerToPeer: true });
        await until(() => r.has('api:failed-send-room-direct-p2p'), 'the refused room INFO');
        expect(r.lines.filter((l) => l.startsWith('api:failed'))).to.deep.equal([
          'api:failed-send-room-direct-p2p {"error":{"code":"info-rejected","statusCode":488}}',
        ]);
        expect(c.callState).to.equal('active');
      });
    });

    // ───────────── presentation ─────────────

    describe('presentation', () => {
      it('we present and stop; the server makes us stop: the same states and events in the same order', async () => {
        const { c } = await inRoom(8);
        const r = record(c, PRESENTATION);
        await c.startPresentation(h.presentationTrack());
        expect(c.presentation.state).to.equal('active');
        expect(r.lines).to.deep.equal([
          'presentation:state starting',
          'presentation:start',
          'presentation:state active',
          'presentation:started',
        ]);
        r.clear();
        await c.stopPresentation();
        expect(r.lines).to.deep.equal([
          'presentation:state stopping',
          'presentation:end local',
          'presentation:state idle',
          'presentation:ended local',
        ]);
        expect(c.presentation).to.deep.include({ state: 'idle', lastStopReason: 'local' });
        r.clear();
        await c.startPresentation(h.presentationTrack());
        r.clear();
        await h.server.stopPresentation(c);
        await until(() => r.has('presentation:ended'), 'the server stop');
        expect(r.lines).to.deep.equal([
          'presentation:state stopping',
          'presentation:end server',
          'presentation:state idle',
          'presentation:ended server',
        ]);
        expect(c.presentation).to.deep.include({ state: 'idle', lastStopReason: 'server' });
      });

      it('a refused presentation (403): presentation:failed refused, presentation-refused', async () => {
        const { c } = await inRoom(9);
        const r = record(c, PRESENTATION);
        await h.server.refusePresentation(c);
        const code = await c.startPresentation(h.presentationTrack()).then(
          () => 'resolved',
          (e: { code: string }) => e.code,
        );
        expect(code).to.equal('presentation-refused');
        expect(r.lines).to.deep.equal([
          'presentation:state starting',
          'presentation:state idle',
          'presentation:failed refused',
        ]);
      });
    });

    // ───────────── reconnection ─────────────

    describe('main-stream health', () => {
      it('the main video stops while audio flows: one problem after 3 samples, resolved once the re-INVITE restarts it', async () => {
        const { c } = await inRoom(11);
        const r = record(c, HEALTH);
        await h.server.stopMainVideo(c);
        await until(() => r.has('main-stream-health:inbound-video-problem-resolved'), 'the problem resolved', 20_000);
        expect(r.lines).to.deep.equal([
          'main-stream-health:inbound-video-problem-detected {"reason":"inbound-video-stalled","consecutiveSamples":3}',
          'main-stream-health:inbound-video-problem-resolved {"reason":"inbound-video-stalled"}',
        ]);
      });
    });

    describe('reconnection', () => {
      it('a transport loss mid-call and its recovery: reconnecting, the call kept, then resumed', async () => {
        const c = await connected();
        await inCall(c, h.targets.echo);
        const r = record(c, RECONNECT);
        await h.server.dropConnection(c);
        await until(() => r.has('call:resumed'), 'call:resumed', 20_000);
        expect(r.lines).to.deep.equal([
          'connection:state reconnecting',
          'call:reconnecting transport',
          'auto-connect:reconnecting transport-closed #1 +0ms',
          'connection:state connected',
          'connection:connected',
          'auto-connect:reconnected',
          'call:resumed',
        ]);
        expect([c.connectionState, c.callState, c.callReconnecting]).to.deep.equal(['connected', 'active', false]);
      });

      it('the server stays away and the policy gives up: attempts fail, gave-up, the call ends, disconnected', async () => {
        const policy: ReconnectPolicy = { nextRetryDelayMs: ({ attempt }) => (attempt <= 2 ? 150 : null) };
        const c = h.create();
        connectors.push(c);
        await c.connect({ ...h.config({ register: false, displayName: 'Ann' }), reconnectPolicy: policy });
        await inCall(c, h.targets.echo);
        const r = record(c, GIVING_UP);
        await h.server.goAway(c, policy);
        await until(() => r.has('connection:disconnected'), 'disconnected after giving up', 15_000);
        expect(r.lines).to.deep.equal([
          'connection:state reconnecting',
          'call:reconnecting transport',
          'auto-connect:reconnecting transport-closed #1 +150ms',
          'auto-connect:attempt-failed #1 network',
          'auto-connect:reconnecting transport-closed #2 +150ms',
          'auto-connect:attempt-failed #2 network',
          'auto-connect:gave-up after 2 network',
          'call:ended system connection-error',
          'connection:state disconnected',
          'connection:disconnected network',
        ]);
        expect([c.connectionState, c.callState, c.callReconnecting]).to.deep.equal(['disconnected', 'idle', false]);
      });

      it('the far end stops sending media, then sends again: media-problem, the call kept (media), recovered, resumed', async () => {
        const c = await connected();
        await inCall(c, h.targets.echo, { mediaProblemMs: 800, mediaTimeoutMs: 15_000 });
        const r = record(c, RECONNECT);
        await h.server.stopMedia(c, true);
        await until(() => r.has('call:reconnecting'), 'the media problem', 10_000);
        expect(c.callReconnecting).to.equal(true);
        await h.server.stopMedia(c, false);
        await until(() => r.has('call:resumed'), 'call:resumed', 10_000);
        expect(r.lines).to.deep.equal([
          'call:media-problem no-packets',
          'call:reconnecting media',
          'call:media-recovered',
          'call:resumed',
        ]);
        expect([c.callState, c.callReconnecting]).to.deep.equal(['active', false]);
      });
    });
  });
}
