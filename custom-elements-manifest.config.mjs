// custom-elements.json is generated from the element sources (their JSDoc tags) and committed; a test checks it is fresh.
//   npm run manifest   (scripts/check-manifest.mjs --write: the manifest, then the editor and framework typings)

/** `defineElement('vinteo-x', VinteoXElement)`: the tag and the class name, or undefined for any other call. */
function defineCall(ts, node) {
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression)) return undefined;
  if (node.expression.text !== 'defineElement') return undefined;
  const [tag, ctor] = node.arguments;
  if (!tag || !ctor || !ts.isStringLiteral(tag) || !ts.isIdentifier(ctor)) return undefined;
  return { tag: tag.text, className: ctor.text };
}

/** The path of the module that declares the class `name` (the `*.component.ts` file), or undefined. */
function declaringModule(manifest, name) {
  return manifest.modules.find((m) => (m.declarations ?? []).some((d) => d.name === name))?.path;
}

/** Each `vinteo-*.ts` registers its tag through `defineElement`: one `custom-element-definition` per tag. */
function definitionsPlugin() {
  return {
    name: 'vinteo-element-definitions',
    analyzePhase({ ts, node, moduleDoc }) {
      const call = defineCall(ts, node);
      if (!call) return;
      moduleDoc.exports ??= [];
      moduleDoc.exports.push({
        kind: 'custom-element-definition',
        name: call.tag,
        declaration: { name: call.className, module: moduleDoc.path },
      });
    },
    packageLinkPhase({ customElementsManifest: manifest }) {
      for (const mod of manifest.modules) {
        // `customElements.define(tag, ctor)` inside defineElement itself is no element: only keep known classes.
        mod.exports = (mod.exports ?? []).filter((e) => {
          if (e.kind !== 'custom-element-definition') return true;
          return declaringModule(manifest, e.declaration.name) !== undefined;
        });
        // `export { VinteoXElement }` of an imported class points to the module that declares it.
        for (const e of mod.exports) {
          const declaredHere = (mod.declarations ?? []).some((d) => d.name === e.declaration.name);
          if (e.declaration.module !== mod.path || declaredHere) continue;
          e.declaration.module = declaringModule(manifest, e.declaration.name) ?? e.declaration.module;
        }
      }
    },
  };
}

export default {
  globs: ['components/**/*.ts'],
  // The string tables are data, not API: left out (they would repeat every UI string in the manifest).
  exclude: ['components/**/*.test.ts', 'components/**/*.styles.ts', 'components/i18n/*.ts'],
  outdir: '.',
  litelement: true,
  // Never rewrite package.json's "customElements" field (with --outdir it would point into a scratch folder).
  packagejson: false,
  plugins: [
    definitionsPlugin(),
    {
      // The analyzer's module order varies from run to run: sort by path so the output is stable.
      name: 'vinteo-tidy-manifest',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
        // `dispatchEvent(new VinteoXxxEvent(…))` yields an entry without a name; the JSDoc `@event` tags name them all.
        for (const declaration of customElementsManifest.modules.flatMap((m) => m.declarations ?? [])) {
          if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
        }
      },
    },
  ],
};
