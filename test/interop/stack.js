// @ts-check
// Starts and stops the interoperability stack on 127.0.0.1 (run it inside the loopback-only namespace):
// rtpengine (userspace), Kamailio (registrar/proxy, SIP over WebSocket on WS_PORT), baresip (auto-answer far
// end with a tone and a fake video source, controlled over ctrl_tcp). Every process is ours and is killed on stop.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PORTS = { ws: 5066, wss: 5067, sip: 5060, rtpengineNg: 2223, baresip: 5070, baresipCtrl: 4444 };
const here = new URL('.', import.meta.url).pathname;

/** @param {number} port @param {number} timeoutMs */
async function waitForTcp(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/** @param {string} dir */
function baresipConfig(dir) {
  writeFileSync(join(dir, 'config'), [
    `sip_listen 127.0.0.1:${PORTS.baresip}`, 'net_interface 127.0.0.1', 'rtp_ports 31000-31999',
    'audio_source ausine,440', 'audio_alert aufile,/dev/null',
    'video_source fakevideo,nil', 'video_size 320x240', 'video_fps 15',
    'module_path /usr/lib/baresip/modules', 'module opus.so', 'module g711.so', 'module ausine.so', 'module aufile.so',
    'module fakevideo.so', 'module vp8.so', 'module account.so', 'module menu.so', 'module ctrl_tcp.so',
    `ctrl_tcp_listen 127.0.0.1:${PORTS.baresipCtrl}`, '',
  ].join('\n'));
  writeFileSync(join(dir, 'accounts'),
    `<sip:baresip@127.0.0.1:${PORTS.sip};transport=udp>;auth_pass=baresip-secret;answermode=auto;regint=30\n`);
  writeFileSync(join(dir, 'contacts'), '');
}

/** A throw-away self-signed certificate for wss:// on 127.0.0.1, and Kamailio's TLS profile using it. @param {string} dir */
function tlsConfig(dir) {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  writeFileSync(join(dir, 'tls.cfg'), `[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n` +
    `private_key = ${join(dir, 'key.pem')}\ncertificate = ${join(dir, 'cert.pem')}\n`);
  return join(dir, 'tls.cfg');
}

/** @param {string} name @param {string} command @param {string[]} args @param {Record<string, string>} [env] */
function run(name, command, args, env = {}) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  /** @type {string[]} */
  const log = [];
  let dropped = 0; // characters shifted out of the kept tail, so offsets into the whole output stay valid
  const keep = (/** @type {Buffer} */ chunk) => {
    log.push(chunk.toString());
    if (log.length > 2000) dropped += log.shift()?.length ?? 0;
  };
  /** The output from absolute character offset `from` (what is still kept of it), and the offset of its end. */
  const since = (from = 0) => {
    const text = log.join('');
    return { text: text.slice(Math.max(0, from - dropped)), end: dropped + text.length };
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('error', (error) => keep(Buffer.from(`${name} could not start: ${error.message} (is the Debian package installed?)\n`)));
  return { name, child, log, since };
}

/**
 * The contacts Kamailio's registrar holds for a user (asked over its control socket with kamcmd).
 * @param {string} dir @param {string} user @returns {Promise<string[]>}
 */
function registrarContacts(dir, user) {
  return new Promise((resolve, reject) => {
    execFile('kamcmd', ['-s', `unix:${join(dir, 'ctl.sock')}`, 'ul.lookup', 'location', user], (error, stdout, stderr) => {
      if (/not found/i.test(`${stdout}${stderr}`)) return resolve([]);
      if (error) return reject(new Error(`kamcmd ul.lookup failed: ${stderr || error.message}`));
      resolve([...stdout.matchAll(/Address:\s*(\S+)/g)].map((m) => m[1]));
    });
  });
}

/** Ready means callable: baresip's contact is in the registrar. @param {string} dir @param {string} user */
async function waitForRegistration(dir, user, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await registrarContacts(dir, user).catch(() => [])).length === 0) {
    if (Date.now() > deadline) throw new Error(`${user} did not register with Kamailio within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SIGTERM, then SIGKILL if it is still there after `graceMs`. @param {import('node:child_process').ChildProcess} child */
async function stopProcess(child, graceMs = 3000) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function startStack() {
  const dir = mkdtempSync(join(tmpdir(), 'vinteo-interop-'));
  baresipConfig(dir);
  const tls = tlsConfig(dir);
  const procs = [
    run('rtpengine', 'rtpengine', ['--config-file=none', '--table=-1', '--interface=127.0.0.1', `--listen-ng=127.0.0.1:${PORTS.rtpengineNg}`,
      '--foreground', '--log-stderr', '--port-min=30000', '--port-max=30999']),
    run('kamailio', 'kamailio', ['-f', join(here, 'kamailio.cfg'), '-DD', '-E', '-w', dir, '-P', join(dir, 'kamailio.pid')],
      { WS_PORT: String(PORTS.ws), WSS_PORT: String(PORTS.wss), SIP_PORT: String(PORTS.sip), TLS_CONFIG: tls, CTL_SOCKET: `unix:${join(dir, 'ctl.sock')}` }),
  ];
  // Last started, first stopped: baresip un-registers while Kamailio still answers (else it retries for 32 s).
  const stop = async () => {
    for (const p of [...procs].reverse()) await stopProcess(p.child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForTcp(PORTS.ws);
    procs.push(run('baresip', 'baresip', ['-f', dir]));
    await waitForTcp(PORTS.baresipCtrl);
    await waitForRegistration(dir, 'baresip');
  } catch (error) {
    // A stack that did not come up must not leave half of itself running.
    const logs = procs.map((p) => `--- ${p.name}\n${p.log.join('').slice(-2000)}`).join('\n');
    await stop();
    throw new Error(`${error instanceof Error ? error.message : error}\n${logs}`);
  }
  return { dir, procs, contacts: (/** @type {string} */ user) => registrarContacts(dir, user), wsUrl: `ws://127.0.0.1:${PORTS.ws}`, wssUrl: `wss://127.0.0.1:${PORTS.wss}`, domain: '127.0.0.1', logs: (/** @type {string} */ name, from = 0) => procs.find((p) => p.name === name)?.since(from) ?? { text: '', end: 0 }, stop };
}
