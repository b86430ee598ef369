// @ts-check
// A bandwidth cap on the loopback interface (Linux traffic control), for tests that need a slow network: UDP
// (the media: RTP, RTCP, ICE) through a token bucket, everything else (SIP over WebSocket, the test runner's own
// HTTP and WebSocket, the browser's DevTools socket) untouched, so the test can still talk to the runner and
// lift the cap. `netem` does not exist on these kernels; `htb` + `u32` + `tbf` do.
//
//   root 1: htb (unclassified traffic bypasses it) ── class 1:1 (rate = ceil = the cap) ── 10: tbf (drops what
//   waits longer than `latencyMs`) ← filter: IPv4 protocol 17 (UDP)
//
// It refuses to touch anything unless the process's network namespace has no interface but `lo` (`unshare -n`,
// what every browser test group runs in): a cap can never reach a real machine's network. The cap is lifted by
// `lift()`, by the server's reset() / resetFaults() (tests call reset in afterEach, and the test runner plugin
// resets faults when a new test file starts), when the server stops, and after `ms` at the latest; the namespace
// itself goes with the test run.
import { execFile } from 'node:child_process';

const DEV = 'lo';

/**
 * @param {string} file @param {string[]} args
 * @returns {Promise<string>}
 */
function run(file, args) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 5000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')}: ${String(stderr).trim() || error.message}`));
      else resolve(String(stdout));
    });
  });
}

/** The names of this namespace's interfaces (`ip -o link`: `1: lo: <…>`). */
export async function interfaces() {
  const out = await run('ip', ['-o', 'link', 'show']);
  return out
    .split('\n')
    .map((line) => /^\d+:\s+([^:@\s]+)/.exec(line)?.[1])
    .filter((name) => name !== undefined);
}

/** Throws unless the only interface is `lo`. */
async function assertLoopbackOnly() {
  const names = await interfaces();
  if (names.length !== 1 || names[0] !== DEV)
    throw new Error(
      `refusing to shape traffic: this network namespace has interfaces other than lo (${names.join(', ')}); ` +
        `run the tests inside \`unshare -n sh -c 'ip link set lo up && …'\``,
    );
}

/**
 * @typedef {{ rateKbit: number, burstKbit?: number, latencyMs?: number, ms?: number }} CapArgs
 * @typedef {{ rateKbit: number, burstKbit: number, latencyMs: number, until: number }} CapState
 */

/** @param {CapArgs} args */
function validated({ rateKbit, burstKbit = 16, latencyMs = 50, ms = 60_000 }) {
  const positive = (/** @type {number} */ n) => Number.isFinite(n) && n > 0;
  if (!positive(rateKbit) || rateKbit > 1_000_000) throw new Error('rateKbit must be a number from 1 to 1 000 000');
  if (!positive(burstKbit) || !positive(latencyMs)) throw new Error('burstKbit and latencyMs must be numbers > 0');
  if (!positive(ms) || ms > 10 * 60_000) throw new Error('ms must be a number from 1 to 600 000');
  return { rateKbit, burstKbit, latencyMs, ms };
}

export class LinkCap {
  /** @type {CapState | undefined} */
  state;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #timer;
  /** Serialises apply/lift (a lift while an apply runs must win). */
  #queue = Promise.resolve();

  /** @template T @param {() => Promise<T>} task @returns {Promise<T>} */
  #serialised(task) {
    const next = this.#queue.then(task, task);
    this.#queue = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Caps UDP on lo at `rateKbit` (replacing an earlier cap) until lift(), a reset, or `ms` (default 60 s). @param {CapArgs} args */
  apply(args) {
    const { rateKbit, burstKbit, latencyMs, ms } = validated(args);
    return this.#serialised(async () => {
      await assertLoopbackOnly();
      await this.#remove();
      const rate = `${rateKbit}kbit`;
      try {
        await run('tc', ['qdisc', 'add', 'dev', DEV, 'root', 'handle', '1:', 'htb']);
        await run('tc', [
          'class',
          'add',
          'dev',
          DEV,
          'parent',
          '1:',
          'classid',
          '1:1',
          'htb',
          'rate',
          rate,
          'ceil',
          rate,
        ]);
        const tbf = ['rate', rate, 'burst', `${burstKbit}kbit`, 'latency', `${latencyMs}ms`];
        await run('tc', ['qdisc', 'add', 'dev', DEV, 'parent', '1:1', 'handle', '10:', 'tbf', ...tbf]);
        const udp = ['protocol', 'ip', 'prio', '1', 'u32', 'match', 'ip', 'protocol', '17', '0xff', 'flowid', '1:1'];
        await run('tc', ['filter', 'add', 'dev', DEV, 'parent', '1:', ...udp]);
      } catch (error) {
        await this.#remove();
        throw error;
      }
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.lift().catch(() => undefined), ms);
      this.#timer.unref?.();
      this.state = { rateKbit, burstKbit, latencyMs, until: Date.now() + ms };
      return { ...this.state, ...(await this.#counters()) };
    });
  }

  /** Removes the cap (no tc at all without one); returns what the cap sent and dropped while it was on. */
  lift() {
    return this.#serialised(async () => {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      if (!this.state) return { lifted: false, sent: 0, dropped: 0 };
      const counters = await this.#counters();
      this.state = undefined;
      await this.#remove();
      return { lifted: true, ...counters };
    });
  }

  /** The cap now (or null) and the tbf's packet counters. */
  status() {
    return this.#serialised(async () => (this.state ? { ...this.state, ...(await this.#counters()) } : null));
  }

  /** Deletes our root qdisc on lo, if it is there (only called once the namespace was checked). */
  async #remove() {
    const qdiscs = await run('tc', ['qdisc', 'show', 'dev', DEV]);
    if (/^qdisc htb 1: root/m.test(qdiscs)) await run('tc', ['qdisc', 'del', 'dev', DEV, 'root']);
  }

  /** Packets the tbf sent and dropped (`tc -s qdisc`: `Sent N bytes M pkt (dropped D, …)`). */
  async #counters() {
    const out = await run('tc', ['-s', 'qdisc', 'show', 'dev', DEV]);
    const tbf = /qdisc tbf 10:[^\n]*\n\s*Sent \d+ bytes (\d+) pkt \(dropped (\d+)/.exec(out);
    return { sent: Number(tbf?.[1] ?? 0), dropped: Number(tbf?.[2] ?? 0) };
  }
}
