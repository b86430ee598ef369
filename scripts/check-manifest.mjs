#!/usr/bin/env node
// Generates custom-elements.json from the element sources and, from it, the editor and framework typings
// (scripts/typings.mjs) with `--write`; without it, checks that the committed files are all fresh.
// Either way it checks the manifest is complete: each tag defined, every template `part` a documented CSS part,
// every attribute described.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { typings } from './typings.mjs';

function analyze() {
  // The analyzer resolves --outdir against the working directory, so the scratch folder lives in node_modules.
  const dir = mkdtempSync(join('node_modules', '.vinteo-cem-'));
  try {
    execFileSync(
      'npx',
      ['cem', 'analyze', '--litelement', '--config', 'custom-elements-manifest.config.mjs', '--outdir', dir],
      { stdio: 'pipe' },
    );
    const manifest = JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8'));
    manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
    return manifest;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The element module and the component files it imports, transitively (relative `.js` imports, not events). */
function moduleFiles(path, seen = new Set()) {
  if (seen.has(path) || !existsSync(path)) return seen;
  seen.add(path);
  for (const [, spec] of readFileSync(path, 'utf8').matchAll(/(?:from|import) '(\.[^']+)\.js'/g)) {
    const file = join(dirname(path), `${spec}.ts`);
    if (file.startsWith('components/') && !file.startsWith('components/events/')) moduleFiles(file, seen);
  }
  return seen;
}

/** The names in one `part="…"`: static words, and the quoted words of an expression (`${on ? 'a' : 'b'}`). */
function partNames(value) {
  const quoted = [...value.matchAll(/\$\{[^}]*\}/g)].flatMap(([e]) => [...e.matchAll(/'([a-z][a-z0-9-]*)'/g)]);
  const words = value.replace(/\$\{[^}]*\}/g, '\0').split(/\s+/);
  const names = [...words.filter((w) => !w.includes('\0')), ...quoted.map(([, name]) => name)];
  return names.filter((name) => /^[a-z][a-z0-9-]*$/.test(name));
}

/** Every part name in the element's templates (one built from a variable, `${name}-label`, is not checked). */
function templateParts(elementModule) {
  const parts = new Map();
  for (const file of moduleFiles(elementModule)) {
    const text = readFileSync(file, 'utf8');
    for (const [, value] of text.matchAll(/\bpart="([^"]*)"/g)) {
      for (const name of partNames(value)) if (!parts.has(name)) parts.set(name, file);
    }
    // The `button(host, 'mic-button', …)` helpers put their part name on the button.
    for (const [, name] of text.matchAll(/\bbutton\((?:\w+, )?'([a-z][a-z0-9-]*)'/g)) {
      if (!parts.has(name)) parts.set(name, file);
    }
  }
  return parts;
}

/** What the manifest lacks for each element: its definition, the CSS parts of its templates, attribute texts. */
function completenessProblems(manifest) {
  const problems = [];
  const exports = manifest.modules.flatMap((m) => m.exports ?? []);
  for (const mod of manifest.modules) {
    for (const element of (mod.declarations ?? []).filter((d) => d.tagName)) {
      const where = `<${element.tagName}> (${mod.path})`;
      const defined = exports.some(
        (e) =>
          e.kind === 'custom-element-definition' && e.name === element.tagName && e.declaration.module === mod.path,
      );
      if (!defined) problems.push(`${where}: no custom-element-definition export for the tag`);
      const documented = new Set((element.cssParts ?? []).map((p) => p.name));
      for (const [part, file] of templateParts(mod.path)) {
        if (!documented.has(part)) problems.push(`${where}: part "${part}" (${file}) has no @csspart line`);
      }
      for (const attribute of element.attributes ?? []) {
        if (!attribute.description) problems.push(`${where}: attribute "${attribute.name}" has no description`);
      }
    }
  }
  return problems;
}

const manifest = analyze();
const files = { 'custom-elements.json': `${JSON.stringify(manifest, null, 2)}\n`, ...(await typings(manifest)) };
const problems = completenessProblems(manifest);
if (process.argv.includes('--write')) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  console.log(`Written: ${Object.keys(files).join(', ')}.`);
} else {
  const stale = Object.keys(files).filter((path) => !existsSync(path) || readFileSync(path, 'utf8') !== files[path]);
  if (stale.length) problems.push(`stale: ${stale.join(', ')} (run \`npm run manifest\` and commit the result)`);
  else console.log(`Up to date: ${Object.keys(files).join(', ')}.`);
}
if (problems.length) {
  console.error(`The manifest is incomplete or stale:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
