// Bundles the main-process side (CLI, Electron main and preload) with esbuild.
// Dependencies stay external (native modules, electron); the contract/core/server are bundled.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['src-main/cli/main.ts'],
    outfile: 'dist/main/cli.mjs',
    format: 'esm',
  }),
  build({
    ...common,
    entryPoints: ['src-main/electron/main.ts'],
    outfile: 'dist/main/electron/main.cjs',
    format: 'cjs',
  }),
  build({
    ...common,
    entryPoints: ['src-main/electron/preload.ts'],
    outfile: 'dist/main/electron/preload.cjs',
    format: 'cjs',
  }),
]);
