// Runs only the files given in VINTEO_TEST_FILES (comma-separated globs) with the main runner configuration:
//   unshare -n sh -c 'ip link set lo up && VINTEO_TEST_FILES=test/integration/server-faults.test.ts npx wtr --config test/server/wtr-files.config.mjs'
import config from '../../web-test-runner.config.mjs';

const files = (process.env.VINTEO_TEST_FILES ?? '').split(',').filter(Boolean);
if (!files.length) throw new Error('set VINTEO_TEST_FILES');

export default { ...config, groups: undefined, files, rootDir: '.' };
