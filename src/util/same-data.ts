/** Equal when the same value, or plain data with the same JSON (snapshots are rebuilt with a fixed key order on every change). */
export function sameData(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}
