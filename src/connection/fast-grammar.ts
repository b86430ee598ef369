/**
 * Fast paths for the simplest rules of sip.js's SIP grammar, used while our user agent parses a message it received.
 *
 * sip.js 0.21 ships its peggy grammar compiled in bytecode mode, and every `Grammar.parse` call rebuilds the whole
 * grammar (its ~800 constants and the decoded bytecode of ~230 rules) before it looks at the input: ~0.2 ms per call
 * on an idle machine whatever the input, ~8 calls per response (status line, Via, To, From, Call-ID, CSeq,
 * Content-Length, the challenge), so ~2 ms of every 407 → authenticated INVITE turnaround (bench/interop-setup.bench.ts
 * measures it with and without these). Fast paths: a response's status line, the top Via, From, To, Call-ID, CSeq, Content-Length,
 * Max-Forwards, a Digest challenge. Each accepts only a strict, common form of its header and returns exactly what the
 * grammar returns for it (checked against the grammar in test/unit/fast-grammar.test.ts); anything else goes to
 * the grammar. The status line of a request, Contact, Record-Route … always go to the grammar.
 *
 * The fast paths are in force only during our user agent's synchronous handling of a received message, so other
 * sip.js user agents on the page keep sip.js exactly as shipped.
 */
import { Grammar, NameAddrHeader, URI } from 'sip.js';
import type { UserAgent } from 'sip.js';

type Parse = (input: string, startRule: string) => unknown;
type FastRule = (input: string) => unknown;

