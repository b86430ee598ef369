#!/usr/bin/env node
// Screenshots of the reconnection UI: every scene × en/ru × desktop (1280) / phone (390) into /tmp/shots/.
// Bundles scenes.ts with esbuild, opens it from file:// in headless Chromium (no network needed).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.env.SHOTS_DIR ?? '/tmp/shots';
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'scenes.ts')],
  bundle: true,
  format: 'esm',
  outfile: join(out, 'scenes.js'),
  tsconfig: join(here, '../../../tsconfig.json'),
  logLevel: 'warning',
});
copyFileSync(join(here, 'scenes.html'), join(out, 'scenes.html'));

const scenes = (
  process.argv[2] ?? 'in-call,reconnecting,media-problem,media-timeout,dialog-lost,gave-up,redialling'
).split(',');
const sizes = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true },
};
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--allow-file-access-from-files', '--autoplay-policy=no-user-gesture-required'],
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  for (const [name, viewport] of Object.entries(sizes)) {
    await page.setViewport(viewport);
    for (const lang of ['en', 'ru']) {
      for (const scene of scenes) {
        await page.goto(`file://${join(out, 'scenes.html')}?scene=${scene}&lang=${lang}`);
        await page.waitForSelector('body[data-ready]', { timeout: 10_000 });
        const file = join(out, `${scene}-${lang}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
      }
    }
  }
} finally {
  await browser.close();
}
