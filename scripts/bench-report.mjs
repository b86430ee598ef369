#!/usr/bin/env node
// `npm run bench:report`: the call-setup benchmarks (local server, and Kamailio + rtpengine + baresip) in Chromium
// inside a loopback-only network namespace, the CDN size benchmark and the example apps' sizes (Vue, Svelte, React,
// plain HTML, built from the packed tarball: bench/framework-size.mjs); prints each benchmark's full tables, then the
// README's "Measured" tables (Markdown), which are copied from this output. BENCH_RUNS=n calls per client.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTools } from './ensure-tools.mjs';

ensureTools();
const dir = mkdtempSync(join(tmpdir(), 'vinteo-bench-'));
const results = join(dir, 'results.jsonl');
const env = { ...process.env, BENCH_RESULTS: results };

function run(command, args, extraEnv = {}) {
  const status = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } }).status;
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${status}`);
}

const table = (rows) => [
  `| ${rows[0].join(' | ')} |`,
  `|${rows[0].map(() => '---').join('|')}|`,
  ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`),
];
const ms = (cell) => (cell ? `${cell} ms` : '–');

/** Metric rows × client columns from a benchmark table (client, calls, metric…), for `clients` (row indexes). */
function transpose(rows, clients, labels) {
  return labels.map(([label, column]) => [label, ...clients.map((c) => ms(rows[c][column]))]);
}

/** The example apps' JS, min+gzip (minified): total, without our import, and the difference (ours). */
function frameworks({ measured, names }) {
  const kb = (s) => `${(s.gzip / 1024).toFixed(1)} kB (${(s.min / 1024).toFixed(1)} kB)`;
  const app = (key) => [
    `[\`examples/${key}\`](examples/${key}/) (${names[key]})`,
    ...['total', 'without', 'ours'].map((k) => kb(measured[key][k])),
  ];
  return [
    'The example apps built from the packed tarball, the JS each page loads, min+gzip (minified); "framework + app',
    'code" is the same build with `vinteo-elements/define` stubbed out, so the difference is what the package adds:',
    '',
    ...table([
      ['', 'total', 'framework + app code (no vinteo-elements)', 'difference (vinteo-elements)'],
      ...['vue', 'svelte', 'react'].map(app),
      [
        '[`examples/html-cdn`](examples/html-cdn/) (plain HTML)',
        kb(measured['html-cdn'].total),
        `${kb(measured['html-cdn'].without)}, app.js`,
        `${kb(measured['html-cdn'].ours)}, the CDN file`,
      ],
    ]),
  ];
}

function readme(byKey) {
  const local = byKey.local.rows;
  const interop = byKey.interop.rows;
  const parts = byKey['interop-parts'].rows;
  const calls = local[1][1];
  const out = [
    `Local server (median / p90 of ${calls} interleaved calls per client after one warm-up call; both clients get the same`,
    'pre-captured camera + microphone stream outside the timed window):',
    '',
    ...table([
      ['', '`<vinteo-call>`', 'bare sip.js `Inviter` (baseline)'],
      ...transpose(
        local,
        [1, 2],
        [
          ['connect → registered', 2],
          ['`startCall()` → 200 OK', 3],
          ['first INVITE on the wire → 200 OK', 4],
          ['407 → INVITE with credentials (page clock)', 5],
          ['first INVITE → INVITE with credentials (server clock)', 6],
          ['`startCall()` → first inbound media', 7],
        ],
      ),
    ]),
    '',
    `Through Kamailio + rtpengine + baresip (median / p90 of ${interop[1][1]} interleaved calls per client):`,
    '',
  ];
  const bare = interop.length - 1;
  const reference = parts[parts.length - 1][5];
  const rows = transpose(
    interop,
    [1, bare],
    [
      ['connect → registered', 2],
      ['`startCall()` → 200 OK', 3],
      ['first INVITE on the wire → 200 OK', 4],
      ['`startCall()` → first inbound audio', 5],
    ],
  ).map((r) => [...r, '–']);
  rows.splice(3, 0, [
    '407 → INVITE with credentials (Kamailio clock)',
    ms(parts[1][5]),
    ms(parts[bare][5]),
    reference.replace(/^([\d.]+)/, '$1 ms'),
  ]);
  out.push(...table([['', '`VinteoConnector`', 'bare sip.js `Inviter` (baseline)', 'reference SDK'], ...rows]), '');
  const size = byKey.size;
  out.push(
    `CDN bundle, min+gzip: ours ${size.rows[1][2]} (${size.rows[1][1]} minified; budget ${size.budget} kB); sip.js + lit +`,
    `@lit/context with the same imported symbols ${size.rows[2][2]}, so our own code is ${size.ownCode.toFixed(1)} kB; the`,
    `reference SDK with its dependencies ${size.rows[3][2]} (${size.rows[3][0].replace(/^.*\((.*)\)$/, '$1')}).`,
    '',
    ...frameworks(byKey.frameworks),
  );
  return out.join('\n');
}

try {
  run('npm', ['run', 'build', '--silent', '--', '--logLevel', 'warn']);
  run('node', ['bench/bundle-size.mjs']);
  run('node', ['bench/framework-size.mjs'], { VINTEO_FRAMEWORKS_PREBUILT: '1' });
  run('unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec npx wtr --config bench/wtr-bench.config.mjs'], {
    BENCH_FILES: 'bench/{call-setup,interop-setup}.bench.ts',
  });
  const lines = readFileSync(results, 'utf8').trim().split('\n');
  const byKey = Object.fromEntries(lines.map((l) => JSON.parse(l)).map((p) => [p.key, p]));
  for (const key of ['local', 'interop', 'interop-parts', 'size', 'frameworks'])
    if (!byKey[key]) throw new Error(`the ${key} benchmark reported nothing`);
  console.log('\nREADME "Measured" figures (copy from here):\n');
  console.log(readme(byKey));
  console.log('');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
