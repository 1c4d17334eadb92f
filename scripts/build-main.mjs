// Bundles the main-process side (CLI, Electron main, preload and the core process) with esbuild.
// Dependencies stay external (native modules, electron); the contract/core/server are bundled.
// Output is CommonJS: several dependencies (ssh2, mysql2) are CommonJS packages whose named
// exports Node's ESM loader cannot see. Options and the release/development difference (no
// source maps in a release build): build-options.mjs.
//
// The CLI is two files: cli.cjs (commands, the local-socket client: what attaching needs) and
// cli-core.cjs (a whole core, loaded only when no core is running to attach to), so that
// `opsdeck hosts list` next to a running core loads no core code at all.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { mainBuildOptions } from './build-options.mjs';

const common = mainBuildOptions();
// Start clean: a release build must not leave a development build's source maps behind.
rmSync('dist/main', { recursive: true, force: true });

/** The CLI's `import('../server/compose')` becomes a load of the separate core bundle. */
const coreApart = {
  name: 'opsdeck-core-apart',
  setup(b) {
    b.onResolve({ filter: /\/server\/compose$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './cli-core.cjs', external: true } : undefined,
    );
  },
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['src-main/cli/main.ts'],
    outfile: 'dist/main/cli.cjs',
    plugins: [coreApart],
    // import() of the core bundle as a plain require: no ESM loader, no export scan of 600 KB.
    supported: { 'dynamic-import': false },
  }),
  build({
    ...common,
    entryPoints: ['src-main/server/compose.ts'],
    outfile: 'dist/main/cli-core.cjs',
  }),
  build({
    ...common,
    entryPoints: ['src-main/electron/main.ts'],
    outfile: 'dist/main/electron/main.cjs',
  }),
  build({
    ...common,
    entryPoints: ['src-main/electron/core-process/core-entry.ts'],
    outfile: 'dist/main/electron/core-process.cjs',
  }),
  build({
    ...common,
    entryPoints: ['src-main/electron/preload.ts'],
    outfile: 'dist/main/electron/preload.cjs',
  }),
]);
