/** The demo page's event log hides every token and password; each tab gets its own default name. */
import { expect } from '@open-wc/testing';
import { redacted, tabName } from '../../demo/log.js';

describe('demo: event log and tab names', () => {
  it('the admit reply and event details lose their tokens and passwords, and nothing else', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJyb29tIjoiMTAwMCJ9.c2lnbmF0dXJl';
    const reply = { ok: true, token: jwt, room: '1000', participant: { name: 'Guest 123', bearerToken: jwt } };
    const text = redacted(reply);
    expect(text).not.to.contain(jwt);
    expect(text).to.contain('"room":"1000"').and.to.contain('Guest 123').and.to.contain('"ok":true');
    expect(redacted({ password: 'alice-secret', user: 'alice' })).to.equal('{"password":"‹hidden›","user":"alice"}');
    expect(redacted({ message: `Bearer ${jwt} refused` }), 'a JWT inside a message').not.to.contain(jwt);
    expect(redacted({ room: { hasToken: true } }), 'a flag about a token is not a token').to.contain('"hasToken":true');
    expect(redacted(undefined)).to.equal('{}');
  });

  it('two tabs (two sessionStorages) get different names; a reload keeps its own', () => {
    const store = () => {
      const map = new Map<string, string>();
      return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => map.set(k, v) };
    };
    const tabA = store() as unknown as Storage;
    const tabB = store() as unknown as Storage;
    const a = tabName(tabA, () => 0.1);
    const b = tabName(tabB, () => 0.7);
    expect(a).to.not.equal(b);
    expect(a).to.match(/^Guest \d{3}$/);
    expect(
      tabName(tabA, () => 0.9),
      'the same tab after a reload',
    ).to.equal(a);
  });
});
