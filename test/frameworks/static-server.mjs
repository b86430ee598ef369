// A small static file server on 127.0.0.1 (port 0) for the built example apps: serves one folder, nothing above it.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** The file a URL path names inside `root` (index.html for a folder), or undefined. */
function fileFor(root, urlPath) {
  const path = normalize(join(root, decodeURIComponent(urlPath)));
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return fileFor(root, join(urlPath, 'index.html'));
    return stat.isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

/** @param {string} root an absolute folder  @returns {Promise<{ url: string, close(): Promise<void> }>} */
export async function serveStatic(root) {
  const server = createServer((req, res) => {
    const file = fileFor(resolve(root), new URL(req.url ?? '/', 'http://x').pathname);
    if (!file) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
