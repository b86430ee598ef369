/**
 * The code-split CDN build (dist/cdn/split, made by `vite build` before the browser tests): a page with
 * <vinteo-connector> + <vinteo-call> fetches the entry only; another element's chunk is
 * fetched the first time its tag appears — in the document, or inside our element's shadow root (<vinteo-prejoin>
 * renders a <vinteo-devices>). Judged by the resources the page really fetched (Resource Timing).
 * This page imports nothing else of ours, so every <vinteo-*> here comes from the split build.
 */
import { expect, waitUntil } from '@open-wc/testing';

const SPLIT = '/dist/cdn/split/';
const LAZY = ['vinteo-dialpad', 'vinteo-presentation', 'vinteo-devices', 'vinteo-stats', 'vinteo-prejoin'];

/** What dist/cdn/split has served so far: file → its request's start (an observer sees past a full buffer). */
const fetched = new Map<string, number>();
const observer = new PerformanceObserver((list) => record(list.getEntries()));
observer.observe({ type: 'resource', buffered: true });
function record(entries: PerformanceEntryList): void {
  for (const { name, startTime } of entries) {
    const path = new URL(name).pathname;
    if (path.startsWith(SPLIT)) fetched.set(path.slice(SPLIT.length), startTime);
  }
}
function files(): string[] {
  record(observer.takeRecords());
  return [...fetched.keys()].sort();
}
const chunksOf = (tag: string) => files().filter((file) => file.startsWith(`${tag}-`));
/**
 * The element's chunk was fetched once, and not before `since` (when its tag first appeared): not eagerly. 1 ms of
 * slack for the coarsened clocks of Resource Timing and `performance.now()`.
 */
function fetchedOnFirstUse(tag: string, since: number): void {
  const chunks = chunksOf(tag);
  expect(chunks, `${tag}: one chunk`).to.have.length(1);
  expect(fetched.get(chunks[0]!), `${tag}: requested only once its tag appeared`).to.be.at.least(since - 1);
}

type LitLike = HTMLElement & { updateComplete: Promise<unknown> };

describe('CDN split build', () => {
  it('loads connector + call first, then each element on first use (document and our shadow roots)', async () => {
    const host = document.createElement('div');
    host.innerHTML = '<vinteo-connector><vinteo-call target="42"></vinteo-call></vinteo-connector>';
    document.body.append(host);
    const entry = (await import(/* @vite-ignore */ `${SPLIT}vinteo-elements.js`)) as Record<string, unknown>;
    expect(entry.loadElement).to.be.a('function');
    expect(customElements.get('vinteo-connector'), 'connector defined at once').to.exist;
    expect(customElements.get('vinteo-call'), 'call defined at once').to.exist;
    const call = host.querySelector('vinteo-call') as LitLike & { target: string };
    await call.updateComplete;
    expect(call.target).to.equal('42');
    expect(call.shadowRoot?.querySelector('[part~="call-button"]'), 'the call rendered').to.exist;

    // One file holds all that connector + call need (no second round trip for a shared chunk).
    expect(files(), 'the first load: the entry alone').to.deep.equal(['vinteo-elements.js']);
    for (const tag of LAZY) {
      expect(chunksOf(tag), `${tag} not fetched on the first load`).to.deep.equal([]);
      expect(customElements.get(tag), `${tag} not defined yet`).to.equal(undefined);
    }

    // A <vinteo-stats> added to the document: its chunk is fetched and the element upgrades.
    const statsAdded = performance.now();
    const stats = document.createElement('vinteo-stats') as LitLike;
    host.querySelector('vinteo-connector')!.append(stats);
    await waitUntil(() => customElements.get('vinteo-stats'), 'vinteo-stats defined', { timeout: 5000 });
    expect(stats).to.be.instanceOf(customElements.get('vinteo-stats')!);
    await stats.updateComplete;
    expect(stats.shadowRoot, 'vinteo-stats rendered').to.exist;
    fetchedOnFirstUse('vinteo-stats', statsAdded);

    // <vinteo-prejoin> renders <vinteo-devices> in its shadow root: that one is loaded too.
    const prejoinAdded = performance.now();
    const prejoin = document.createElement('vinteo-prejoin') as LitLike;
    host.querySelector('vinteo-connector')!.prepend(prejoin);
    await waitUntil(() => customElements.get('vinteo-prejoin'), 'vinteo-prejoin defined', { timeout: 5000 });
    await prejoin.updateComplete;
    const devices = prejoin.shadowRoot?.querySelector('vinteo-devices') as LitLike | null;
    expect(devices, 'the prejoin rendered its <vinteo-devices>').to.exist;
    await waitUntil(() => customElements.get('vinteo-devices'), 'vinteo-devices defined', { timeout: 5000 });
    expect(devices).to.be.instanceOf(customElements.get('vinteo-devices')!);
    await devices!.updateComplete;
    expect(devices!.shadowRoot?.childElementCount, '<vinteo-devices> rendered').to.be.greaterThan(0);

    // A lazy tag rendered later into the shadow root of one of ours (as a template would): observed there too.
    const presentationAdded = performance.now();
    const presentation = document.createElement('vinteo-presentation');
    call.shadowRoot!.append(presentation);
    await waitUntil(() => customElements.get('vinteo-presentation'), 'vinteo-presentation defined', { timeout: 5000 });
    expect(presentation).to.be.instanceOf(customElements.get('vinteo-presentation')!);
    presentation.remove();

    // Nothing else was fetched on the way: the one never used stays unloaded; each used one came once.
    expect(chunksOf('vinteo-dialpad'), 'vinteo-dialpad never fetched').to.deep.equal([]);
    expect(customElements.get('vinteo-dialpad'), 'vinteo-dialpad never defined').to.equal(undefined);
    fetchedOnFirstUse('vinteo-prejoin', prejoinAdded);
    fetchedOnFirstUse('vinteo-devices', prejoinAdded);
    fetchedOnFirstUse('vinteo-presentation', presentationAdded);

    // loadElement() for a tag no page shows yet (a detached element, someone else's shadow root).
    const dialpadAsked = performance.now();
    const Dialpad = await (entry.loadElement as (tag: string) => Promise<CustomElementConstructor>)('vinteo-dialpad');
    expect(Dialpad).to.equal(customElements.get('vinteo-dialpad'));
    fetchedOnFirstUse('vinteo-dialpad', dialpadAsked);
    host.remove();
  });
});
