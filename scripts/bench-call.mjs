#!/usr/bin/env node
// Call-setup benchmark (bench/call-setup.bench.ts) in Chromium, inside a loopback-only network namespace.
import { spawnSync } from 'node:child_process';
import { ensureTools } from './ensure-tools.mjs';

ensureTools();
const result = spawnSync(
  'unshare',
  ['-n', 'sh', '-c', 'ip link set lo up && exec npx wtr --config bench/wtr-bench.config.mjs'],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
