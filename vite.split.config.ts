// The code-split CDN build, dist/cdn/split/ (run by vite.config.ts after the single files, so `vite build` makes
// both): the entry components/lazy-define.ts registers <vinteo-connector> and <vinteo-call> and loads every other
// element's chunk the first time its tag appears. Same settings as the single file (es2022, minified, Lit in
// production mode); the chunks sit beside the entry, so the folder can be served as it is from any CDN.
import { defineConfig } from 'vite';

export default defineConfig({
  root: '.',
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist/cdn/split',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    lib: { entry: 'components/lazy-define.ts', formats: ['es'], fileName: () => 'vinteo-elements.js' },
    rolldownOptions: {
      // Everything connector + call need is in the entry itself (one request, no second round trip); the lazy chunks
      // import what they share from it, through extra (minified-name) exports the entry is allowed to have.
      preserveEntrySignatures: 'allow-extension',
      output: {
        minify: true,
        chunkFileNames: '[name]-[hash].js',
        codeSplitting: { groups: [{ name: 'first-load', tags: ['$initial'] }] },
      },
    },
  },
});
