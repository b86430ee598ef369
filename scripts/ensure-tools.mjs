// Makes sure the test machine has what the browser tests need: Debian's Chromium and `unshare`/`ip` for the
// loopback-only network namespace. As root with apt it installs them; otherwise it stops with the command.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const chromiumPath = () => process.env.CHROME_PATH ?? '/usr/bin/chromium';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const missing = () =>
  [
    !existsSync(chromiumPath()) && 'chromium',
    // The firefox group (web-test-runner.firefox.config.mjs).
    !existsSync(process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr') && 'firefox-esr',
    !has('ip') && 'iproute2',
    !has('unshare') && 'util-linux',
    // The interop group: a SIP stack nobody here wrote (see test/interop/).
    !has('kamailio') && 'kamailio',
    !existsSync('/usr/lib/x86_64-linux-gnu/kamailio/modules/websocket.so') && 'kamailio-websocket-modules',
    !has('rtpengine') && 'rtpengine-daemon',
    !has('baresip') && 'baresip-core',
    !has('sipp') && 'sip-tester',
  ].filter(Boolean);

export function ensureTools() {
  const needed = missing();
  if (!needed.length) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${needed.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !has('apt-get')) {
    console.error(`\n!! The browser tests need: ${needed.join(', ')}. Install them with:\n   sudo ${command}\n`);
    process.exit(2);
  }
  console.log(`Installing ${needed.join(', ')} with apt-get …`);
  execFileSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${command}`], { stdio: 'inherit' });
  if (missing().length) {
    console.error(`!! Still missing after install: ${missing().join(', ')}`);
    process.exit(2);
  }
}
