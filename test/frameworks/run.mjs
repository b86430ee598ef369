#!/usr/bin/env node
// The `frameworks` group of `npm test`: the example apps in examples/ (Vue, Svelte, React, plain HTML + the CDN
// file) built against the PACKED tarball of this package, then driven in headless Chromium against the local
// Vinteo server. Run it inside a loopback-only network namespace (scripts/test.mjs does). Prints a line per app
// (with its JS size, min+gzip) and a final "N passed, N failed".
//   --apps vue,react               only these apps
//   VINTEO_FRAMEWORKS_PREBUILT=1   dist/ is fresh (npm test built it just before): skip `npm run build`
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromiumFlags } from '../../web-test-runner.config.mjs';
import { ACCOUNTS } from '../server/auth.js';
import { startVinteoServer } from '../server/index.js';
import { driveApp } from './drive.mjs';
import { buildApp, builtJs, EXAMPLES, jsSize, packAndInstall, typeCheck } from './prepare.mjs';
import { serveStatic } from './static-server.mjs';

const CDN_FILE = join(EXAMPLES, 'node_modules', 'vinteo-elements', 'dist', 'cdn', 'vinteo-elements.js');

/** Each app: whether Vite builds it, the page to open, the JS that page loads. */
const APPS = {
  vue: { built: true, page: 'vue/dist/index.html', js: () => builtJs('vue') },
  svelte: { built: true, page: 'svelte/dist/index.html', js: () => builtJs('svelte') },
  react: { built: true, page: 'react/dist/index.html', js: () => builtJs('react') },
  'html-cdn': { built: false, page: 'html-cdn/index.html', js: () => [CDN_FILE, join(EXAMPLES, 'html-cdn', 'app.js')] },
};

/** Each framework app's type check, run in its folder: the app and a fixture of lines the typings must reject. */
const TYPE_CHECKS = {
  vue: ['vue-tsc', ['--noEmit', '-p', '.']],
  svelte: ['svelte-check', ['--tsconfig', './tsconfig.json', '--fail-on-warnings']],
  react: ['tsc', ['-p', '.']],
};

const args = process.argv.slice(2);
const only = args.includes('--apps') ? args[args.indexOf('--apps') + 1].split(',') : Object.keys(APPS);
const results = [];
const record = (name, ok, note) => results.push({ name, ok, note });

/** Builds every app; the ones that fail are recorded and not driven. */
function buildApps() {
  const ready = [];
  for (const name of only) {
    if (!APPS[name]) record(name, false, 'unknown app');
    else if (!APPS[name].built || buildApp(name)) ready.push(name);
    else record(name, false, 'vite build failed (see above)');
  }
  return ready;
}

function typeCheckApps() {
  for (const name of only.filter((n) => TYPE_CHECKS[n])) {
    const [tool, toolArgs] = TYPE_CHECKS[name];
    const ok = typeCheck(name, tool, toolArgs);
    record(
      `${name} types`,
      ok,
      ok ? `${tool}: the app type-checks, the fixture's wrong lines are rejected` : `${tool} failed (see above)`,
    );
  }
}

/** Drives the apps one after another, each as a different test account, with the server reset in between. */
async function driveApps(names) {
  const server = await startVinteoServer({ host: '127.0.0.1', port: 0 });
  const files = await serveStatic(EXAMPLES);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumFlags,
  });
  const users = Object.entries(ACCOUNTS);
  try {
    for (const [index, name] of names.entries()) {
      const [user, password] = users[index % users.length];
      const config = { server: server.wsUrl, domain: server.domain, user, target: '1000' };
      await driveOne(browser, name, { url: `${files.url}/${APPS[name].page}`, config, password });
      await server.control.reset();
    }
  } finally {
    await browser.close();
    await files.close();
    await server.stop();
  }
}

async function driveOne(browser, name, app) {
  console.log(`\n── ${name}: ${app.url} ──`);
  try {
    const timings = await driveApp(browser, app);
    record(name, true, `${timings}; JS ${jsSize(APPS[name].js())}`);
  } catch (error) {
    record(name, false, error instanceof Error ? error.message : String(error));
  }
  const last = results.at(-1);
  console.log(`${last.ok ? 'passed' : 'FAILED'}: ${name}: ${last.note}`);
}

function summary() {
  console.log('\n── frameworks ──');
  for (const { name, ok, note } of results) console.log(`${ok ? 'ok    ' : 'FAILED'} ${name.padEnd(13)} ${note}`);
  console.log('\nbundle sizes (the JS each app page loads, min+gzip level 9):');
  for (const name of only.filter((n) => APPS[n])) console.log(`bundle ${name.padEnd(10)} ${jsSize(APPS[name].js())}`);
  const passed = results.filter((r) => r.ok).length;
  console.log(`\n${passed} passed, ${results.length - passed} failed`);
}

const started = Date.now();
if (!packAndInstall({ build: process.env.VINTEO_FRAMEWORKS_PREBUILT !== '1' })) {
  record('tarball', false, 'build, pack or install of the tarball failed (see above)');
} else {
  typeCheckApps();
  await driveApps(buildApps());
}
summary();
console.log(`frameworks group: ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
