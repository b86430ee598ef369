// One or a few interop files without the other groups (the main config's groups would run everything):
//   unshare -n sh -c 'ip link set lo up && npx wtr --config test/interop/wtr.config.mjs --files test/interop/faults.test.ts'
import baseConfig from '../../web-test-runner.config.mjs';

export default {
  ...baseConfig,
  groups: undefined,
  files: process.env.INTEROP_FILES ?? 'test/interop/**/*.test.ts',
};
