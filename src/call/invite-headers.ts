/** The Vinteo INVITE headers (docs/protocol.md §4), in the order the server expects. */
import { ConfigError } from '../errors.js';
import { isValidHeaderLine } from '../util/headers.js';

export interface InviteHeaderInput {
  micEnabled: boolean;
  cameraEnabled: boolean;
  registered: boolean;
  sessionId?: string;
  presentationCall?: boolean;
  remoteAddress?: string;
  extraHeaders?: string[];
}

export function inviteHeaders(input: InviteHeaderInput): string[] {
  const headers = [
    `X-Vinteo-Mic-State: ${input.micEnabled ? 1 : 0}`,
    `X-Vinteo-MainCam-State: ${input.cameraEnabled ? 1 : 0}`,
  ];
  if (!input.registered) headers.push('X-Vinteo-Purgatory-Call: yes');
  if (input.sessionId?.trim()) headers.push(`X-Vinteo-Session: ${input.sessionId.trim()}`);
  if (input.presentationCall) headers.push('X-Vinteo-Presentation-Call: yes');
  if (input.remoteAddress?.trim()) headers.push(`X-Vinteo-Remote: ${input.remoteAddress.trim()}`);
  return [...headers, ...checkedExtraHeaders(input.extraHeaders)];
}

export function checkedExtraHeaders(headers: unknown): string[] {
  if (headers === undefined) return [];
  if (!Array.isArray(headers) || !headers.every(isValidHeaderLine)) {
    throw new ConfigError('extraHeaders must be "Name: value" strings without line breaks', {
      code: 'invalid-argument',
    });
  }
  return headers;
}

/**
 * `sip:{target}@{domain}` unless the target already is a SIP URI or has a host. A target is what a page dials, so it
 * may not smuggle anything else into the INVITE: URI headers (`?Subject=…`, `?Replaces=…` become request headers or
 * change what the request means) and parameters are refused, except the two a dial string legitimately carries
 * (RFC 3261 §19.1.1): `transport` (udp|tcp|tls|ws|wss, the next hop's transport) and `user=phone|ip`. `maddr`,
 * `method`, `lr`, `ttl` … redirect or re-route the request and are refused, as is a password in the user part.
 * Messages never echo the target (it may hold a secret).
 */
export function targetUri(target: string, domain: string): string {
  const value = typeof target === 'string' ? target.trim() : '';
  if (!value) throw invalidTarget('target must be a number, a user or a SIP URI');
  if (value.includes('?')) throw invalidTarget('target must not carry URI headers (?…)');
  if (/[\x00-\x20\x7f<>"]/.test(value))
    throw invalidTarget('target must not contain spaces, control characters, <, > or "');
  const scheme = /^sips?:/i.exec(value)?.[0].toLowerCase();
  const rest = scheme ? value.slice(scheme.length) : value;
  const at = rest.indexOf('@');
  if (at < 0 && !scheme) {
    checkUser(rest);
    return `sip:${rest}@${domain}`;
  }
  if (at >= 0) checkUser(rest.slice(0, at));
  const [hostport, ...params] = rest.slice(at + 1).split(';');
  checkHost(hostport);
  checkParams(params);
  return `${scheme ?? 'sip:'}${rest}`;
}

/** RFC 3261 user characters (unreserved, escaped, user-unreserved) without `;` `?` and `:` (no password). */
const USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,/]|%[0-9A-Fa-f]{2})+$/;
/** A hostname / IPv4 address, or an IPv6 reference, with an optional port. */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;
const ALLOWED_PARAMS: Record<string, RegExp> = { transport: /^(?:udp|tcp|tls|ws|wss)$/i, user: /^(?:phone|ip)$/i };

function checkUser(user: string): void {
  if (!USER.test(user))
    throw invalidTarget(
      "the user part of target may hold letters, digits and -_.!~*'()&=+$,/ only (no password, no parameters)",
    );
  if (/%(?:[01][0-9A-Fa-f]|7[Ff])/.test(user))
    throw invalidTarget('target must not contain escaped control characters');
}

function checkHost(hostport: string): void {
  const match = HOST.exec(hostport);
  if (!match || (match[1] !== undefined && (Number(match[1]) < 1 || Number(match[1]) > 65535)))
    throw invalidTarget('the host of target is not a valid host[:port]');
}

function checkParams(params: string[]): void {
  const seen = new Set<string>();
  for (const param of params) {
    const [name, paramValue, extra] = param.split('=');
    const key = name.toLowerCase();
    const allowed = ALLOWED_PARAMS[key];
    if (!allowed || paramValue === undefined || extra !== undefined || !allowed.test(paramValue) || seen.has(key)) {
      throw invalidTarget(
        'target may carry only the URI parameters transport=udp|tcp|tls|ws|wss and user=phone|ip, once each',
      );
    }
    seen.add(key);
  }
}

function invalidTarget(message: string): ConfigError {
  return new ConfigError(message, { code: 'invalid-argument' });
}
