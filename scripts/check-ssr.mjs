#!/usr/bin/env node
// SSR safety: every JavaScript entry point of package.json's `exports` imports in plain Node (no window, document
// or customElements), each in its own process, through the package's own name (so the built dist/ is what runs:
// `npm run build:npm` first). An entry that touches the DOM at import time fails here.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** `vinteo-elements/…` specifiers of the exports that run JavaScript (not types-only, not JSON). */
function entryPoints() {
  return Object.entries(pkg.exports)
    .filter(([, target]) => {
      const file = typeof target === 'string' ? target : target.default;
      return typeof file === 'string' && file.endsWith('.js');
    })
    .map(([subpath]) => `${pkg.name}${subpath.slice(1)}`);
}

const probe = (specifier) => `
  for (const name of ['window', 'document', 'customElements', 'HTMLElement'])
    if (name in globalThis) throw new Error('this Node already has a global ' + name + ': the check proves nothing');
  const module = await import(${JSON.stringify(specifier)});
  if (typeof globalThis.window !== 'undefined') throw new Error('the import defined a global window');
  console.log(Object.keys(module).length);
`;

const failures = [];
for (const specifier of entryPoints()) {
  try {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe(specifier)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    console.log(`ok  ${specifier} imports in Node without a DOM (${out.trim()} exports)`);
  } catch (error) {
    failures.push(specifier);
    console.error(`FAIL ${specifier}:\n${error.stderr || error.message}`);
  }
}
if (failures.length) process.exit(1);
