// @ts-check
// SIP text on the wire: parsing (sip.js's own core parser), and building requests and responses by hand.
import { randomBytes } from 'node:crypto';
import { Grammar, Parser } from 'sip.js/lib/core/index.js';

const quietLogger = /** @type {any} */ ({ log() {}, warn() {}, error() {}, debug() {} });

/** @param {string} text */
export function parse(text) {
  try {
    return Parser.parseMessage(text, quietLogger);
  } catch {
    return undefined;
  }
}

export const newTag = () => randomBytes(6).toString('hex');
export const newBranch = () => `z9hG4bK${randomBytes(8).toString('hex')}`;
export const newCallId = () => `${randomBytes(10).toString('hex')}@vinteo.local`;

/** @param {string} value a name-addr or addr-spec header value → its URI string */
export function uriOf(value) {
  const angle = /<([^>]+)>/.exec(value);
  return (angle ? angle[1] : value.split(';')[0]).trim();
}

/** @param {string} uri */
export function userOf(uri) {
  const parsed = Grammar.URIParse(uriOf(uri));
  return parsed?.user ?? '';
}

/** @param {string} value  @param {string} name */
export function paramOf(value, name) {
  return new RegExp(`;\\s*${name}=([^;>\\s]+)`, 'i').exec(value.replace(/<[^>]*>/, ''))?.[1];
}

/** Every header of a parsed message as {Name: value}, repeated ones joined. @param {any} message */
export function headerMap(message) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [name, values] of Object.entries(message.headers ?? {})) {
    out[name] = /** @type {Array<{raw: string}>} */ (values).map((v) => v.raw).join(', ');
  }
  return out;
}

/**
 * @param {string} startLine
 * @param {Array<[string, string | number]>} headers
 * @param {string} [body]
 */
export function serialize(startLine, headers, body = '') {
  const lines = [
    startLine,
    ...headers.map(([n, v]) => `${n}: ${v}`),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ];
  return lines.join('\r\n');
}

/**
 * A response to a parsed request.
 * @param {any} request
 * @param {number} status
 * @param {string} reason
 * @param {{ toTag?: string, headers?: Array<[string, string | number]>, body?: string, contentType?: string }} [options]
 */
export function response(request, status, reason, options = {}) {
  /** @type {Array<[string, string | number]>} */
  const headers = request
    .getHeaders('via')
    .map((/** @type {string} */ v) => /** @type {[string, string]} */ (['Via', v]));
  headers.push(['From', request.getHeader('from')]);
  const to = request.getHeader('to');
  headers.push(['To', options.toTag && !/;\s*tag=/i.test(to) ? `${to};tag=${options.toTag}` : to]);
  headers.push(['Call-ID', request.callId], ['CSeq', `${request.cseq} ${request.method}`]);
  headers.push(['Server', 'vinteo-elements local server'], ...(options.headers ?? []));
  if (options.body) headers.push(['Content-Type', options.contentType ?? 'application/sdp']);
  return serialize(`SIP/2.0 ${status} ${reason}`, headers, options.body ?? '');
}
