// Benchmarks run in the same real Chromium and against the same local server as the tests.
// Figures are printed by the `bench-report` command below, not asserted.
import baseConfig from '../web-test-runner.config.mjs';

function reportPlugin() {
  return {
    name: 'bench-report',
    executeCommand({ command, payload }) {
      if (command !== 'bench-report') return undefined;
      printTable(payload);
      return true;
    },
  };
}

function printTable({ title, rows }) {
  console.log(`\n${title}`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const row of rows) console.log(row.map((cell, i) => String(cell).padEnd(widths[i])).join('  '));
  console.log('');
}

export default {
  ...baseConfig,
  groups: undefined,
  files: process.env.BENCH_FILES ?? 'bench/**/*.bench.ts',
  testFramework: { config: { timeout: 600000 } },
  plugins: [...baseConfig.plugins, reportPlugin()],
};
