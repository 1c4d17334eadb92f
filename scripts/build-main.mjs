// Bundles the main-process side (CLI, Electron main and preload) with esbuild
// (options and the release/development difference: build-options.mjs).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { mainBuildOptions } from './build-options.mjs';

const common = mainBuildOptions();
// Start clean: a release build must not leave a development build's source maps behind.
rmSync('dist/main', { recursive: true, force: true });

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
