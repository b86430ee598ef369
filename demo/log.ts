// The demo's event log: what happened, never a secret. Tokens, passwords and JWTs in an event's detail or in a
// moderator-panel reply (the emulator's admit reply carries the room token) are shown as "‹hidden›".

const SECRET_KEY = /token|password|passwd|secret|jwt|authorization/i;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;

/** `value` as JSON with every secret-looking field and every JWT-shaped string hidden. */
export function redacted(value: unknown): string {
  const json = JSON.stringify(value ?? {}, (key, v: unknown) =>
    key && SECRET_KEY.test(key) && v !== undefined && v !== null && typeof v !== 'boolean' ? '‹hidden›' : v,
  );
  return (json ?? '').replace(JWT, '‹hidden›');
}

/** A name for this tab: kept across reloads of the tab (sessionStorage is per tab), different in a second tab. */
export function tabName(storage: Storage | undefined, random: () => number = Math.random): string {
  const saved = storage?.getItem('vinteo-demo-name');
  if (saved) return saved;
  const name = `Guest ${100 + Math.floor(random() * 900)}`;
  storage?.setItem('vinteo-demo-name', name);
  return name;
}
