// The project's runner configuration without its groups, so `--files` runs just the files named, in a Chromium that
// exposes `gc()` (the memory suite forces collections to see what stays reachable):
//   unshare -n sh -c 'ip link set lo up && npx wtr --config test/memory/wtr-files.config.mjs --files test/unit/x.test.ts'
import { chromeLauncher } from '@web/test-runner-chrome';
import base, { chromiumFlags } from '../../web-test-runner.config.mjs';
import { heapPlugin } from './heap-plugin.js';

const { groups: _groups, ...config } = base;

/** Chromium as in the main configuration, plus `window.gc()`. */
export const gcBrowser = () =>
  chromeLauncher({
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [...chromiumFlags, '--js-flags=--expose-gc'],
    },
  });

export default { ...config, plugins: [...config.plugins, heapPlugin()], browsers: [gcBrowser()] };
