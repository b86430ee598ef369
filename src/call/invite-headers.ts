/** The Vinteo INVITE headers (reference §3.4), in the order the server expects. */
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
    throw new ConfigError('extraHeaders must be "Name: value" strings without line breaks', { code: 'invalid-argument' });
  }
  return headers;
}

/** `sip:{target}@{domain}` unless the target already is a SIP URI or has a host. */
export function targetUri(target: string, domain: string): string {
  const value = target.trim();
  if (!value || /[\s<>"]/.test(value)) throw new ConfigError('target must be a number, a user or a SIP URI', { code: 'invalid-argument' });
  if (/^sips?:/i.test(value)) return value;
  return value.includes('@') ? `sip:${value}` : `sip:${value}@${domain}`;
}
