// The steps before the browser: build this package, pack it, install the tarball into examples/ (offline: its
// dependencies are already there from `npm ci --prefix examples`), build each app, measure each app's JS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const EXAMPLES = join(ROOT, 'examples');
const bin = (name) => join(EXAMPLES, 'node_modules', '.bin', name);

/** Runs one command with its output shown; true when it exited 0. */
export function run(label, command, args, cwd = ROOT) {
  console.log(`\n── ${label} ──`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  const ok = result.status === 0;
  console.log(`${ok ? 'ok' : 'FAILED'}: ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

/** `npm run build` (unless the caller built already), `npm pack`, then the tarball into examples/node_modules. */
export function packAndInstall({ build }) {
  if (!existsSync(join(EXAMPLES, 'node_modules', 'vite'))) {
    console.error('!! examples/node_modules is missing: run `npm ci --prefix examples` first.');
    return false;
  }
  if (build && !run('npm run build (tsc → dist/, vite → dist/cdn/)', 'npm', ['run', 'build', '--silent'])) return false;
  const dir = mkdtempSync(join(tmpdir(), 'vinteo-pack-'));
  try {
    if (!run('npm pack', 'npm', ['pack', '--silent', '--pack-destination', dir])) return false;
    const tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')) ?? 'missing.tgz');
    const args = ['install', tarball, '--no-save', '--offline', '--no-audit', '--no-fund', '--loglevel', 'error'];
    return run(`npm install ${tarball.split('/').at(-1)} --no-save (examples/)`, 'npm', args, EXAMPLES);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `vite build <app>` with the examples' own Vite and the app's vite.config.ts. */
export function buildApp(app) {
  return run(`vite build examples/${app}`, bin('vite'), ['build', app, '--logLevel', 'warn'], EXAMPLES);
}

/** One app's type check with the package's framework typings (vinteo-elements/types/…), its fixture included. */
export function typeCheck(app, tool, args) {
  return run(`${tool} (examples/${app}, with its typings fixture)`, bin(tool), args, join(EXAMPLES, app));
}

const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

/** Min and min+gzip (level 9, like bench/bundle-size.mjs) of the JS files a page loads. */
export function jsSize(files) {
  let min = 0;
  let gzip = 0;
  for (const file of files) {
    const code = readFileSync(file);
    min += code.length;
    gzip += gzipSync(code, { level: 9 }).length;
  }
  return `${kB(gzip)} min+gzip (${kB(min)} min, ${files.length} file${files.length === 1 ? '' : 's'})`;
}

/** The JS a built Vite app emitted (dist/assets/*.js). */
export function builtJs(app) {
  const assets = join(EXAMPLES, app, 'dist', 'assets');
  return existsSync(assets)
    ? readdirSync(assets)
        .filter((f) => f.endsWith('.js'))
        .map((f) => join(assets, f))
    : [];
}