/** RFC 3261 `word` characters (Call-ID), without the rarer ones the grammar treats specially. */
const WORD = "[A-Za-z0-9\\-.!%*_+`'~()]+";
const CALL_ID = new RegExp(`^${WORD}(?:@${WORD})?$`);
const CSEQ = /^(\d{1,9})[ ]+([A-Za-z]+)$/;
const NUMBER = /^\d{1,9}$/;
/** A response's status line with a reason phrase of unreserved / reserved characters and spaces only. */
const STATUS_LINE = /^SIP\/2\.0 (\d{3}) ([A-Za-z0-9\-_.!~*'()&=+$,;?/:@ ]*)$/;
const DIGEST = /^Digest +(.*)$/i;
const QUOTED = /^"([\x20\x21\x23-\x5b\x5d-\x7e]*)"$/;
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

const FAST: Record<string, FastRule> = {
  Call_ID: (input) => (CALL_ID.test(input) ? input : undefined),
  CSeq: (input) => {
    const m = CSEQ.exec(input);
    return m ? { value: parseInt(m[1], 10), method: m[2] } : undefined;
  },
  Content_Length: (input) => (NUMBER.test(input) ? parseInt(input, 10) : undefined),
  Max_Forwards: (input) => (NUMBER.test(input) ? parseInt(input, 10) : undefined),
  Request_Response: (input) => {
    const m = STATUS_LINE.exec(input);
    return m ? { sip_version: 'SIP/2.0', status_code: parseInt(m[1], 10), reason_phrase: m[2] } : undefined;
  },
  Via: (input) => via(input),
  From: (input) => nameAddr(input),
  To: (input) => nameAddr(input),
  Proxy_Authenticate: (input) => digestChallenge(input),
  WWW_Authenticate: (input) => digestChallenge(input),
};

const PARAM = "[a-z0-9\\-_.!~*']+";
const PARAMS = `(?:;${PARAM}(?:=${PARAM})?)*`;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
/** `["display name"] <sip(s):[user@]host[:port][;uri-params]>[;params]`, lower-case parameters, no escapes. */
const NAME_ADDR = new RegExp(
  `^(?:"([^"\\\\\\x00-\\x1f\\x7f]*)" *)?<(sips?):(?:([A-Za-z0-9\\-_.!~*'()&=+$,]+)@)?` +
    `(${LABEL}(?:\\.${LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::(\\d{1,5}))?(${PARAMS})>(${PARAMS})$`,
);
/** URI parameters with rules of their own in the grammar (their values are checked or normalised). */
const SPECIAL_URI_PARAMS = new Set(['transport', 'user', 'method', 'ttl', 'maddr', 'lr']);

/** From / To in their common form (a hostname whose last label starts with a letter, or a dotted IPv4 address). */
function nameAddr(input: string): NameAddrHeader | undefined {
  const m = NAME_ADDR.exec(input);
  if (!m || !plainHost(m[4])) return undefined;
  const uriParams = params(m[6]);
  if (!uriParams || Object.keys(uriParams).some((k) => SPECIAL_URI_PARAMS.has(k))) return undefined;
  const headerParams = params(m[7]);
  if (!headerParams) return undefined;
  const port = m[5] === undefined ? undefined : parseInt(m[5], 10);
  const uri = new URI(m[2], m[3] as string, m[4], port, uriParams, {});
  // sip.js types parameters as strings; a valueless one is null, as the grammar makes it.
  return new NameAddrHeader(uri, m[1] as string, headerParams as Record<string, string>);
}

function plainHost(host: string): boolean {
  if (host.startsWith('[')) return false;
  const labels = host.split('.');
  if (labels.every((l) => /^\d+$/.test(l)))
    return labels.length === 4 && labels.every((l) => Number(l) <= 255 && !/^0\d/.test(l));
  return /^[A-Za-z]/.test(labels[labels.length - 1]);
}

const IPV4 = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}';
const VIA = new RegExp(
  `^SIP/2\\.0/(UDP|TCP|TLS|WS|WSS) (${LABEL}(?:\\.${LABEL})*)(?::(\\d{1,5}))?((?:;[a-z]+=[A-Za-z0-9.\\-_!~*'+%]+)*)$`,
);

/**
 * `SIP/2.0/<transport> host[:port]` with only `branch`, `rport=<port>` and `received=<IPv4>` parameters, once each.
 * The grammar's `host_type` is the type of the last address it read: the received address when there is one.
 */
function via(input: string): Record<string, unknown> | undefined {
  const m = VIA.exec(input);
  if (!m || !plainHost(m[2])) return undefined;
  const data: Record<string, unknown> = { protocol: 'SIP', transport: m[1] };
  data.host_type = new RegExp(`^${IPV4}$`).test(m[2]) ? 'IPv4' : 'domain';
  data.host = m[2];
  if (m[3] !== undefined) data.port = parseInt(m[3], 10);
  for (const param of m[4].split(';').slice(1)) {
    const [name, value] = param.split('=');
    if (name in data || !viaParam(name, value)) return undefined;
    if (name === 'received') data.host_type = 'IPv4';
    data[name] = value;
  }
  return typeof data.branch === 'string' ? data : undefined;
}

function viaParam(name: string, value: string): boolean {
  if (name === 'branch') return /^[A-Za-z0-9.\-_!~*'+%]+$/.test(value);
  if (name === 'rport') return /^\d{1,5}$/.test(value);
  return name === 'received' && new RegExp(`^${IPV4}$`).test(value);
}

/** `;a=b;c` → {a: 'b', c: null}; undefined when a name repeats. */
function params(text: string): Record<string, string | null> | undefined {
  const result: Record<string, string | null> = {};
  for (const part of text.split(';').slice(1)) {
    const [name, value] = part.split('=');
    if (name in result) return undefined;
    result[name] = value ?? null;
  }
  return result;
}

/** `Digest realm="…", nonce="…"[, opaque="…"][, algorithm=MD5][, qop="auth"][, stale=true|false]`. */
function digestChallenge(input: string): Record<string, unknown> | undefined {
  const body = DIGEST.exec(input)?.[1];
  if (body === undefined) return undefined;
  const data: Record<string, unknown> = {};
  for (const param of body.split(/ *, */)) {
    const eq = param.indexOf('=');
    if (eq < 1 || !digestParam(data, param.slice(0, eq).toLowerCase(), param.slice(eq + 1))) return undefined;
  }
  return typeof data.realm === 'string' && typeof data.nonce === 'string' ? data : undefined;
}

function digestParam(data: Record<string, unknown>, name: string, value: string): boolean {
  const quoted = QUOTED.exec(value)?.[1];
  if ((name === 'realm' || name === 'nonce' || name === 'opaque') && quoted !== undefined && !(name in data)) {
    data[name] = quoted;
    return true;
  }
  // The grammar takes "MD5" before trying "MD5-sess" (a PEG choice), so it refuses `algorithm=MD5-sess`: not here.
  if (name === 'algorithm' && /^md5$/i.test(value)) return ((data.algorithm = value.toUpperCase()), true);
  if (name === 'stale' && /^(?:true|false)$/i.test(value)) return ((data.stale = value.toLowerCase() === 'true'), true);
  if (name !== 'qop' || quoted === undefined || 'qop' in data) return false;
  const values = quoted.split(',');
  if (!values.every((v) => TOKEN.test(v))) return false;
  data.qop = values.map((v) => v.toLowerCase());
  return true;
}

/** Grammar.parse with the fast paths in front of `original`. */
export function fastParse(original: Parse): Parse {
  return (input, startRule) => {
    const fast = typeof input === 'string' ? FAST[startRule]?.(input) : undefined;
    return fast !== undefined ? fast : original(input, startRule);
  };
}

/**
 * Makes `ua` parse the messages it receives with the fast paths: its transport's message callback swaps
 * `Grammar.parse` for the fast one while sip.js handles the message synchronously, and puts it back after.
 */
export function withFastParsing(ua: UserAgent): UserAgent {
  const transport = ua.transport as { onMessage?: (message: string) => void };
  const deliver = transport.onMessage;
  if (!deliver) return ua;
  transport.onMessage = (message: string) => {
    const grammar = Grammar as unknown as { parse: Parse };
    const original = grammar.parse;
    grammar.parse = fastParse(original);
    try {
      deliver(message);
    } finally {
      grammar.parse = original;
    }
  };
  return ua;
}
