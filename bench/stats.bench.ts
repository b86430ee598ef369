/**
 * What statistics cost the main thread, per minute of call, side by side in one run against the local server (each
 * variant its own call to an echoing conference, `SECONDS` long, scaled to a minute):
 *
 *   bare sip.js call (no stats) · the same call with our StatsHub and no consumer · with one consumer ·
 *   the same call with a reference-like loop (6 getStats per tick, flattened by type, 1 s, slower after slow polls) ·
 *   VinteoConnector with no app consumer (its media health and key-frame watchdog read the collector) · with a
 *   `stats:collected` listener.
 *
 * Two figures per variant: the page's CDP `ScriptDuration` over the window minus the bare call's (everything the
 * variant adds to the main thread: noisy on a shared machine), and the time measured inside the stats code itself
 * with performance.now() (each getStats call's synchronous part, plus the processing of the resolved reports: the
 * hub's own `cost` counter, the reference loop's flattening; for the connector rows only the getStats calls). Plus the
 * median cost of normalising one real report and judging it (no I/O).
 *
 *   unshare -n sh -c 'ip link set lo up && BENCH_FILES=bench/stats.bench.ts BENCH_SECONDS=60 npx wtr --config bench/wtr-bench.config.mjs'
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { Inviter, UserAgent, Web } from 'sip.js';
import { VinteoConnector } from '../src/connector.js';
import { StatsHub } from '../src/stats/stats-hub.js';
import { normalizeStats } from '../src/stats/normalize.js';
import { QualityTracker } from '../src/stats/quality.js';
import { fakeMedia, waitUntil } from '../test/support/media.js';
import { vinteoServer } from '../test/support/server.js';

const settings = await executeServerCommand<{ seconds?: number }, object>('bench-probe', { action: 'settings' });
const SECONDS = settings?.seconds ?? 60;

/** Milliseconds measured inside stats code. */
const inside = { ms: 0, polls: 0 };

/** Times the synchronous part of a getStats call (what follows its resolution is timed by its caller). */
function timed<T>(call: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const pending = call();
  inside.ms += performance.now() - t0;
  inside.polls++;
  return pending;
}

function countedPc(config: RTCConfiguration): RTCPeerConnection {
  return counted(new RTCPeerConnection(config));
}

function counted(pc: RTCPeerConnection): RTCPeerConnection {
  const original = pc.getStats.bind(pc);
  pc.getStats = ((selector?: MediaStreamTrack | null) => timed(() => original(selector))) as typeof pc.getStats;
  return pc;
}

async function scriptSeconds(): Promise<number> {
  const metrics = await executeServerCommand<{ ScriptDuration: number }, undefined>('bench-metrics');
  if (!metrics) throw new Error('bench-metrics gave nothing');
  return metrics.ScriptDuration;
}

interface Call {
  pc: RTCPeerConnection;
  hangUp(): Promise<void>;
}

async function bareCall(server: { wsUrl: string; domain: string }, target: string): Promise<Call> {
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
  counted(pc);
  return {
    pc,
    hangUp: async () => {
      await inviter.bye().catch(() => undefined);
      await ua.stop();
    },
  };
}

/** A loop shaped like the reference SDK's: 6 getStats per tick in parallel, flattened by type, 1 s (2–4 s after slow polls). */
function referenceLoop(pc: RTCPeerConnection): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    const started = performance.now();
    const [audioS, videoS] = [
      pc.getSenders().find((s) => s.track?.kind === 'audio'),
      pc.getSenders().find((s) => s.track?.kind === 'video'),
    ];
    const [audioR, videoR] = [
      pc.getReceivers().find((r) => r.track.kind === 'audio'),
      pc.getReceivers().find((r) => r.track.kind === 'video'),
    ];
    const objects = [audioS, videoS, videoS, audioR, videoR, videoR].filter(
      (o): o is RTCRtpSender | RTCRtpReceiver => o !== undefined,
    );
    const reports = await Promise.all(objects.map((o) => timed(() => o.getStats())));
    const t0 = performance.now();
    const flat: Record<string, unknown> = {};
    for (const report of reports)
      report.forEach((s: { type: string }) => {
        flat[s.type] = s;
      });
    for (const r of [audioR, videoR]) flat.ssrc = r?.getSynchronizationSources()[0];
    inside.ms += performance.now() - t0;
    const took = performance.now() - started;
    if (!stopped) timer = setTimeout(() => void tick(), took > 48 ? 4000 : took > 32 ? 3000 : took > 16 ? 2000 : 1000);
  };
  timer = setTimeout(() => void tick(), 1000);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** Hub processing time so far, of the hub the current variant attached (if any). */
