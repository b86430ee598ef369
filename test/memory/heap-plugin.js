// A web-test-runner plugin for diagnosing leaks: `executeServerCommand('heap-retainers', {name})` takes a heap
// snapshot of the test page over CDP and returns, for each live object whose constructor is `name`, its shortest
// retaining path from the GC roots (weak edges and WeakMap entries skipped); `page-metrics` ({gc?}) returns puppeteer's page.metrics()
// (JSEventListeners, Nodes, JSHeapUsedSize …), after a full collection when asked. Used with wtr-files.config.mjs.

/** @param {import('puppeteer-core').Page} page */
async function takeSnapshot(page) {
  const cdp = await page.createCDPSession();
  const chunks = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return JSON.parse(chunks.join(''));
}

/** Shortest retaining paths (as "name.edge → name.edge → …") of the nodes called `name`. */
function retainers(snapshot, name, limit) {
  const { node_fields: nf, edge_fields: ef, node_types: nt, edge_types: et } = snapshot.snapshot.meta;
  const N = nf.length;
  const E = ef.length;
  const { nodes, edges, strings } = snapshot;
  const nodeCount = nodes.length / N;
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let i = 0, e = 0; i < nodeCount; i++) {
    firstEdge[i] = e;
    e += nodes[i * N + nf.indexOf('edge_count')] * E;
    firstEdge[i + 1] = e;
  }
  const edgeTypes = et[0];
  const nodeTypes = nt[0];
  const parent = new Int32Array(nodeCount).fill(-1);
  const parentEdge = new Int32Array(nodeCount).fill(-1);
  const queue = [0];
  parent[0] = 0;
  for (let q = 0; q < queue.length; q++) {
    const from = queue[q];
    for (let e = firstEdge[from]; e < firstEdge[from + 1]; e += E) {
      const type = edgeTypes[edges[e]];
      if (type === 'weak' || type === 'shortcut') continue;
      // A WeakMap value is held by its key, not by the map: follow the key's own retainers instead.
      if (type !== 'element' && type !== 'hidden' && / -> value \(/.test(strings[edges[e + 1]])) continue;
      const to = edges[e + 2] / N;
      if (parent[to] !== -1) continue;
      parent[to] = from;
      parentEdge[to] = e;
      queue.push(to);
    }
  }
  const label = (i) => `${nodeTypes[nodes[i * N]]}:${strings[nodes[i * N + 1]]}`.slice(0, 80);
  const edgeLabel = (e) => {
    const type = edgeTypes[edges[e]];
    const nameOrIndex = edges[e + 1];
    return type === 'element' || type === 'hidden' ? `[${nameOrIndex}]` : `.${strings[nameOrIndex]}`;
  };
  const paths = [];
  for (let i = 0; i < nodeCount && paths.length < limit; i++) {
    if (strings[nodes[i * N + 1]] !== name || nodeTypes[nodes[i * N]] !== 'object' || parent[i] === -1) continue;
    const steps = [];
    for (let at = i; at !== 0 && steps.length < 40; at = parent[at])
      steps.push(`${label(parent[at])}${edgeLabel(parentEdge[at])}`);
    paths.push(steps.reverse().join(' → '));
  }
  return paths;
}

export function heapPlugin() {
  return {
    name: 'vinteo-heap',
    async executeCommand({ command, payload, session }) {
      if (command !== 'heap-retainers' && command !== 'page-metrics') return undefined;
      const page = session.browser.getPage(session.id);
      if (command === 'page-metrics') {
        if (payload?.gc) {
          const cdp = await page.createCDPSession();
          await cdp.send('HeapProfiler.collectGarbage');
          await cdp.detach();
        }
        return page.metrics();
      }
      const snapshot = await takeSnapshot(page);
      return retainers(snapshot, payload.name, payload.limit ?? 5);
    },
  };
}
