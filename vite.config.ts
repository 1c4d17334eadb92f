import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { isReleaseBuild } from './scripts/build-options.mjs';
import { CONTENT_SECURITY_POLICY } from './src-main/contract/csp';

/**
 * The built page also carries the CSP as a <meta> tag: defence in depth beside the header every
 * response of both doors carries (the app:// handler and web mode set it).
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

// The renderer: one static page loaded by the Electron window from app://opsdeck/ and served by
// the web door (relative asset paths: base './'). No inline scripts: the CSP of both doors is
// `script-src 'self'`. Release builds (npm run dist) carry no source maps (scripts/build-options.mjs).
export default defineConfig(() => ({
  root: 'src-renderer',
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: !isReleaseBuild(process.env),
    // Keep the modulepreload polyfill out: it is an extra script the Electron window never needs.
    modulePreload: { polyfill: false },
  },
  server: { port: 5173, strictPort: false },
}));
