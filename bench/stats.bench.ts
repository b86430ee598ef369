/**
 * What statistics cost the main thread, per minute of call, side by side in one run against the local server (each
 * variant its own call to an echoing conference, `SECONDS` long, scaled to a minute; Lit in production mode, see
 * wtr-bench.config.mjs):
 *
 *   bare sip.js call (no stats) · the same with one bare `pc.getStats()` a second, nothing read (the floor of any
 *   1 s collector) · the same with a reference-like loop (6 getStats per tick, flattened by type) ·
 *   VinteoConnector with no app consumer (its media health, key-frame watchdog, main-stream health and receive
 *   bandwidth report read the collector) · the same without its keep-alive probe and bandwidth report (what the SIP
 *   traffic it causes during a call costs) · `<vinteo-call>` alone (no stats consumer: what the call element costs by
 *   itself) · `<vinteo-call show-quality>` + `<vinteo-stats>` visible.
 *
 * Per variant: the page's CDP `ScriptDuration` and `TaskDuration` over the window (and the script minus the bare
 * call's), the SIP messages over the WebSocket, the getStats calls, and the median main-thread time of one stats tick
 * (the collector's processing of a report plus, with elements, the renders of `<vinteo-stats>` and `<vinteo-call>`
 * it caused). Plus the median cost of normalising one real report and judging it (no I/O).
 *
 *   flock /tmp/browser.lock env BENCH_FILES=bench/stats.bench.ts [BENCH_SECONDS=60] unshare -n sh -c 'ip link set lo up && npx wtr --config bench/wtr-bench.config.mjs'
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { Inviter, UserAgent, Web } from 'sip.js';
import '../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement } from '../components/index.js';
import { VinteoConnector } from '../src/connector.js';
import type { ConnectionConfig } from '../src/types.js';
import { StatsHub } from '../src/stats/stats-hub.js';
import { normalizeStats } from '../src/stats/normalize.js';
import { QualityTracker } from '../src/stats/quality.js';
import { fakeMedia, waitUntil } from '../test/support/media.js';
import { vinteoServer } from '../test/support/server.js';

const settings = await executeServerCommand<{ seconds?: number; parts?: string }, object>('bench-probe', {
  action: 'settings',
});
const SECONDS = settings?.seconds ?? 60;
/** BENCH_PARTS=1,4,6 runs only those variants (1 = the bare call, always run: the others are measured against it). */
const PARTS = (settings?.parts ?? '').split(',').filter(Boolean).map(Number);

/** What the current window counts. */
const counts = { getStats: 0, sip: 0 };
let counting = false;

/** Every peer connection of the page counts its getStats calls (sip.js's, the connector's, the elements'). */
const originalGetStats = RTCPeerConnection.prototype.getStats;
RTCPeerConnection.prototype.getStats = function (this: RTCPeerConnection, ...args: unknown[]) {
  if (counting) counts.getStats++;
  return (originalGetStats as (...a: unknown[]) => Promise<RTCStatsReport>).apply(this, args);
} as typeof RTCPeerConnection.prototype.getStats;

/** SIP messages both ways over any WebSocket of the page but the runner's own. */
const NativeWebSocket = WebSocket;
class CountedWebSocket extends NativeWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    if (this.protocol === 'sip' || String(protocols).includes('sip'))
      this.addEventListener('message', () => {
        if (counting) counts.sip++;
      });
  }
  override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (counting && typeof data === 'string' && /^(SIP\/2\.0|[A-Z]+ sip:)/.test(data)) counts.sip++;
    super.send(data);
  }
}
(globalThis as { WebSocket: typeof WebSocket }).WebSocket = CountedWebSocket as typeof WebSocket;

/** The connector's collectors (captured when they first follow a peer connection) and per-tick time of renders. */
const hubs: StatsHub[] = [];
const originalSourceChanged = StatsHub.prototype.sourceChanged;
StatsHub.prototype.sourceChanged = function (this: StatsHub) {
  if (!hubs.includes(this)) hubs.push(this);
  return originalSourceChanged.call(this);
};
/** Per element name, per collector tick: ms spent in its renders (`performUpdate`) after that tick. */
const renderMs = new Map<string, Map<number, number>>();
function timeRenders(name: string): void {
  const element = customElements.get(name) as CustomElementConstructor;
  const times = new Map<number, number>();
  renderMs.set(name, times);
  const proto = element.prototype as { performUpdate(): void };
  const original = proto.performUpdate;
  proto.performUpdate = function (this: unknown) {
    const t0 = performance.now();
    try {
      original.call(this);
    } finally {
      const tick = hubs[0]?.cost.ticks ?? -1;
      times.set(tick, (times.get(tick) ?? 0) + performance.now() - t0);
    }
  };
}
timeRenders('vinteo-stats');
timeRenders('vinteo-call');

interface Metrics {
  ScriptDuration: number;
  TaskDuration: number;
}

