// Screenshots of a scenes page: every scene × en/ru × desktop (1280) / phone (390) into SHOTS_DIR (default
// /tmp/shots). Bundles `{page}.ts` with esbuild and opens `{page}.html` from file:// in headless Chromium (no
// network needed). Used by the *-shots.mjs scripts beside it.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = dirname(fileURLToPath(import.meta.url));
const SIZES = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true },
};

/** `page`: the scenes page's base name; `prefix`: file name prefix; `scenes`: the default scene list. */
export async function shoot({ page: pageName, prefix = '', scenes: defaults }) {
  const out = process.env.SHOTS_DIR ?? '/tmp/shots';
  mkdirSync(out, { recursive: true });
  await bundle(pageName, out);
  const scenes = (process.argv[2] ?? defaults.join(',')).split(',');
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--allow-file-access-from-files', '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    for (const [size, viewport] of Object.entries(SIZES)) {
      await page.setViewport(viewport);
      for (const lang of ['en', 'ru']) {
        for (const scene of scenes) await shot(page, { out, pageName, prefix, scene, lang, size });
      }
    }
  } finally {
    await browser.close();
  }
}

async function bundle(pageName, out) {
  await build({
    entryPoints: [join(here, `${pageName}.ts`)],
    bundle: true,
    format: 'esm',
    outfile: join(out, `${pageName}.js`),
    tsconfig: join(here, '../../../tsconfig.json'),
    logLevel: 'warning',
  });
  copyFileSync(join(here, `${pageName}.html`), join(out, `${pageName}.html`));
}

async function shot(page, { out, pageName, prefix, scene, lang, size }) {
  await page.goto(`file://${join(out, `${pageName}.html`)}?scene=${scene}&lang=${lang}`);
  await page.waitForSelector('body[data-ready]', { timeout: 10_000 });
  const file = join(out, `${prefix}${scene}-${lang}-${size}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
}
