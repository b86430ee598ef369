/**
 * The collector's next interval (pure): the configured one, doubled after a slow tick (up to a ceiling) and halved
 * back towards the configured one after a quick tick; never quicker than the hidden-page interval while hidden.
 */
export interface IntervalSettings {
  intervalMs: number;
  hiddenIntervalMs: number;
  maxIntervalMs: number;
  slowTickMs: number;
}

export const DEFAULT_INTERVALS: IntervalSettings = {
  intervalMs: 1000,
  hiddenIntervalMs: 4000,
  maxIntervalMs: 4000,
  slowTickMs: 100,
};

/** `current`: the adaptive interval so far (before the hidden rule); returns it updated and the delay to use now. */
export function nextInterval(
  current: number,
  tick: { durationMs: number; hidden: boolean },
  settings: IntervalSettings,
): { adaptive: number; delayMs: number } {
  const base = settings.intervalMs;
  const ceiling = Math.max(base, settings.maxIntervalMs);
  const adaptive =
    tick.durationMs > settings.slowTickMs ? Math.min(ceiling, current * 2) : Math.max(base, Math.round(current / 2));
  const delayMs = tick.hidden ? Math.max(adaptive, settings.hiddenIntervalMs) : adaptive;
  return { adaptive, delayMs };
}
