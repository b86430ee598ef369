// `vite build react` (from examples/): React 19 supports custom elements natively (properties for keys the element
// has, `on<event-name>` props as event listeners), so no wrapper and no configuration for <vinteo-*> is needed.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  plugins: [react()],
  // One chunk on purpose: the driver measures what the page loads (the framework + every element, lit and sip.js).
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 800 },
});
