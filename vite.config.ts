import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './src-main/contract/csp';

/**
 * The built page also carries the CSP as a <meta> tag: defence in depth for the Electron window
 * loading it from file:// (older Electron versions skip onHeadersReceived for file URLs).
 * Only at build time: the dev server injects an inline React Refresh preamble.
 * `frame-ancestors` is ignored in <meta>, so it is left out there (the headers carry it).
 */
function cspMeta(): Plugin {
  const policy = CONTENT_SECURITY_POLICY.split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'opsdeck-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// The renderer: one static page loaded by the Electron window from file:// (hence base './')
// and served by the web door. No inline scripts: the CSP of both doors is `script-src 'self'`.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react(), cspMeta()],
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
