// @ts-check
// A scriptable far end for the interop group: one sipp process per scenario (test/interop/sipp/*.xml) on
// 127.0.0.1:SIPP_PORT, behind Kamailio. Kamailio routes R-URI user `sipp` straight to that port (see the `sipp`
// block in kamailio.cfg), so sipp needs no REGISTER. `-trace_msg` keeps every SIP message sipp sent and received;
// messages() parses that log so a test can assert on exactly what the far end saw. Only the process started here
// is ever killed, by its own handle.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Fixed in kamailio.cfg (the `sipp` block); safe inside the loopback-only namespace. */
export const SIPP_PORT = 5080;
/** sipp's media port (its SDP answer's audio port): clear of rtpengine (30000+) and baresip (31000+). */
export const SIPP_MEDIA_PORT = 32000;
const here = new URL('.', import.meta.url).pathname;

/** @typedef {{ direction: 'sent' | 'received', firstLine: string, method?: string, status?: number, headers: Array<[string, string]>, body: string, raw: string }} SippMessage */

/** Is anything bound to UDP 127.0.0.1:port in this network namespace? @param {number} port */
function udpBound(port) {
  const hex = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .some((line) => line.trim().split(/\s+/)[1] === hex);
}

/**
 * Splits sipp's -trace_msg log into messages. Each entry looks like
 * `----… <timestamp>\nUDP message received [N] bytes :\n\n<message>` (or `… message sent (N bytes):`).
 * @param {string} log @returns {SippMessage[]}
 */
export function parseMessageLog(log) {
  /** @type {SippMessage[]} */
  const messages = [];
  const entries = log.split(/^-{10,}[^\n]*\n/m).slice(1);
  for (const entry of entries) {
    const head = /^\w+ message (received|sent) ?[[(](\d+)[\])]? ?bytes[^\n]*\n\n/.exec(entry);
    if (!head) continue;
    // Exactly the byte count sipp states: the log adds its own line breaks after each message.
    const raw = Buffer.from(entry.slice(head[0].length)).subarray(0, Number(head[2])).toString();
    const split = raw.indexOf('\r\n\r\n');
    const headerText = split === -1 ? raw : raw.slice(0, split);
    const body = split === -1 ? '' : raw.slice(split + 4);
    const [firstLine, ...lines] = headerText.split('\r\n');
    /** @type {Array<[string, string]>} */
    const headers = [];
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1][1] += ` ${line.trim()}`;
      else if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
    const status = /^SIP\/2\.0 (\d{3})/.exec(firstLine);
    messages.push({
      direction: /** @type {'sent' | 'received'} */ (head[1]),
      firstLine,
      headers,
      body,
      raw,
      ...(status ? { status: Number(status[1]) } : { method: firstLine.split(' ')[0] }),
    });
  }
  return messages;
}

/**
 * Starts sipp for one call of `scenario` (a file in test/interop/sipp/) and resolves once it listens.
 * @param {{ scenario: string, port?: number, mediaPort?: number, timeoutS?: number }} options
 */
export async function startSipp({ scenario, port = SIPP_PORT, mediaPort = SIPP_MEDIA_PORT, timeoutS = 60 }) {
  if (!/^[\w.-]+\.xml$/.test(scenario)) throw new Error(`not a scenario file name: ${scenario}`);
  const file = join(here, 'sipp', scenario);
  if (!existsSync(file)) throw new Error(`no scenario ${file}`);
  if (udpBound(port)) throw new Error(`UDP 127.0.0.1:${port} is already taken (a sipp still running?)`);
  const dir = mkdtempSync(join(tmpdir(), 'vinteo-sipp-'));
  const messageFile = join(dir, 'messages.log');
  const args = [
    '-sf',
    file,
    '-i',
    '127.0.0.1',
    '-mi',
    '127.0.0.1',
    '-p',
    String(port),
    '-mp',
    String(mediaPort),
    '-t',
    'u1',
    '-m',
    '1',
    '-nostdin',
    '-timeout',
    `${timeoutS}s`,
    '-timeout_error',
    '-trace_msg',
    '-message_file',
    messageFile,
    '-trace_err',
    '-error_file',
    join(dir, 'errors.log'),
  ];
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  /** @type {string[]} */
  const output = [];
  const keep = (/** @type {Buffer} */ chunk) => {
    output.push(chunk.toString());
    if (output.length > 500) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  /** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
  const exited = new Promise((resolve) => {
    child.on('error', (error) => {
      keep(Buffer.from(`sipp could not start: ${error.message} (is sip-tester installed?)\n`));
      resolve({ code: null, signal: null });
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  /** @type {{ code: number | null, signal: NodeJS.Signals | null } | undefined} */
  let exit;
  void exited.then((e) => {
    exit = e;
  });
  let killed = false;
  const read = (/** @type {string} */ name) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      return '';
    }
  };

  const sipp = {
    pid: child.pid,
    /** Every SIP message in the log so far (sipp writes each one as it goes). */
    messages: () => parseMessageLog(read('messages.log')),
    output: () => output.join('') + read('errors.log'),
    get exit() {
      return exit;
    },
    /**
     * Waits up to `waitMs` for sipp to finish its one call by itself; kills it (SIGTERM, then SIGKILL) if it does
     * not. Exit code 0 means the scenario ran to its end; `killed` says we had to stop it.
     */
    async stop(waitMs = 0) {
      const timeout = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());
      if (!exit && waitMs > 0) await Promise.race([exited, timeout(waitMs)]);
      if (!exit) {
        killed = true;
        child.kill('SIGTERM');
        await Promise.race([exited, timeout(2000)]);
        if (!exit) child.kill('SIGKILL');
      }
      const result = { ...(await exited), killed, messages: sipp.messages(), output: sipp.output() };
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
  };
  const deadline = Date.now() + 5000;
  while (!udpBound(port)) {
    if (exit || Date.now() > deadline) {
      await sipp.stop();
      throw new Error(`sipp did not listen on 127.0.0.1:${port}\n${output.join('').slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return sipp;
}
