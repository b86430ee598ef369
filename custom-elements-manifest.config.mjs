// custom-elements.json is generated from the element sources (their JSDoc tags) and committed; a test checks it is fresh.
//   npx cem analyze --litelement --config custom-elements-manifest.config.mjs   (writes ./custom-elements.json)
export default {
  globs: ['components/**/*.ts'],
  exclude: ['components/**/*.test.ts', 'components/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // Never rewrite package.json's "customElements" field (with --outdir it would point into a scratch folder).
  packagejson: false,
  plugins: [
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
