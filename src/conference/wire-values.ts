/**
 * Readers for the values of Vinteo headers (docs/protocol.md §6): case-insensitive names, blank values absent, enums
 * matched case-insensitively and returned in canonical form, numbers validated, free text kept in its original
 * case and capped in size. Each reader reports what it refused through `warn` and never throws.
 */
import { getHeader } from '../util/headers.js';

/** Longest free-text value we accept (room, participant name, channels, audio id). */
export const MAX_TEXT_LENGTH = 1024;
/** Longest bearer token we accept (JWTs are a few hundred bytes to a few kB). */
export const MAX_TOKEN_LENGTH = 16 * 1024;

export type Warn = (message: string) => void;

/** A header read from one message. */
export class HeaderReader {
  readonly #headers: Record<string, string>;
  readonly #warn: Warn;

  constructor(headers: Record<string, string>, warn: Warn) {
    this.#headers = headers && typeof headers === 'object' ? headers : {};
    this.#warn = warn;
  }

  /** Free text, original case; blank or over `max` characters → absent. */
  text(name: string, max = MAX_TEXT_LENGTH): string | undefined {
    const value = getHeader(this.#headers, name);
    if (value === undefined) return undefined;
    if (value.length > max) return this.#refuse(name, `longer than ${max} characters`);
    return value;
  }

  /** One of `values`, matched case-insensitively; the canonical spelling is returned. */
  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const value = getHeader(this.#headers, name);
    if (value === undefined) return undefined;
    const found = values.find((v) => v.toLowerCase() === value.toLowerCase());
    return found ?? this.#refuse(name, 'not a known value');
  }

  /** An integer within [min, max]. */
  integer(name: string, min: number, max: number): number | undefined {
    const value = getHeader(this.#headers, name);
    if (value === undefined) return undefined;
    const number = /^[+-]?\d{1,12}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(number) || number < min || number > max)
      return this.#refuse(name, `not an integer in ${min}–${max}`);
    return number;
  }

  /** `true`/`1` → true, `false`/`0` → false (case-insensitive). */
  flag(name: string): boolean | undefined {
    const value = this.oneOf(name, ['true', '1', 'false', '0'] as const);
    return value === undefined ? undefined : value === 'true' || value === '1';
  }

  /** `{W}x{H}` with positive integers up to 16384. */
  resolution(name: string): { width: number; height: number } | undefined {
    const value = getHeader(this.#headers, name);
    if (value === undefined) return undefined;
    const match = /^(\d{1,5})\s*[xX×]\s*(\d{1,5})$/.exec(value);
    const [width, height] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
    if (!validSide(width) || !validSide(height)) return this.#refuse(name, 'not a {width}x{height} resolution');
    return { width, height };
  }

  /** A header is there but could not be used. */
  #refuse(name: string, why: string): undefined {
    this.#warn(`Ignored header ${name}: ${why}`);
    return undefined;
  }
}

function validSide(value: number): boolean {
  return Number.isInteger(value) && value > 0 && value <= 16_384;
}

/** The MIME type of a Content-Type value, lower-cased, without parameters. */
export function mimeType(contentType: unknown): string {
  return typeof contentType === 'string' ? contentType.split(';')[0].trim().toLowerCase() : '';
}

/** Shortens an untrusted value for a warning message. */
export function preview(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