const hubs: Array<() => number> = [];

async function measure(
  run: () => Promise<() => Promise<void>>,
): Promise<{ script: number; inside: number; polls: number }> {
  hubs.length = 0;
  const end = await run();
  await new Promise((resolve) => setTimeout(resolve, 3000)); // settle after setup, outside the window
  inside.ms = 0;
  inside.polls = 0;
  const hubBefore = hubs[0]?.() ?? 0;
  const before = await scriptSeconds();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000)); // the measured window
  const script = (await scriptSeconds()) - before;
  const insideMs = inside.ms + ((hubs[0]?.() ?? 0) - hubBefore);
  const result = {
    script: (script * 1000 * 60) / SECONDS,
    inside: (insideMs * 60) / SECONDS,
    polls: (inside.polls * 60) / SECONDS,
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

describe('stats main-thread cost', function () {
  this.timeout(0);

  it('prints the cost per minute of call', async () => {
    const server = await vinteoServer.info();
    await vinteoServer.reset();
    const stream = await fakeMedia();
    const hubOn = (pc: RTCPeerConnection, consumer: boolean) => {
      const hub = new StatsHub({
        source: { active: () => ({ pc, source: 'call' }), roles: () => ({}), listening: () => false },
        log: () => undefined,
      });
      hub.sourceChanged();
      const off = consumer ? hub.watch() : () => undefined;
      const from = hub.cost.ms;
      hubs.push(() => hub.cost.ms - from);
      return () => {
        off();
        hub.dispose();
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
      [
        '+ our StatsHub, no consumer',
        async () => {
          const call = await bareCall(server, '4201');
          const stop = hubOn(call.pc, false);
          return async () => {
            stop();
            await call.hangUp();
          };
        },
      ],
      [
        '+ our StatsHub, one consumer',
        async () => {
          const call = await bareCall(server, '4202');
          const stop = hubOn(call.pc, true);
          return async () => {
            stop();
            await call.hangUp();
          };
        },
      ],
      [
        '+ reference-like loop (6 getStats/tick)',
        async () => {
          const call = await bareCall(server, '4203');
          const stop = referenceLoop(call.pc);
          return async () => {
            stop();
            await call.hangUp();
          };
        },
      ],
      ['VinteoConnector, no app consumer', () => connectorCall(server, stream, false)],
      ['VinteoConnector + stats:collected listener', () => connectorCall(server, stream, true)],
    ];
    const results: Array<[string, { script: number; inside: number; polls: number }]> = [];
    for (const [name, run] of variants) {
      await executeServerCommand('bench-probe', { action: 'log', message: `stats bench: ${name} (${SECONDS} s)` });
      results.push([name, await measure(run)]);
    }
    const bare = results[0][1].script;
    const probe = await bareCall(server, '4204');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const median = tickCost(await probe.pc.getStats());
    await probe.hangUp();
    stream.getTracks().forEach((t) => t.stop());
    await executeServerCommand('bench-report', {
      title: `Stats: main-thread script per minute of call (${SECONDS} s windows, scaled; 2 cores shared); normalise + judge one real report: median ${median.toFixed(3)} ms`,
      rows: [
        ['variant', 'CDP ScriptDuration', 'minus bare call', 'inside stats code', 'getStats calls/min'],
        ...results.map(([name, r]) => [
          name,
          `${r.script.toFixed(1)} ms`,
          `${(r.script - bare).toFixed(1)} ms`,
          `${r.inside.toFixed(1)} ms`,
          r.polls.toFixed(0),
        ]),
      ],
    });
  });
});

async function connectorCall(
  server: { wsUrl: string; domain: string },
  stream: MediaStream,
  listen: boolean,
): Promise<() => Promise<void>> {
  const c = new VinteoConnector({ log: () => undefined, createPeerConnection: countedPc });
  await c.connect({ server: server.wsUrl, domain: server.domain, displayName: 'Bench' });
  const off = listen ? c.on('stats:collected', () => undefined) : () => undefined;
  await c.startCall(listen ? '4206' : '4205', { mediaStream: stream.clone() });
  return async () => {
    off();
    await c.hangUp().catch(() => undefined);
    await c.dispose();
  };
}
