#!/usr/bin/env node
// The main job, end to end: `npm start` (local server + demo), open the printed URL in headless Chromium with a
// fake camera, press "Call" once, and require the echoed remote video to render. Run inside a loopback-only
// network namespace (scripts/test.mjs does). Prints "demo smoke: passed" or exits 1 with the reason.
import { spawn } from 'node:child_process';
import puppeteer from 'puppeteer-core';
import { chromiumFlags } from '../../web-test-runner.config.mjs';

const root = new URL('../../', import.meta.url).pathname;
const start = spawn('node', ['scripts/start.mjs'], {
  cwd: root,
  env: { ...process.env, VINTEO_DEMO_PORT: '0' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let browser;

function printedUrl() {
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('npm start printed no URL within 30 s')), 30_000);
    start.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /Open: (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

const inCall = (selector) => `document.querySelector('vinteo-call').shadowRoot.querySelector('${selector}')`;

try {
  const url = await printedUrl();
  browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumFlags,
  });
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(`document.querySelector('vinteo-connector')?.getAttribute('state') === 'connected'`, {
    timeout: 20_000,
  });
  await page.evaluate(`${inCall('[part~="call-button"]')}.click()`);
  await page.waitForFunction(`${inCall('[part="remote-video"]')}?.videoWidth > 0`, { timeout: 20_000 });
  const state = await page.evaluate(`document.querySelector('vinteo-call').getAttribute('state')`);
  if (state !== 'active') throw new Error(`call state is ${state}`);
  console.log('demo smoke: passed (npm start → one click → echoed remote video rendered)');
} catch (error) {
  console.error(`demo smoke: FAILED: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  start.kill('SIGTERM');
}
