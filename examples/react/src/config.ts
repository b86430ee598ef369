/** Where the example gets its server and account. */
export interface ExampleConfig {
  server: string;
  domain: string;
  user: string;
  password: string;
  target: string;
}

declare global {
  interface Window {
    /** Set by the page that embeds the app (here: the test driver) before the app starts. */
    vinteoExample?: Partial<ExampleConfig>;
  }
}

/**
 * `window.vinteoExample`, else the query string (`?server=ws://127.0.0.1:PORT&target=1000`). The password is
 * never read from the URL: without one (and without `user`) the app joins as a guest.
 */
export function exampleConfig(): ExampleConfig {
  const given = window.vinteoExample ?? {};
  const query = new URLSearchParams(location.search);
  const pick = (key: 'server' | 'domain' | 'user' | 'target') => given[key] ?? query.get(key) ?? '';
  return {
    server: pick('server'),
    domain: pick('domain'),
    user: pick('user'),
    password: given.password ?? '',
    target: pick('target') || '1000',
  };
}
