// The project's runner configuration without its groups, so `--files` runs just the files named:
//   unshare -n sh -c 'ip link set lo up && npx wtr --config test/memory/wtr-files.config.mjs --files test/unit/x.test.ts'
import base from '../../web-test-runner.config.mjs';

const { groups: _groups, ...config } = base;

export default config;
