/** Helpers for SIP header maps (names kept as received; lookups case-insensitive). */

/** Case-insensitive header lookup. Empty or whitespace-only values count as absent. */
export function getHeader(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value.trim() ? value.trim() : undefined;
  }
  return undefined;
}

/** Minimal shape of a parsed sip.js message we read headers from (`data`: the message as received). */
export interface HeaderSource {
  headers: Record<string, Array<{ raw: string }>>;
  data?: unknown;
}

/** Known compact forms sip.js normalises to full names. */
const CANONICAL: Record<string, string> = {
  'Call-Id': 'Call-ID',
  Cseq: 'CSeq',
  'Www-Authenticate': 'WWW-Authenticate',
};

/**
 * Flattens a sip.js message's headers into `{name: value}` (repeated headers joined with ", "). Names are spelled
 * as they came over the wire: sip.js re-capitalises them (`X-Conf-ID` → `X-Conf-Id`), so the spelling is taken
 * from the raw message when it is there.
 */
export function headersOf(message: HeaderSource): Record<string, string> {
  const spelled = receivedNames(message.data);
  const result: Record<string, string> = {};
  for (const [name, values] of Object.entries(message.headers ?? {})) {
    result[spelled.get(name.toLowerCase()) ?? CANONICAL[name] ?? name] = values.map((v) => v.raw).join(', ');
  }
  return result;
}

/** Header names in a raw SIP message, keyed as sip.js keys them (lower-cased, `_` read as `-`); first spelling wins. */
function receivedNames(data: unknown): Map<string, string> {
  const names = new Map<string, string>();
  if (typeof data !== 'string') return names;
  const end = data.indexOf('\r\n\r\n');
  for (const line of (end === -1 ? data : data.slice(0, end)).split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || /^[ \t]/.test(line)) continue;
    const name = line.slice(0, colon).trim();
    const key = name.toLowerCase().replace(/_/g, '-');
    if (!names.has(key)) names.set(key, name);
  }
  return names;
}

/** Validates outgoing extra headers: `Name: value`, no CR/LF (header injection). */
export function isValidHeaderLine(header: unknown): header is string {
  return typeof header === 'string' && /^[A-Za-z0-9!#$%&'*+.^_`|~-]+:[^\r\n]*$/.test(header);
}
