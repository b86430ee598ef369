// Vite serves the demo (`npm start`) and builds the CDN bundles: one self-contained, minified ES module and a
// classic IIFE script that register every <vinteo-*> element (lit, @lit/context and sip.js inlined).
import { defineConfig } from 'vite';

export default defineConfig(({ command }) => ({
  root: command === 'serve' ? 'demo' : '.',
  server: { host: '127.0.0.1' },
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
