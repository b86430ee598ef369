// Vite serves the demo (`npm start`) and builds the CDN bundles: one self-contained, minified ES module and a
// classic IIFE script that register every <vinteo-*> element (lit, @lit/context and sip.js inlined); then, from
// vite.split.config.ts, the code-split ES build in dist/cdn/split/ (so one `vite build` makes every CDN file).
import { build, defineConfig, type Plugin } from 'vite';

/** After the single files are written: the code-split build (its own config, its own folder), once. */
function splitBuild(): Plugin {
  let logLevel: 'info' | 'warn' | 'error' | 'silent' = 'info';
  let done = false;
  return {
    name: 'vinteo-split-build',
    apply: 'build',
    configResolved(config) {
      logLevel = config.logLevel;
    },
    async closeBundle() {
      if (done) return;
      done = true;
      await build({ configFile: 'vite.split.config.ts', logLevel });
    },
  };
}

export default defineConfig(({ command }) => ({
  root: command === 'serve' ? 'demo' : '.',
  server: { host: '127.0.0.1' },
  plugins: [splitBuild()],
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    lib: {
      entry: 'components/define.ts',
      name: 'VinteoElements',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'vinteo-elements.js' : 'vinteo-elements.iife.js'),
    },
    rolldownOptions: {
      output: { minify: true },
    },
  },
}));
