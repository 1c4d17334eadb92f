// Bundles the main-process side (CLI, Electron main and preload) with esbuild.
// Dependencies stay external (native modules, electron); the contract/core/server are bundled.
// Output is CommonJS: several dependencies (ssh2, mysql2) are CommonJS packages whose named
// exports Node's ESM loader cannot see.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  // `import.meta.url` in the sources keeps working in the CommonJS bundle.
  define: { 'import.meta.url': '__opsdeckImportMetaUrl', 'import.meta.dirname': '__dirname' },
  banner: {
    js: "const __opsdeckImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
  },
};

await Promise.all([
  build({ ...common, entryPoints: ['src-main/cli/main.ts'], outfile: 'dist/main/cli.cjs' }),
  build({
    ...common,
    entryPoints: ['src-main/electron/main.ts'],
    outfile: 'dist/main/electron/main.cjs',
  }),
  build({
    ...common,
    entryPoints: ['src-main/electron/preload.ts'],
    outfile: 'dist/main/electron/preload.cjs',
  }),
]);
