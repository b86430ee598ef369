// Benchmarks run in the same real Chromium and against the same local server as the tests.
// Figures are printed by the `bench-report` command below, not asserted.
//   BENCH_FILES=bench/x.bench.ts picks files; by default every benchmark but the reconnection one (a run of several
//   minutes of outages: `npm run bench:reconnect`).
import { appendFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import baseConfig from '../web-test-runner.config.mjs';

function reportPlugin() {
  return {
    name: 'bench-report',
    executeCommand({ command, payload }) {
      if (command !== 'bench-report') return undefined;
      printTable(payload);
      // scripts/bench-report.mjs collects the tables (one JSON line each) to print the README's figures.
      if (process.env.BENCH_RESULTS) appendFileSync(process.env.BENCH_RESULTS, `${JSON.stringify(payload)}\n`);
      return true;
    },
  };
}

/** Node-side probes for benchmarks: `waitListening` polls a 127.0.0.1 TCP port every 5 ms until it accepts; `settings`. */
function probePlugin() {
  const accepts = (port) =>
    new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
  return {
    name: 'bench-probe',
    async executeCommand({ command, payload }) {
      if (command !== 'bench-probe') return undefined;
      // Run settings from the environment (the page has none): BENCH_RESTARTS, BENCH_PARTS (e.g. "a,d"), BENCH_RUNS.
      if (payload?.action === 'settings')
        return {
          restarts: Number(process.env.BENCH_RESTARTS ?? 0) || undefined,
          parts: process.env.BENCH_PARTS ?? '',
          seconds: Number(process.env.BENCH_SECONDS ?? 0) || undefined,
          runs: Number(process.env.BENCH_RUNS ?? 0) || undefined,
        };
      if (payload?.action === 'log') {
        console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${payload.message}`);
        return true;
      }
      if (payload?.action !== 'waitListening') return { error: `unknown action ${payload?.action}` };
      // Below the browser's 20 s command timeout.
      const deadline = Date.now() + Math.min(payload.timeoutMs ?? 15_000, 18_000);
      while (Date.now() < deadline) {
        if (await accepts(payload.port)) return { listeningAt: Date.now() };
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return { error: `nothing listened on 127.0.0.1:${payload.port}` };
    },
  };
}

let profiler;

/** Self time (ms) by function and by file from a CDP CPU profile, the heaviest first (idle, program and GC apart). */
function topFunctions(profile) {
  const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const byFunction = new Map();
  const byFile = new Map();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url ? url.replace(/^https?:\/\/[^/]+\//, '').replace(/\?.*$/, '') : `(${functionName || 'anonymous'})`;
    const ms = node.hitCount * interval;
    const name = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  const top = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([name, ms]) => [name, Math.round(ms * 10) / 10]);
  return { functions: top(byFunction), files: top(byFile) };
}

/** `bench-metrics`: the page's CDP Performance.getMetrics (ScriptDuration, TaskDuration … in seconds), via puppeteer;
 * `{action: 'profile-start'}` / `{action: 'profile-stop'}`: a CPU profile, summarised by `topFunctions`. */
function metricsPlugin() {
  return {
    name: 'bench-metrics',
    async executeCommand({ command, session, payload }) {
      if (command !== 'bench-metrics') return undefined;
      const page = session.browser.getPage(session.id);
      if (payload?.action === 'profile-start') {
        profiler = await page.createCDPSession();
        await profiler.send('Profiler.enable');
        await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
        await profiler.send('Profiler.start');
        return true;
      }
      if (payload?.action === 'profile-stop') return topFunctions((await profiler.send('Profiler.stop')).profile);
      return page.metrics();
    },
  };
}

function printTable({ title, rows }) {
  console.log(`\n${title}`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const row of rows) console.log(row.map((cell, i) => String(cell).padEnd(widths[i])).join('  '));
  console.log('');
}

export default {
  ...baseConfig,
  // Lit's production build (its default export condition), not the development one @web/dev-server picks by default:
  // benchmarks measure what a page ships.
  nodeResolve: { exportConditions: ['production'] },
  groups: undefined,
  files: process.env.BENCH_FILES ?? ['bench/**/*.bench.ts', '!bench/reconnect.bench.ts'],
  testFramework: { config: { timeout: 600000 } },
  plugins: [...baseConfig.plugins, reportPlugin(), probePlugin(), metricsPlugin()],
};
