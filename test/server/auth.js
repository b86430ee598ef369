// @ts-check
// Digest authentication (RFC 2617 / 7616 with MD5 and qop=auth) for the fixed test accounts.
import { createHash, randomBytes } from 'node:crypto';

export const REALM = 'vinteo.local';

/** Public test accounts (these credentials exist only in this local server). */
export const ACCOUNTS = Object.freeze({ alice: 'alice-secret', bob: 'bob-secret', carol: 'carol-secret' });

const md5 = (/** @type {string} */ s) => createHash('md5').update(s).digest('hex');

/** @param {string} header */
export function parseDigest(header) {
  /** @type {Record<string, string>} */
  const params = {};
  const re = /(\w+)=(?:"([^"]*)"|([^,\s]+))/g;
  for (let m = re.exec(header); m; m = re.exec(header)) params[m[1].toLowerCase()] = m[2] ?? m[3];
  return params;
}

export class DigestAuth {
  /** @type {Set<string>} */
  #nonces = new Set();

  /** @param {'WWW' | 'Proxy'} kind */
  challenge(kind) {
    const nonce = randomBytes(12).toString('hex');
    this.#nonces.add(nonce);
    if (this.#nonces.size > 5000) this.#nonces.delete(this.#nonces.values().next().value ?? '');
    const name = kind === 'WWW' ? 'WWW-Authenticate' : 'Proxy-Authenticate';
    return /** @type {[string, string]} */ ([
      name,
      `Digest realm="${REALM}", nonce="${nonce}", algorithm=MD5, qop="auth"`,
    ]);
  }

  /**
   * 'ok' | 'missing' | 'stale' | 'wrong'
   * @param {string | undefined} header  @param {string} method
   */
  verify(header, method) {
    if (!header || !/^\s*Digest\s/i.test(header)) return 'missing';
    const p = parseDigest(header);
    const password = /** @type {Record<string, string>} */ (ACCOUNTS)[p.username];
    if (!password) return 'wrong';
    if (!this.#nonces.has(p.nonce)) return 'stale';
    const ha1 = md5(`${p.username}:${REALM}:${password}`);
    const ha2 = md5(`${method}:${p.uri}`);
    const expected = p.qop
      ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`)
      : md5(`${ha1}:${p.nonce}:${ha2}`);
    return expected === p.response ? 'ok' : 'wrong';
  }
}
