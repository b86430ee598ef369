/** The built CDN bundle (dist/cdn, made by `npm test` before the browser tests) works on its own. */
import { expect } from '@open-wc/testing';

describe('CDN bundle', () => {
  it('registers every element and renders with working decorators', async () => {
    await import(/* @vite-ignore */ `${'/dist/cdn/vinteo-elements.js'}`);
    for (const tag of ['vinteo-connector', 'vinteo-call', 'vinteo-dialpad', 'vinteo-presentation', 'vinteo-devices'])
      expect(customElements.get(tag), tag).to.exist;
    const call = document.createElement('vinteo-call') as HTMLElement & {
      target: string;
      updateComplete: Promise<unknown>;
    };
    call.setAttribute('target', '42');
    document.body.append(call);
    await call.updateComplete;
    expect(call.target).to.equal('42');
    expect(call.shadowRoot?.querySelector('[part~="call-button"]')).to.exist;
    call.remove();
  });
});