async function metrics(): Promise<Metrics> {
  const m = await executeServerCommand<Metrics, undefined>('bench-metrics');
  if (!m) throw new Error('bench-metrics gave nothing');
  return m;
}

interface Result {
  script: number;
  task: number;
  sip: number;
  getStats: number;
  /** Median ms of one tick: the collector's processing plus the `<vinteo-stats>` renders after it; and its mean. */
  tick?: number;
  tickMean?: number;
  /** Median ms per tick of `<vinteo-call>`'s renders (its own clock, its quality badge). */
  callRender?: number;
}

async function bareCall(server: { wsUrl: string; domain: string }, target: string) {
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:bench${target}@${server.domain}`),
    transportOptions: { server: server.wsUrl },
    logBuiltinEnabled: false,
    sessionDescriptionHandlerFactoryOptions: {
      peerConnectionConfiguration: { iceServers: [] },
      iceGatheringTimeout: 500,
    },
  });
  await ua.start();
  const inviter = new Inviter(ua, UserAgent.makeURI(`sip:${target}@${server.domain}`) as never, {
    sessionDescriptionHandlerOptions: { constraints: { audio: true, video: true } },
  });
  await inviter.invite();
  const pc = await waitUntil(
    () => (inviter.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)?.peerConnection,
    'a peer connection',
  );
  await waitUntil(() => pc.connectionState === 'connected', 'media connected', 10_000);
  return {
    pc,
    hangUp: async () => {
      await inviter.bye().catch(() => undefined);
      await ua.stop();
    },
  };
}

/** Every second one getStats whose report nobody reads. */
function bareLoop(pc: RTCPeerConnection): () => void {
  const timer = setInterval(() => void pc.getStats(), 1000);
  return () => clearInterval(timer);
}

/** A loop shaped like the reference SDK's: 6 getStats per tick in parallel, flattened by type, 1 s. */
function referenceLoop(pc: RTCPeerConnection): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    const senders = pc.getSenders();
    const receivers = pc.getReceivers();
    const [audioS, videoS] = [
      senders.find((s) => s.track?.kind === 'audio'),
      senders.find((s) => s.track?.kind === 'video'),
    ];
    const [audioR, videoR] = [
      receivers.find((r) => r.track.kind === 'audio'),
      receivers.find((r) => r.track.kind === 'video'),
    ];
    const objects = [audioS, videoS, videoS, audioR, videoR, videoR].filter(
      (o): o is RTCRtpSender | RTCRtpReceiver => o !== undefined,
    );
    const reports = await Promise.all(objects.map((o) => o.getStats()));
    const flat: Record<string, unknown> = {};
    for (const report of reports)
      report.forEach((s: { type: string }) => {
        flat[s.type] = s;
      });
    for (const r of [audioR, videoR]) flat.ssrc = r?.getSynchronizationSources()[0];
    if (!stopped) timer = setTimeout(() => void tick(), 1000);
  };
  timer = setTimeout(() => void tick(), 1000);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Per tick of the window: the collector's processing (its cost counter) plus `element`'s renders that followed. */
function tickTimes(hub: StatsHub | undefined, fromTick: number, element?: string, only = false): number[] {
  if (!hub) return [];
  const renders = element ? renderMs.get(element) : undefined;
  return hub.cost.recent.filter((t) => t.tick > fromTick).map((t) => (only ? 0 : t.ms) + (renders?.get(t.tick) ?? 0));
}

function mean(values: number[]): number | undefined {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}

async function measure(run: () => Promise<() => Promise<void>>): Promise<Result> {
  hubs.length = 0;
  for (const times of renderMs.values()) times.clear();
  const end = await run();
  await new Promise((resolve) => setTimeout(resolve, 3000)); // settle after setup, outside the window
  const fromTick = hubs[0]?.cost.ticks ?? 0;
  counts.getStats = counts.sip = 0;
  counting = true;
  const before = await metrics();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000)); // the measured window
  const after = await metrics();
  counting = false;
  const scale = (seconds: number) => (seconds * 1000 * 60) / SECONDS;
  const result: Result = {
    script: scale(after.ScriptDuration - before.ScriptDuration),
    task: scale(after.TaskDuration - before.TaskDuration),
    sip: (counts.sip * 60) / SECONDS,
    getStats: (counts.getStats * 60) / SECONDS,
    tick: median(tickTimes(hubs[0], fromTick, 'vinteo-stats')),
    tickMean: mean(tickTimes(hubs[0], fromTick, 'vinteo-stats')),
    callRender: renderMs.get('vinteo-call')?.size
      ? median(tickTimes(hubs[0], fromTick, 'vinteo-call', true))
      : undefined,
  };
  await end();
  await vinteoServer.reset();
  return result;
}

function tickCost(raw: RTCStatsReport): number {
  const times: number[] = [];
  const tracker = new QualityTracker();
  let previous = normalizeStats({ report: raw, roles: {}, at: 0, source: 'call' });
  for (let i = 1; i <= 200; i++) {
    const t0 = performance.now();
    previous = normalizeStats({ report: raw, roles: {}, previous, at: i * 1000, source: 'call' });
    tracker.update(previous);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[100];
}

type Server = { wsUrl: string; domain: string };

async function connectorCall(
  server: Server,
  stream: MediaStream,
  extra: Partial<ConnectionConfig> = {},
): Promise<() => Promise<void>> {
  const c = new VinteoConnector({ log: () => undefined });
  await c.connect({ server: server.wsUrl, domain: server.domain, displayName: 'Bench', ...extra });
  await c.startCall('4205', { mediaStream: stream.clone() });
  return async () => {
    await c.hangUp().catch(() => undefined);
    await c.dispose();
  };
}

/** `<vinteo-call>` (with `show-quality` and a `<vinteo-stats>` beside it when `stats`) in a visible `<vinteo-connector>`. */
async function elementCall(server: Server, target: string, stats: boolean): Promise<() => Promise<void>> {
  const host = document.createElement('vinteo-connector') as VinteoConnectorElement;
  host.setAttribute('server', server.wsUrl);
  host.setAttribute('domain', server.domain);
  host.setAttribute('display-name', 'Bench');
  host.setAttribute('auto-connect', '');
  const call = document.createElement('vinteo-call') as VinteoCallElement;
  call.setAttribute('target', target);
  if (stats) call.setAttribute('show-quality', '');
  host.append(call);
  if (stats) host.append(document.createElement('vinteo-stats'));
  document.body.append(host);
  await waitUntil(() => host.state === 'connected', 'the connector to connect', 15_000);
  await call.call();
  await waitUntil(() => call.state === 'active', 'an active call', 15_000);
  return async () => {
    await call.hangUp().catch(() => undefined);
    host.remove();
    await new Promise((resolve) => setTimeout(resolve, 500));
  };
}

describe('stats main-thread cost', function () {
  this.timeout(0);

  it('prints the cost per minute of call', async () => {
    const server = await vinteoServer.info();
    await vinteoServer.reset();
    const stream = await fakeMedia();
    const withLoop = (target: string, loop: (pc: RTCPeerConnection) => () => void) => async () => {
      const call = await bareCall(server, target);
      const stop = loop(call.pc);
      return async () => {
        stop();
        await call.hangUp();
      };
    };
    const variants: Array<[string, () => Promise<() => Promise<void>>]> = [
      [
        'bare sip.js call (no stats)',
        async () => {
          const call = await bareCall(server, '4200');
          return () => call.hangUp();
        },
      ],
      ['bare + 1 getStats/s, nothing read', withLoop('4201', bareLoop)],
      ['bare + reference-like loop (6 getStats/s)', withLoop('4203', referenceLoop)],
      ['ours, no app consumer', () => connectorCall(server, stream)],
      [
        'ours, no app consumer, no keep-alive, no bandwidth report',
        () => connectorCall(server, stream, { keepAliveIntervalMs: 0, bandwidthReport: false }),
      ],
      ['ours, <vinteo-call> alone', () => elementCall(server, '4207', false)],
      ['ours, <vinteo-call show-quality> + <vinteo-stats>', () => elementCall(server, '4208', true)],
    ];
    const results: Array<[string, Result]> = [];
    for (const [i, [name, run]] of variants.entries()) {
      if (i > 0 && PARTS.length && !PARTS.includes(i + 1)) continue;
      await executeServerCommand('bench-probe', { action: 'log', message: `stats bench: ${name} (${SECONDS} s)` });
      results.push([name, await measure(run)]);
    }
    const bare = results[0][1].script;
    const probe = await bareCall(server, '4204');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const normalise = tickCost(await probe.pc.getStats());
    await probe.hangUp();
    stream.getTracks().forEach((t) => t.stop());
    const ms = (value: number | undefined, digits = 1) => (value === undefined ? '–' : `${value.toFixed(digits)} ms`);
    await executeServerCommand('bench-report', {
      title: `Stats: main-thread time per minute of call (${SECONDS} s windows, scaled; Lit production; 2 cores shared; performance.now() has 0.1 ms steps here: medians are coarse, means are not); normalise + judge one real report (walking it): median ${normalise.toFixed(3)} ms`,
      rows: [
        [
          'variant',
          'Script/min',
          'minus bare',
          'Task/min',
          'tick median (mean)',
          '<vinteo-call> render/tick',
          'SIP msgs/min',
          'getStats/min',
        ],
        ...results.map(([name, r]) => [
          name,
          ms(r.script),
          ms(r.script - bare),
          ms(r.task),
          r.tick === undefined ? '–' : `${ms(r.tick, 2)} (${ms(r.tickMean, 3)})`,
          ms(r.callRender, 2),
          r.sip.toFixed(0),
          r.getStats.toFixed(0),
        ]),
      ],
    });
  });
});
