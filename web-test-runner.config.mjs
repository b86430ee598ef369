// Test runner configuration. Every test runs in real headless Chromium (Debian's /usr/bin/chromium)
// with a fake camera and microphone. The local Vinteo server runs inside the runner as a plugin;
// tests drive it through `executeServerCommand` (see test/support/server.ts).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { interopPlugin } from './test/interop/wtr-plugin.js';
import { vinteoServerPlugin } from './test/server/wtr-plugin.js';

const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const chromiumFlags = [
  '--no-sandbox',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // The interop stack's wss:// listener uses a throw-away self-signed certificate on 127.0.0.1.
  '--ignore-certificate-errors',
];

// `WTR_FILES=test/x.test.ts,test/y.test.ts npx wtr` runs just those files (one group), with every plugin.
const only = process.env.WTR_FILES ? [{ name: 'only', files: process.env.WTR_FILES.split(',') }] : undefined;

export default {
  // Lit's production build (its default export condition; @web/dev-server would pick `development`): tests run
  // what a page ships, without "Lit is in dev mode" on every page.
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 8 * 60 * 1000, // per group (npm test runs them one after another)
  browserStartTimeout: 60000,
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    vinteoServerPlugin(),
    interopPlugin(),
  ],
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromiumPath, headless: true, args: chromiumFlags } })],
  groups: only ?? [
    { name: 'unit', files: 'test/unit/**/*.test.ts' },
    { name: 'components', files: 'test/components/**/*.test.ts' },
    { name: 'integration', files: 'test/integration/**/*.test.ts' },
    { name: 'interop', files: 'test/interop/**/*.test.ts' },
    // Leak checks (call/hang-up cycles, drops mid-call): a Chromium with gc() exposed, so tests can force collections.
    {
      name: 'memory',
      files: 'test/memory/**/*.test.ts',
      browsers: [
        chromeLauncher({
          launchOptions: {
            executablePath: chromiumPath,
            headless: true,
            args: [...chromiumFlags, '--js-flags=--expose-gc'],
          },
        }),
      ],
    },
  ],
};
