// @ts-check
// Talks to baresip's ctrl_tcp module (netstring-framed JSON on 127.0.0.1): one-shot commands, and a standing
// connection that records every event baresip reports (CALL_ESTABLISHED, CALL_DTMF_START, CALL_CLOSED, …) so
// tests can assert on what the far end itself saw.
import { createConnection } from 'node:net';

/**
 * Splits a netstring stream into JSON messages. Returns the unconsumed rest.
 * @param {string} data @param {(message: any) => void} onMessage
 */
function drainNetstrings(data, onMessage) {
  for (;;) {
    const match = /^(\d+):/.exec(data);
    if (!match) return data;
    const start = match[0].length;
    const end = start + Number(match[1]);
    if (data.length < end + 1) return data;
    const body = data.slice(start, end);
    try {
      onMessage(JSON.parse(body));
    } catch {
      onMessage({ raw: body });
    }
    data = data.slice(end + 1);
  }
}

/** @param {string} command @param {string} params */
function frame(command, params) {
  const json = JSON.stringify({ command, params, token: `${command}-${Date.now()}` });
  return `${Buffer.byteLength(json)}:${json},`;
}

/**
 * Sends one command and resolves with baresip's response (events that arrive first are skipped).
 * @param {number} port @param {string} command @param {string} [params]
 */
export function baresipCommand(port, command, params = '') {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`baresip ${command} timed out`));
    }, 5000);
    const done = (/** @type {any} */ message) => {
      if (!message.response) return;
      clearTimeout(timer);
      socket.end();
      resolve(message);
    };
    socket.on('connect', () => socket.write(frame(command, params)));
    socket.on('data', (chunk) => {
      data = drainNetstrings(data + chunk, done);
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * Keeps a ctrl_tcp connection open and records baresip's events.
 * @param {number} port
 */
export function baresipEvents(port) {
  /** @type {Array<{ type: string, param?: string, class?: string, peeruri?: string, at: number }>} */
  const events = [];
  const socket = createConnection({ host: '127.0.0.1', port });
  let data = '';
  socket.on('data', (chunk) => {
    data = drainNetstrings(data + chunk, (message) => {
      if (message.event) events.push({ ...message, at: Date.now() });
    });
  });
  socket.on('error', () => undefined);
  return {
    events,
    clear: () => {
      events.length = 0;
    },
    close: () => socket.destroy(),
  };
}

/**
 * What baresip itself saw of the current call: from its log since the mark (its once-a-tick status line
 * `audio=TX/RX video=TX/RX (bit/s)` carries its own RTP receive rates) and its call list.
 * @param {{ log: string, listcalls: string }} input
 */
export function farEndView({ log, listcalls }) {
  const digits = (/** @type {RegExp} */ re) => [...log.matchAll(re)].map((m) => m[1]).join('');
  const rates = [...log.matchAll(/audio=\d+\/(\d+) video=\d+\/(\d+) \(bit\/s\)/g)];
  return {
    audioInBitrate: Math.max(0, ...rates.map((m) => Number(m[1]))),
    videoInBitrate: Math.max(0, ...rates.map((m) => Number(m[2]))),
    videoDecoded: /video: receiving with resolution \d+ x \d+/.test(log),
    infoDigits: digits(/received DTMF: '(.)'/g),
    rfc4733Digits: digits(/received event: '(.)' \(end=1\)/g),
    activeCalls: Number(/Active calls \((\d+)\)/.exec(listcalls)?.[1] ?? NaN),
  };
}
