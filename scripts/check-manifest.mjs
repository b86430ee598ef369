#!/usr/bin/env node
// Generates custom-elements.json from the element sources (`--write`), or checks that the committed one is fresh.
// The analyzer's module order varies between runs, so modules are sorted by path before writing or comparing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function generate() {
  // The analyzer resolves --outdir against the working directory, so the scratch folder lives in node_modules.
  const dir = mkdtempSync(join('node_modules', '.vinteo-cem-'));
  try {
    execFileSync(
      'npx',
      ['cem', 'analyze', '--litelement', '--config', 'custom-elements-manifest.config.mjs', '--outdir', dir],
      { stdio: 'pipe' },
    );
    const manifest = JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8'));
    manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
    return `${JSON.stringify(manifest, null, 2)}\n`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fresh = generate();
if (process.argv.includes('--write')) {
  writeFileSync('custom-elements.json', fresh);
  console.log('custom-elements.json written.');
} else if (fresh !== readFileSync('custom-elements.json', 'utf8')) {
  console.error('custom-elements.json is stale: run `npm run manifest` and commit the result.');
  process.exit(1);
} else {
  console.log('custom-elements.json is up to date.');
}
