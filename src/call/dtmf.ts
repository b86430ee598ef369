/** DTMF helpers: tone validation, the `application/dtmf-relay` body, and its parser. */
import { ConfigError } from '../errors.js';

export const DTMF_RELAY = 'application/dtmf-relay';

/** Normalises a tone string ("12#", "a,b" …) into single tones; `,` is a pause and dropped. */
export function parseTones(tones: unknown): string[] {
  if (typeof tones !== 'string' || !tones.length)
    throw new ConfigError('DTMF tones must be a non-empty string', { code: 'invalid-argument' });
  const list = [...tones.toUpperCase()].filter((c) => c !== ',' && c !== ' ');
  const bad = list.find((c) => !/^[0-9A-D*#]$/.test(c));
  if (bad !== undefined || !list.length)
    throw new ConfigError('DTMF tones may only contain 0-9, A-D, * and #', { code: 'invalid-argument' });
  return list;
}

export function dtmfRelayBody(tone: string, duration: number): string {
  return `Signal=${tone}\r\nDuration=${Math.round(duration)}\r\n`;
}

/** Parses an `application/dtmf-relay` body; returns undefined for garbage. */
export function parseDtmfRelay(body: string): { tone: string; duration: number } | undefined {
  const signal = /^\s*Signal\s*=\s*([0-9A-Da-d*#]|1[0-6])\s*$/im.exec(body)?.[1];
  if (!signal) return undefined;
  const duration = Number(/^\s*Duration\s*=\s*(\d+)\s*$/im.exec(body)?.[1] ?? 0);
  const tone = /^\d\d$/.test(signal) ? eventCodeToTone(Number(signal)) : signal.toUpperCase();
  return tone ? { tone, duration } : undefined;
}

/** RFC 4733 event codes 10–15 as used by some servers in dtmf-relay bodies. */
function eventCodeToTone(code: number): string | undefined {
  return ({ 10: '*', 11: '#', 12: 'A', 13: 'B', 14: 'C', 15: 'D' } as Record<number, string>)[code];
}
