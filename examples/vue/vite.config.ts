// `vite build vue` (from examples/): the Vue plugin is told that every <vinteo-*> tag is a custom element, so Vue
// leaves it to the browser instead of looking for a Vue component of that name.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('vinteo-') } } })],
  // One chunk on purpose: the driver measures what the page loads (the framework + every element, lit and sip.js).
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 800 },
});
