/** Vite build of the web UI: React on the main thread, core in Web Workers, workspace packages from their TypeScript sources. */

import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  base: './',
  plugins: [react()],
  resolve: { conditions: ['supernode-src', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, manifest: true, chunkSizeWarningLimit: 2000, target: 'es2022' },
  server: { host: '127.0.0.1' },
});
