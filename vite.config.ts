import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: one static page loaded by the Electron window from file:// (hence base './')
// and served by the web door. No inline scripts: the CSP of both doors is `script-src 'self'`.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Keep the modulepreload polyfill out: it is an extra script the Electron window never needs.
    modulePreload: { polyfill: false },
  },
  server: { port: 5173, strictPort: false },
});
