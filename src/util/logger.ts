/** Logging through one function the app can replace. Never pass secrets to it. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, message: string, detail?: unknown) => void;

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function consoleSink(minimum: LogLevel = 'warn'): LogSink {
  return (level, message, detail) => {
    if (ORDER[level] < ORDER[minimum]) return;
    const fn =
      level === 'debug'
        ? console.debug
        : level === 'info'
          ? console.info
          : level === 'warn'
            ? console.warn
            : console.error;
    if (detail === undefined) fn(`[vinteo] ${message}`);
    else fn(`[vinteo] ${message}`, detail);
  };
}

const MINIMUM = Symbol('minimum level');
type Leveled = LogSink & { [MINIMUM]?: LogLevel };

/** `sink` passing on only `minimum` and above; {@link logs} tells callers so before they build a costly line. */
export function atLeast(sink: LogSink, minimum: LogLevel): LogSink {
  if ((sink as Leveled)[MINIMUM] === minimum) return sink;
  const filtered: Leveled = (level, message, detail) => {
    if (ORDER[level] >= ORDER[minimum]) sink(level, message, detail);
  };
  filtered[MINIMUM] = minimum;
  return filtered;
}

/** Whether `sink` passes `level` on (a sink not made by {@link atLeast} passes everything). */
export function logs(sink: LogSink, level: LogLevel): boolean {
  const minimum = (sink as Leveled)[MINIMUM];
  return minimum === undefined || ORDER[level] >= ORDER[minimum];
}

/** Removes credentials from a SIP message or any text before it is logged. */
export function redact(text: string): string {
  return text
    .replace(
      /^((?:Proxy-)?Authorization:\s*Digest\s+)(.*)$/gim,
      (_m, head: string, rest: string) => head + rest.replace(/(response|cnonce|nonce)="[^"]*"/gi, '$1="…"'),
    )
    .replace(/(x-bearer-token:\s*)\S+/gi, '$1…')
    .replace(/(Bearer\s+)[\w.~+/=-]+/g, '$1…');
}
