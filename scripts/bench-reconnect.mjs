#!/usr/bin/env node
// Reconnection benchmark (bench/reconnect.bench.ts) in Chromium, inside a loopback-only network namespace: the local
// Vinteo server and the interop stack (Kamailio + rtpengine + baresip) are restarted and killed on purpose. Prints
// plain tables; bounded (about 6–7 minutes). Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { ensureTools } from './ensure-tools.mjs';

ensureTools();
const result = spawnSync(
  'unshare',
  ['-n', 'sh', '-c', 'ip link set lo up && exec npx wtr --config bench/wtr-bench.config.mjs'],
  {
    stdio: 'inherit',
    env: { ...process.env, BENCH_FILES: 'bench/reconnect.bench.ts' },
    timeout: 12 * 60 * 1000,
  },
);
process.exit(result.status ?? 1);
