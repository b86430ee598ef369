#!/usr/bin/env node
// `npm test`: static checks, builds, the size budget, then every browser test group in real headless Chromium
// inside a loopback-only network namespace. Ends with a plain "N passed, N failed" line.
//   --group NAME     run one test group (unit | components | integration | interop | memory | frameworks | firefox);
//                    default: each in turn (frameworks: the example apps on the packed tarball, test/frameworks/run.mjs;
//                    firefox: unit, components and connector tests in Firefox ESR, web-test-runner.firefox.config.mjs)
//   --skip-checks    skip lint/types/manifest/builds (fast loop)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureTools } from './ensure-tools.mjs';

const args = process.argv.slice(2);
const group = args.includes('--group') ? args[args.indexOf('--group') + 1] : process.env.VINTEO_TEST_GROUP;
const skipChecks = args.includes('--skip-checks');
const failedSteps = [];

function step(name, command, commandArgs) {
  console.log(`\n── ${name} ──`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (result.status !== 0) failedSteps.push(name);
  return result.status === 0;
}

function canUseNetns() {
  return spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;
}

/** What Prettier formats (`npm run format`); markdown, HTML and JSON are left as written. */
const FORMATTED = [
  'src/**/*.ts',
  'components/**/*.ts',
  'test/**/*.{ts,js,mjs}',
  'scripts/**/*.mjs',
  'bench/**/*.{ts,mjs}',
  'demo/**/*.ts',
  '*.{ts,mjs}',
];

const GROUPS = ['unit', 'components', 'integration', 'interop', 'memory', 'frameworks', 'firefox'];

/** The command a group runs in its namespace: wtr, or the example apps' driver (which builds dist/ unless we did). */
const groupCommand = (name) =>
  name === 'frameworks'
    ? `exec env ${skipChecks ? '' : 'VINTEO_FRAMEWORKS_PREBUILT=1 '}node test/frameworks/run.mjs`
    : name === 'firefox'
      ? 'exec npx wtr --config web-test-runner.firefox.config.mjs'
      : `exec npx wtr --group ${name}`;

/** One wtr run of one group in its own loopback-only namespace (groups never share the 2 cores with each other). */
function runGroup(name) {
  const browser = name === 'firefox' ? 'Firefox ESR' : 'Chromium';
  console.log(`\n── browser tests (${name}): ${browser}, loopback-only network namespace ──`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('unshare', ['-n', 'sh', '-c', `ip link set lo up && ${groupCommand(name)}`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ name, code, output, seconds: Math.round((Date.now() - started) / 1000) }));
  });
}

/** Every group (or the one asked for), one after another; a group whose runner failed with no failed test is named. */
async function runBrowserTests() {
  const runs = [];
  for (const name of group ? [group] : GROUPS) runs.push(await runGroup(name));
  const totals = { passed: 0, failed: 0, runnerErrors: [] };
  console.log('\n── browser test groups ──');
  for (const run of runs) {
    const { passed, failed } = countResults(run.output);
    totals.passed += passed;
    totals.failed += failed;
    if (run.code !== 0 && failed === 0) totals.runnerErrors.push(run.name);
    const notRun = run.output.split('NOT RUN IN FIREFOX:').length - 1; // the firefox group lists what it leaves out
    console.log(
      `${run.name.padEnd(12)} ${String(passed).padStart(4)} passed ${String(failed).padStart(3)} failed ${String(run.seconds).padStart(5)} s${run.code !== 0 && failed === 0 ? '  RUNNER ERROR (see above)' : ''}${notRun ? `  ${notRun} NOT RUN in Firefox (listed above, with reasons)` : ''}`,
    );
  }
  return totals;
}

/** wtr prints cumulative "N passed, N failed" inside progress lines; the last one is the total. */
function countResults(output) {
  const clean = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  const last = [...clean.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  return { passed: Number(last?.[1] ?? 0), failed: Number(last?.[2] ?? 0) };
}

ensureTools();
if (!skipChecks) {
  step('lint (eslint)', 'npx', ['eslint', '.']);
  step('format (prettier --check, 120 columns)', 'npx', ['prettier', '--check', '--log-level', 'warn', ...FORMATTED]);
  step('types (tsc --noEmit)', 'npx', ['tsc', '--noEmit', '-p', '.']);
  step('types of tests and benchmarks', 'npx', ['tsc', '-p', 'tsconfig.test.json']);
  step('types of the local server (checkJs)', 'npx', ['tsc', '-p', 'test/server/tsconfig.json']);
  step('framework typings reject wrong JSX (test/types)', 'npx', ['tsc', '-p', 'test/types/tsconfig.json']);
  step('no import cycles (madge)', 'npx', [
    'madge',
    '--circular',
    '--extensions',
    'ts',
    '--ts-config',
    'tsconfig.json',
    'src',
    'components',
  ]);
  step('custom-elements.json is fresh', 'node', ['scripts/check-manifest.mjs']);
  step('npm build (tsc → dist/)', 'npx', ['tsc', '-p', 'tsconfig.build.json']);
  step('every package entry point imports in Node without a DOM (SSR)', 'node', ['scripts/check-ssr.mjs']);
  step('CDN build (vite → dist/cdn/)', 'npx', ['vite', 'build', '--logLevel', 'warn']);
  step('bundle size budget', 'node', ['bench/bundle-size.mjs', '--check']);
}

if (!canUseNetns()) {
  console.error('\n!! Cannot create a loopback-only network namespace (`unshare -n` needs root or user namespaces).');
  console.error('!! WebRTC tests must not touch real interfaces, so they were NOT run. Run `npm test` as root.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// The frameworks group needs the example apps' own dependencies; its namespace has no network to install them.
const needsExamples = (!group || group === 'frameworks') && !existsSync('examples/node_modules/.package-lock.json');
if (needsExamples) step('npm ci --prefix examples', 'npm', ['ci', '--prefix', 'examples', '--no-audit', '--no-fund']);

const browser = await runBrowserTests();
if (browser.failed > 0) failedSteps.push('browser tests');
if (browser.runnerErrors.length) failedSteps.push(`browser tests (runner error: ${browser.runnerErrors.join(', ')})`);
const demo = group ? { passed: 0, failed: 0 } : runDemoSmoke();
const checkFailures = failedSteps.filter((s) => !s.startsWith('browser tests') && s !== 'demo smoke').length;
const runnerError = browser.runnerErrors.length;
console.log(`\n${failedSteps.length ? `FAILED: ${failedSteps.join('; ')}` : 'All checks and tests passed.'}`);
console.log(
  `${browser.passed + demo.passed} passed, ${browser.failed + demo.failed + checkFailures + runnerError} failed`,
);
process.exit(failedSteps.length ? 1 : 0);

function runDemoSmoke() {
  console.log('\n── demo smoke: npm start + one click, in the loopback-only namespace ──');
  const result = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec node test/demo/demo-smoke.mjs'], {
    stdio: 'inherit',
  });
  if (result.status === 0) return { passed: 1, failed: 0 };
  failedSteps.push('demo smoke');
  return { passed: 0, failed: 1 };
}
