#!/usr/bin/env node
// Prints the production JS of each example app in examples/ (Vue, Svelte, React, plain HTML + the CDN file) beside
// the CDN single file, in bench/bundle-size.mjs's table style. The apps are built exactly as the `frameworks` test
// group builds them (test/frameworks/prepare.mjs: this package built, packed, the tarball installed into examples/,
// then `vite build <app>` with the app's own config). Each Vite app is built a second time with the same config and
// `vinteo-elements/define` — the apps' only runtime import of this package (the rest are `import type`; checked) —
// resolved to an empty module (that build path, without the stub, must give the CLI build's bytes; checked): that
// build is the framework + the app's own code, and the difference between the two builds is what our package (our
// code, lit, @lit/context, sip.js) adds to that app. The html-cdn page loads the CDN file
// itself plus its app.js. Sizes are summed per file, min+gzip at level 9 like bench/bundle-size.mjs.
// Not part of `npm test` or `bench/bundle-size.mjs --check`: `npm run bench:report` runs it (and so can you:
// `node bench/framework-size.mjs`; VINTEO_FRAMEWORKS_PREBUILT=1 when dist/ is fresh, to skip `npm run build`).
// With BENCH_RESULTS=file it appends its table as a JSON line.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { buildApp, builtJs, EXAMPLES, packAndInstall } from '../test/frameworks/prepare.mjs';

const APPS = ['vue', 'svelte', 'react'];
const PACKAGE = 'vinteo-elements';
const CDN_FILE = join(EXAMPLES, 'node_modules', PACKAGE, 'dist', 'cdn', 'vinteo-elements.js');
const HTML_APP = join(EXAMPLES, 'html-cdn', 'app.js');

/** Min, gzip (level 9) and brotli bytes of some JS files, each compressed on its own (as a page fetches them). */
function sizes(codes) {
  const sum = (f) => codes.reduce((total, code) => total + f(code), 0);
  return {
    files: codes.length,
    min: sum((c) => c.length),
    gzip: sum((c) => gzipSync(c, { level: 9 }).length),
    brotli: sum((c) => brotliCompressSync(c).length),
  };
}
const minus = (a, b) => ({ files: 0, min: a.min - b.min, gzip: a.gzip - b.gzip, brotli: a.brotli - b.brotli });
const read = (files) => files.map((f) => readFileSync(f));
const same = (a, b) => Buffer.concat(a.sort(Buffer.compare)).equals(Buffer.concat(b.sort(Buffer.compare)));
const version = (name) =>
  JSON.parse(readFileSync(join(EXAMPLES, 'node_modules', name, 'package.json'), 'utf8')).version;

/**
 * The app's JS built through the examples' own Vite API with the app's config, not written; with `stub`, this
 * package's runtime imports resolve to empty modules (and must be exactly `vinteo-elements/define`).
 */
async function buildInMemory(app, stub) {
  const { build } = await import(pathToFileURL(join(EXAMPLES, 'node_modules', 'vite', 'dist', 'node', 'index.js')));
  const stubbed = new Set();
  const plugin = {
    name: 'bench-without-vinteo-elements',
    enforce: 'pre',
    resolveId(id) {
      if (id !== PACKAGE && !id.startsWith(`${PACKAGE}/`)) return null;
      stubbed.add(id);
      return `\0stub:${id}`;
    },
    load: (id) => (id.startsWith('\0stub:') ? 'export {};' : null),
  };
  const root = join(EXAMPLES, app);
  const result = await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    plugins: stub ? [plugin] : [],
    build: { write: false },
  });
  if (stub && [...stubbed].join() !== `${PACKAGE}/define`)
    throw new Error(`examples/${app}: expected one runtime import, ${PACKAGE}/define; stubbed ${[...stubbed].join()}`);
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  return outputs.filter((o) => o.type === 'chunk' && o.fileName.endsWith('.js')).map((o) => Buffer.from(o.code));
}

if (!packAndInstall({ build: process.env.VINTEO_FRAMEWORKS_PREBUILT !== '1' })) {
  console.error('!! build, pack or install of the tarball failed (see above)');
  process.exit(1);
}
const measured = {};
for (const app of APPS) {
  const without = sizes(await buildInMemory(app, true));
  if (!buildApp(app)) process.exit(1);
  const built = read(builtJs(app));
  // The two builds differ only by the stub: the same path without it gives the CLI build's bytes.
  if (!same(await buildInMemory(app, false), [...built]))
    throw new Error(
      `examples/${app}: the in-memory build differs from \`vite build ${app}\`; the split would not hold`,
    );
  const total = sizes(built);
  measured[app] = { total, without, ours: minus(total, without) };
}
const cdn = sizes(read([CDN_FILE]));
const htmlApp = sizes(read([HTML_APP]));
measured['html-cdn'] = { total: sizes(read([CDN_FILE, HTML_APP])), without: htmlApp, ours: cdn };

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const cells = (s) => [kb(s.min), kb(s.gzip), kb(s.brotli)];
const files = (n) => `${n} file${n === 1 ? '' : 's'}`;
const NAMES = {
  vue: `Vue ${version('vue')}`,
  svelte: `Svelte ${version('svelte')}`,
  react: `React ${version('react')}`,
};
const rows = [
  ['bundle', 'min', 'min+gzip', 'brotli'],
  ['vinteo-elements CDN single file (dist/cdn/vinteo-elements.js, from the tarball)', ...cells(cdn)],
];
for (const app of APPS) {
  const { total, without, ours } = measured[app];
  rows.push(
    [`examples/${app} (${NAMES[app]}), production JS (dist/assets, ${files(total.files)})`, ...cells(total)],
    [`  without vinteo-elements/define: ${NAMES[app]} + the app's own code`, ...cells(without)],
    ['  difference: what vinteo-elements (with lit, sip.js) adds to the app', ...cells(ours)],
  );
}
rows.push(
  ['examples/html-cdn (plain HTML), the CDN single file + app.js', ...cells(measured['html-cdn'].total)],
  ['  app.js (no framework)', ...cells(htmlApp)],
);
const title = 'Example apps: production JS each page loads, beside the CDN single file';
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`\n${title}`);
for (const row of rows)
  console.log(row.map((cell, i) => (i ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  '));
console.log(
  'sizes are summed per file (each compressed on its own); a difference of two compressed sizes is approximate, as\n' +
    'the two parts share one gzip/brotli stream in the app bundle\n',
);
if (process.env.BENCH_RESULTS)
  appendFileSync(
    process.env.BENCH_RESULTS,
    `${JSON.stringify({ key: 'frameworks', title, rows, names: NAMES, measured })}\n`,
  );
