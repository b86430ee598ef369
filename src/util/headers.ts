/** Helpers for SIP header maps (names kept as received; lookups case-insensitive). */

/** Case-insensitive header lookup. Empty or whitespace-only values count as absent. */
export function getHeader(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value.trim() ? value.trim() : undefined;
  }
  return undefined;
}

/** Minimal shape of a parsed sip.js message we read headers from. */
export interface HeaderSource {
  headers: Record<string, Array<{ raw: string }>>;
}

/** Known compact forms sip.js normalises to full names. */
const CANONICAL: Record<string, string> = {
  'Call-Id': 'Call-ID', Cseq: 'CSeq', 'Www-Authenticate': 'WWW-Authenticate',
};

/** Flattens a sip.js message's headers into `{name: value}` (repeated headers joined with ", "). */
export function headersOf(message: HeaderSource): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, values] of Object.entries(message.headers ?? {})) {
    result[CANONICAL[name] ?? name] = values.map((v) => v.raw).join(', ');
  }
  return result;
}

/** Validates outgoing extra headers: `Name: value`, no CR/LF (header injection). */
export function isValidHeaderLine(header: unknown): header is string {
  return typeof header === 'string' && /^[A-Za-z0-9!#$%&'*+.^_`|~-]+:[^\r\n]*$/.test(header);
}
