// `vite build svelte` (from examples/): Svelte 5 compiles the app; <vinteo-*> tags need no configuration (a tag with
// a hyphen is a custom element, and Svelte sets a property when the element has one, else an attribute).
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  plugins: [svelte()],
  // One chunk on purpose: the driver measures what the page loads (the framework + every element, lit and sip.js).
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 800 },
});
