#!/usr/bin/env node
// Prints the CDN bundle's size (minified, gzip, brotli) against the budget, side by side with baselines built
// in the same run: sip.js + lit + @lit/context alone (what any SIP web-component bundle must carry), and the
// reference SDK's published figure. Exits 1 when over budget with `--check`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build } from 'vite';

// 120 → 125 kB on 2026-12-03: devices, statistics with the sending balancer and main-stream health, and two more
// elements (<vinteo-devices>, <vinteo-stats>) landed (~+9 kB gzip). Issue 11 asks for 95 kB: not reachable as one
// self-contained file (sip.js + lit alone are 64.5 kB); the first-load target belongs to the code-split build.
export const BUDGET_GZIP_KB = 125;
const REFERENCE_SDK_GZIP_KB = 161;
const bundle = new URL('../dist/cdn/vinteo-elements.js', import.meta.url).pathname;

function sizes(code) {
  return {
    min: code.length / 1024,
    gzip: gzipSync(code, { level: 9 }).length / 1024,
    brotli: brotliCompressSync(code).length / 1024,
  };
}

async function baseline() {
  const dir = mkdtempSync(join(process.cwd(), 'node_modules', '.vinteo-size-'));
  const entry = join(dir, 'entry.js');
  writeFileSync(entry, "export * from 'sip.js';\nexport * from 'lit';\nexport * from '@lit/context';\n");
  try {
    const result = await build({
      configFile: false,
      logLevel: 'silent',
      root: process.cwd(),
      define: { 'process.env.NODE_ENV': '"production"' },
      build: {
        write: false,
        minify: true,
        lib: { entry, formats: ['es'], fileName: 'b' },
        rolldownOptions: { output: { minify: true } },
      },
    });
    const output = (Array.isArray(result) ? result[0] : result).output.find((o) => o.type === 'chunk');
    return sizes(Buffer.from(output.code));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n) => `${n.toFixed(1)} kB`.padStart(10);
const ours = sizes(readFileSync(bundle));
const base = await baseline();
console.log('\nCDN bundle size (dist/cdn/vinteo-elements.js)');
console.log(`${'bundle'.padEnd(46)}${'min'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}`);
console.log(
  `${'vinteo-elements (everything, self-contained)'.padEnd(46)}${fmt(ours.min)}${fmt(ours.gzip)}${fmt(ours.brotli)}`,
);
console.log(
  `${'baseline: sip.js + lit + @lit/context only'.padEnd(46)}${fmt(base.min)}${fmt(base.gzip)}${fmt(base.brotli)}`,
);
console.log(
  `${'reference SDK with its dependencies (published)'.padEnd(46)}${''.padStart(10)}${fmt(REFERENCE_SDK_GZIP_KB)}${''.padStart(10)}`,
);
console.log(
  `budget: ${BUDGET_GZIP_KB} kB min+gzip → ${ours.gzip <= BUDGET_GZIP_KB ? 'within budget' : 'OVER BUDGET'} (our code on top of the libraries: ${(ours.gzip - base.gzip).toFixed(1)} kB gzip)\n`,
);
if (process.argv.includes('--check') && ours.gzip > BUDGET_GZIP_KB) process.exit(1);
