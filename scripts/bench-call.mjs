#!/usr/bin/env node
// Call-setup benchmarks (bench/call-setup.bench.ts: the local server; bench/interop-setup.bench.ts: Kamailio +
// rtpengine + baresip) in Chromium, inside a loopback-only network namespace. BENCH_FILES picks other files,
// BENCH_RUNS the calls per client. `npm run bench:report` runs these and the size benchmark and prints the README's
// figures.
import { spawnSync } from 'node:child_process';
import { ensureTools } from './ensure-tools.mjs';

ensureTools();
const result = spawnSync(
  'unshare',
  ['-n', 'sh', '-c', 'ip link set lo up && exec npx wtr --config bench/wtr-bench.config.mjs'],
  { stdio: 'inherit', env: { BENCH_FILES: 'bench/{call-setup,interop-setup}.bench.ts', ...process.env } },
);
process.exit(result.status ?? 1);
