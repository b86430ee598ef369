// @ts-check
// Starts and stops the interoperability stack on 127.0.0.1 (run it inside the loopback-only namespace):
// rtpengine (userspace), Kamailio (registrar/proxy, SIP over WebSocket on WS_PORT), baresip (auto-answer far
// end with a tone and a fake video source, controlled over ctrl_tcp). Every process is ours and is killed on stop.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baresipCommand } from './baresip.js';

export const PORTS = { ws: 5066, wss: 5067, sip: 5060, rtpengineNg: 2223, baresip: 5070, baresipCtrl: 4444 };
const here = new URL('.', import.meta.url).pathname;
/** baresip's one account (its `accounts` file line; also what `uanew` gets to register again at once). */
const BARESIP_ACCOUNT = `<sip:baresip@127.0.0.1:${PORTS.sip};transport=udp>;auth_pass=baresip-secret;answermode=auto;regint=30`;
const BARESIP_AOR = `sip:baresip@127.0.0.1:${PORTS.sip}`;

/** @param {string} dir */
function baresipConfig(dir) {
  writeFileSync(
    join(dir, 'config'),
    [
      `sip_listen 127.0.0.1:${PORTS.baresip}`,
      'net_interface 127.0.0.1',
      'rtp_ports 31000-31999',
      'audio_source ausine,440',
      'audio_alert aufile,/dev/null',
      'video_source fakevideo,nil',
      'video_size 320x240',
      'video_fps 15',
      'module_path /usr/lib/baresip/modules',
      'module opus.so',
      'module g711.so',
      'module ausine.so',
      'module aufile.so',
      'module fakevideo.so',
      'module vp8.so',
      'module account.so',
      'module menu.so',
      'module ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${PORTS.baresipCtrl}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'accounts'), `${BARESIP_ACCOUNT}\n`);
  writeFileSync(join(dir, 'contacts'), '');
}

/** A throw-away self-signed certificate for wss:// on 127.0.0.1, and Kamailio's TLS profile using it. @param {string} dir */
function tlsConfig(dir) {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  writeFileSync(
    join(dir, 'tls.cfg'),
    `[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n` +
      `private_key = ${join(dir, 'key.pem')}\ncertificate = ${join(dir, 'cert.pem')}\n`,
  );
  return join(dir, 'tls.cfg');
}

/**
 * A process's output, kept across restarts of that process (so log offsets stay valid through a fault).
 * @returns {{ keep: (chunk: Buffer) => void, since: (from?: number) => { text: string, end: number } }}
 */
function logTail() {
  /** @type {string[]} */
  const log = [];
  let dropped = 0; // characters shifted out of the kept tail, so offsets into the whole output stay valid
  return {
    keep: (chunk) => {
      log.push(chunk.toString());
      if (log.length > 2000) dropped += log.shift()?.length ?? 0;
    },
    /** The output from absolute character offset `from` (what is still kept of it), and the offset of its end. */
    since: (from = 0) => {
      const text = log.join('');
      return { text: text.slice(Math.max(0, from - dropped)), end: dropped + text.length };
    },
  };
}

/**
 * @param {string} name @param {string} command @param {string[]} args @param {Record<string, string>} [env]
 * @param {ReturnType<typeof logTail>} [tail] the log to append to (a restarted process continues its predecessor's)
 */
function run(name, command, args, env = {}, tail = logTail()) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', tail.keep);
  child.stderr.on('data', tail.keep);
  child.on('error', (error) =>
    tail.keep(Buffer.from(`${name} could not start: ${error.message} (is the Debian package installed?)\n`)),
  );
  tail.keep(Buffer.from(`--- ${name} started (pid ${child.pid}) at ${new Date().toISOString()}\n`));
  child.on('exit', (code, signal) =>
    tail.keep(Buffer.from(`--- ${name} exited (${signal ?? code}) at ${new Date().toISOString()}\n`)),
  );
  return { name, child, tail, since: tail.since, command, args, env };
}

/** Is the TCP or UDP port on 127.0.0.1 free (we could bind it)? @param {number} port @param {'tcp' | 'udp'} proto */
function portFree(port, proto) {
  return new Promise((resolve) => {
    if (proto === 'udp') {
      const socket = createSocket('udp4');
      socket.once('error', () => {
        socket.close();
        resolve(false);
      });
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
      return;
    }
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Polls `check` every `intervalMs` until it is true; throws after `timeoutMs`. @param {() => Promise<boolean>} check @param {string} what */
async function until(check, what, timeoutMs = 10_000, intervalMs = 20) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Does a TCP connect to 127.0.0.1:port succeed? @param {number} port */
function tcpAccepts(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * Does rtpengine answer an ng-protocol `ping` on UDP? Kamailio must not start before it does: its rtpengine module
 * would mark the daemon down at its first call and every INVITE would reach baresip un-rewritten (488).
 * @param {number} port
 */
function rtpengineAnswers(port, timeoutMs = 200) {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const cookie = `probe${Date.now()}`;
    const done = (/** @type {boolean} */ ok) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('message', (message) => {
      if (message.toString().startsWith(`${cookie} `) && message.toString().includes('pong')) done(true);
    });
    socket.on('error', () => done(false));
    socket.send(`${cookie} d7:command4:pinge`, port, '127.0.0.1');
  });
}

/** Does Kamailio answer an out-of-dialog OPTIONS on UDP (its SIP workers are up)? @param {number} port */
function sipAnswers(port, timeoutMs = 200) {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const id = `probe-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const timer = setTimeout(() => {
      socket.close();
      resolve(false);
    }, timeoutMs);
    socket.on('message', (message) => {
      if (!message.toString().startsWith('SIP/2.0 200')) return;
      clearTimeout(timer);
      socket.close();
      resolve(true);
    });
    socket.on('error', () => {
      clearTimeout(timer);
      socket.close();
      resolve(false);
    });
    socket.bind(0, '127.0.0.1', () => {
      const local = socket.address().port;
      socket.send(
        [
          `OPTIONS sip:127.0.0.1:${port} SIP/2.0`,
          `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK-${id};rport`,
          'Max-Forwards: 70',
          `From: <sip:probe@127.0.0.1>;tag=${id}`,
          `To: <sip:127.0.0.1:${port}>`,
          `Call-ID: ${id}`,
          'CSeq: 1 OPTIONS',
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
        port,
        '127.0.0.1',
      );
    });
  });
}

/**
 * The contacts Kamailio's registrar holds for a user (asked over its control socket with kamcmd).
 * @param {string} dir @param {string} user @returns {Promise<string[]>}
 */
function registrarContacts(dir, user) {
  return new Promise((resolve, reject) => {
    execFile(
      'kamcmd',
      ['-s', `unix:${join(dir, 'ctl.sock')}`, 'ul.lookup', 'location', user],
      (error, stdout, stderr) => {
        if (/not found/i.test(`${stdout}${stderr}`)) return resolve([]);
        if (error) return reject(new Error(`kamcmd ul.lookup failed: ${stderr || error.message}`));
        resolve([...stdout.matchAll(/Address:\s*(\S+)/g)].map((m) => m[1]));
      },
    );
  });
}

/** SIGTERM (or `signal`), then SIGKILL if it is still there after `graceMs`. @param {import('node:child_process').ChildProcess} child */
async function stopProcess(child, graceMs = 3000, signal = /** @type {NodeJS.Signals} */ ('SIGTERM')) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** @param {import('node:child_process').ChildProcess | undefined} child */
const alive = (child) => child !== undefined && child.exitCode === null && child.signalCode === null;

export async function startStack() {
  const dir = mkdtempSync(join(tmpdir(), 'vinteo-interop-'));
  baresipConfig(dir);
  const tls = tlsConfig(dir);
  /** Live processes by name, in start order (rtpengine, kamailio, baresip); a restart keeps its place and its log. */
  /** @type {Map<string, ReturnType<typeof run>>} */
  const procs = new Map();
  const ctl = ['-s', `unix:${join(dir, 'ctl.sock')}`];
  const cmd = (/** @type {string} */ command, params = '') => baresipCommand(PORTS.baresipCtrl, command, params);

  const kamailioArgs = ['-f', join(here, 'kamailio.cfg'), '-DD', '-E', '-w', dir, '-P', join(dir, 'kamailio.pid')];
  const kamailioEnv = {
    WS_PORT: String(PORTS.ws),
    WSS_PORT: String(PORTS.wss),
    SIP_PORT: String(PORTS.sip),
    TLS_CONFIG: tls,
    CTL_SOCKET: ctl[1],
  };

  /**
   * Starts Kamailio (the same command line every time) and waits until it listens: `listeningAt` is when its
   * WebSocket port first accepted a TCP connection, `readyAt` when it also answered an OPTIONS on UDP.
   */
  const startKamailio = async () => {
    if (alive(procs.get('kamailio')?.child)) throw new Error('kamailio is already running');
    const startedAt = Date.now();
    procs.set('kamailio', run('kamailio', 'kamailio', kamailioArgs, kamailioEnv, procs.get('kamailio')?.tail));
    const child = /** @type {ReturnType<typeof run>} */ (procs.get('kamailio')).child;
    await until(
      async () => {
        if (!alive(child)) throw new Error('kamailio exited while starting');
        return tcpAccepts(PORTS.ws);
      },
      'kamailio to listen on ws',
      10_000,
      5,
    );
    const listeningAt = Date.now();
    await until(
      async () => (await tcpAccepts(PORTS.wss)) && (await sipAnswers(PORTS.sip)),
      'kamailio to listen on wss and answer OPTIONS on udp',
      10_000,
      5,
    );
    return { startedAt, listeningAt, readyAt: Date.now(), pid: child.pid };
  };

  /**
   * SIGTERM to Kamailio's main PID (`-DD`: it stays in the foreground and takes its children down), then waits until
   * its ws/wss/udp ports are free. `freeAt` is when they were.
   */
  const stopKamailio = async () => {
    const proc = procs.get('kamailio');
    const stoppedAt = Date.now();
    if (proc) await stopProcess(proc.child, 5000);
    await until(
      async () =>
        (await portFree(PORTS.ws, 'tcp')) && (await portFree(PORTS.wss, 'tcp')) && (await portFree(PORTS.sip, 'udp')),
      "kamailio's ports to be free",
      10_000,
      10,
    );
    return { stoppedAt, freeAt: Date.now() };
  };

  /** The registrar's baresip contacts are gone (a killed baresip leaves its binding behind, and Kamailio would fork to it). */
  const forgetBaresip = () =>
    new Promise((resolve) => execFile('kamcmd', [...ctl, 'ul.rm', 'location', 'baresip'], () => resolve(undefined)));

  /** Is baresip's own UA registered (`reginfo` shows OK rather than `zzz`)? */
  const baresipRegistered = async () =>
    /\bOK\b/.test(((await cmd('reginfo').catch(() => ({ data: '' }))).data ?? '').replace(/\x1b\[[0-9;]*m/g, ''));

  /** Starts baresip (config in the run's dir) and waits until ctrl_tcp answers and, when Kamailio runs, it is registered. */
  const startBaresip = async () => {
    if (alive(procs.get('baresip')?.child)) throw new Error('baresip is already running');
    await until(() => portFree(PORTS.baresip, 'udp'), "baresip's SIP port to be free", 10_000, 10);
    if (alive(procs.get('kamailio')?.child)) await forgetBaresip();
    procs.set('baresip', run('baresip', 'baresip', ['-f', dir], {}, procs.get('baresip')?.tail));
    await until(() => tcpAccepts(PORTS.baresipCtrl), 'baresip ctrl_tcp', 10_000, 20);
    if (alive(procs.get('kamailio')?.child)) {
      await until(
        async () => (await baresipRegistered()) && (await registrarContacts(dir, 'baresip').catch(() => [])).length > 0,
        'baresip to register with Kamailio',
        10_000,
        20,
      );
    }
    return { registeredAt: Date.now(), pid: procs.get('baresip')?.child.pid };
  };

  /** SIGKILL: a far end that vanishes silently (no BYE, no un-REGISTER; rtpengine stops getting its RTP). */
  const killBaresip = async () => {
    const proc = procs.get('baresip');
    const killedAt = Date.now();
    if (proc) await stopProcess(proc.child, 1000, 'SIGKILL');
    return { killedAt };
  };

  /** Stops baresip (SIGTERM with a grace, or SIGKILL while Kamailio is down: it would retry its un-REGISTER) and starts it again. */
  const restartBaresip = async () => {
    const proc = procs.get('baresip');
    if (proc) await stopProcess(proc.child, 3000, alive(procs.get('kamailio')?.child) ? 'SIGTERM' : 'SIGKILL');
    return startBaresip();
  };

  /**
   * Makes baresip REGISTER at once (after a Kamailio restart it would wait for its `regint`). baresip 1.0's ctrl_tcp has
   * no re-register command: `uanew` with the same account adds a UA that registers now; while baresip holds no call
   * the old UA is then deleted (`uadel` removes the first UA of that AOR, the old one), else it stays (its call lives on it).
   */
  const registerBaresip = async () => {
    const before = (await registrarContacts(dir, 'baresip').catch(() => [])).length;
    const idle = /Active calls \(0\)/.test((await cmd('listcalls')).data ?? '');
    const created = await cmd('uanew', BARESIP_ACCOUNT);
    if (!created.ok) throw new Error(`baresip uanew failed: ${created.data}`);
    if (idle) await cmd('uadel', BARESIP_AOR);
    await until(
      async () => (await registrarContacts(dir, 'baresip').catch(() => [])).length > (idle ? 0 : before),
      'baresip to register again',
      10_000,
      20,
    );
    return { registeredAt: Date.now(), replacedUa: idle };
  };

  /**
   * Kamailio down for `downMs` (SIGTERM, ports free, wait, same command line, listening again); baresip is made to
   * register again at once unless `registerBaresip` is false. `onStopped` hears the stop before the wait.
   * @param {{ downMs?: number, registerBaresip?: boolean, onStopped?: (stopped: { stoppedAt: number, freeAt: number }) => void }} [options]
   */
  const restartKamailio = async ({ downMs = 0, registerBaresip: reregister = true, onStopped } = {}) => {
    const stopped = await stopKamailio();
    onStopped?.(stopped);
    const upAt = stopped.stoppedAt + downMs;
    if (upAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, upAt - Date.now()));
    const started = await startKamailio();
    const baresip = reregister && alive(procs.get('baresip')?.child) ? await registerBaresip() : undefined;
    return { ...stopped, ...started, downMs: started.listeningAt - stopped.stoppedAt, baresip };
  };

  /** Back to a whole stack after a test's fault: Kamailio running, baresip running and in the registrar. */
  const heal = async () => {
    const healed = [];
    if (!alive(procs.get('kamailio')?.child)) {
      await startKamailio();
      healed.push('kamailio started');
    }
    if (!alive(procs.get('baresip')?.child)) {
      await startBaresip();
      healed.push('baresip started');
    }
    // A registerBaresip during a call left the old UA beside the new one: the old one goes (the first of that AOR),
    // else baresip's status line and call list follow the old "current" UA rather than the next call.
    const uas = Number(/User Agents \((\d+)\)/.exec((await cmd('reginfo')).data ?? '')?.[1] ?? 1);
    for (let i = 1; i < uas; i++) await cmd('uadel', BARESIP_AOR);
    if (uas > 1) healed.push(`baresip: ${uas - 1} old UA(s) deleted`);
    if ((await registrarContacts(dir, 'baresip').catch(() => [])).length === 0) {
      await registerBaresip();
      healed.push('baresip registered');
    }
    return { healed };
  };

  // Last started, first stopped: baresip un-registers while Kamailio still answers (else it retries for 32 s).
  const stop = async () => {
    const kamailioUp = alive(procs.get('kamailio')?.child);
    for (const p of [...procs.values()].reverse())
      await stopProcess(p.child, 3000, p.name === 'baresip' && !kamailioUp ? 'SIGKILL' : 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    procs.set(
      'rtpengine',
      run('rtpengine', 'rtpengine', [
        '--config-file=none',
        '--table=-1',
        '--interface=127.0.0.1',
        `--listen-ng=127.0.0.1:${PORTS.rtpengineNg}`,
        '--foreground',
        '--log-stderr',
        '--port-min=30000',
        '--port-max=30999',
      ]),
    );
    const rtpengine = /** @type {ReturnType<typeof run>} */ (procs.get('rtpengine')).child;
    await until(
      async () => {
        if (!alive(rtpengine)) throw new Error('rtpengine exited while starting');
        return rtpengineAnswers(PORTS.rtpengineNg);
      },
      'rtpengine to answer an ng ping',
      10_000,
      20,
    );
    await startKamailio();
    await startBaresip();
  } catch (error) {
    // A stack that did not come up must not leave half of itself running.
    const logs = [...procs.values()].map((p) => `--- ${p.name}\n${p.since().text.slice(-2000)}`).join('\n');
    await stop();
    throw new Error(`${error instanceof Error ? error.message : error}\n${logs}`);
  }
  return {
    dir,
    procs,
    contacts: (/** @type {string} */ user) => registrarContacts(dir, user),
    wsUrl: `ws://127.0.0.1:${PORTS.ws}`,
    wssUrl: `wss://127.0.0.1:${PORTS.wss}`,
    domain: '127.0.0.1',
    logs: (/** @type {string} */ name, from = 0) => procs.get(name)?.since(from) ?? { text: '', end: 0 },
    running: () => Object.fromEntries([...procs].map(([name, p]) => [name, alive(p.child)])),
    startKamailio,
    stopKamailio,
    restartKamailio,
    killBaresip,
    restartBaresip,
    registerBaresip,
    heal,
    stop,
  };
}
