// Bundles the main-process side (CLI, Electron main, preload and the core process) with esbuild.
// Dependencies stay external (native modules, electron); the contract/core/server are bundled.
// Output is CommonJS: several dependencies (ssh2, mysql2) are CommonJS packages whose named
// exports Node's ESM loader cannot see. Options and the release/development difference (no
// source maps in a release build): build-options.mjs.
//
// The CLI is two files: cli.cjs (commands, the local-socket client: what attaching needs) and
// cli-core.cjs (a whole core, loaded only when no core is running to attach to), so that
// `opsdeck hosts list` next to a running core loads no core code at all.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { isReleaseBuild, mainBuildOptions } from './build-options.mjs';

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

/** The exports of a source module, bundled in memory and run here. */
async function evaluate(source) {
  const entry = resolve(source);
  const { outputFiles } = await build({
    ...common,
    sourcemap: false,
    entryPoints: [entry],
    write: false,
    outfile: 'evaluated.cjs',
  });
  const module = { exports: {} };
  const requireHere = createRequire(join(process.cwd(), 'package.json'));
  new Function('module', 'exports', 'require', '__filename', '__dirname', outputFiles[0].text)(
    module,
    module.exports,
    requireHere,
    entry,
    dirname(entry),
  );
  return module.exports;
}

/**
 * The contract's method index (contract/method-index.ts: every method's name, table, summary and
 * `mutates`) computed now, from the contract, and carried by the bundles as data: the CLI
 * registers its derived commands, and the core's router recognises a method, without building
 * the contract's schemas at start-up (a method's table loads when it is first called).
 */
const { methodIndex } = await evaluate('src-main/contract/method-index.ts');
const methodIndexAsData = {
  name: 'opsdeck-method-index',
  setup(b) {
    b.onLoad({ filter: /[\\/]contract[\\/]method-index\.ts$/ }, () => ({
      contents: `export const methodIndex = ${JSON.stringify(methodIndex)};`,
      loader: 'js',
    }));
  },
};

/**
 * The CLI's two bundles share one zod, bundled into one file (zod.cjs): Node's loader resolves,
 * reads and compiles one file instead of the package's ~80 (a third of zod's load time). It is
 * bundled from zod's ES modules (its `import` build): esbuild hoists them into one scope, where
 * the CommonJS build keeps a wrapper and an export table per file — a quarter smaller, a quarter
 * faster to load.
 */
const zodApart = {
  name: 'opsdeck-zod-apart',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, () => ({ path: './zod.cjs', external: true }));
  },
};

/**
 * commander goes into cli.cjs (every command needs it): its code comes from cli.cjs's code cache
 * instead of seven files resolved, read and compiled at each start.
 */
const commanderInside = {
  name: 'opsdeck-commander-inside',
  setup(b) {
    b.onResolve({ filter: /^commander$/ }, () => ({
      path: createRequire(join(process.cwd(), 'package.json')).resolve('commander'),
    }));
  },
};

await Promise.all([
  build({
    stdin: { contents: "export * from 'zod';", resolveDir: process.cwd() },
    outfile: 'dist/main/zod.cjs',
    bundle: true,
    supported: { 'dynamic-import': false },
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  }),
  build({
    ...common,
    entryPoints: ['src-main/cli/main.ts'],
    outfile: 'dist/main/cli.cjs',
    plugins: [coreApart, methodIndexAsData, zodApart, commanderInside],
    // import() of the core bundle as a plain require: no ESM loader, no export scan of 600 KB.
    supported: { 'dynamic-import': false },
  }),
  build({
    ...common,
    entryPoints: ['src-main/cli/launch.ts'],
    outfile: 'dist/main/launch.cjs',
  }),
  build({
    ...common,
    entryPoints: ['src-main/server/compose.ts'],
    outfile: 'dist/main/cli-core.cjs',
    plugins: [methodIndexAsData, zodApart],
    // Loaded through vm.Script (code-cache.ts), which has no dynamic-import callback: any import()
    // left in it would throw ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING in the CLI only.
    supported: { 'dynamic-import': false },
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
    plugins: [methodIndexAsData],
  }),
  build({
    ...common,
    entryPoints: ['src-main/electron/preload.ts'],
    outfile: 'dist/main/electron/preload.cjs',
  }),
]);

const cliBundles = ['cli.cjs', 'cli-core.cjs', 'zod.cjs'].map((b) => resolve('dist/main', b));

/**
 * The CLI's bundles are ASCII: esbuild escapes non-ASCII characters in code, but keeps them in
 * the comments it preserves (a dash, an arrow), and one such character makes Node decode the
 * whole file the slow UTF-8 way into a two-byte string (~10 ms and 3 MB more for cli-core.cjs).
 * Written as `\uXXXX` they mean the same character anywhere esbuild could have left them.
 */
for (const file of cliBundles) {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (ascii !== text) writeFileSync(file, ascii);
}

/**
 * V8's code cache of the CLI's bundles (cli/code-cache.ts), written by one `opsdeck hosts list`
 * in an empty data folder as it exits: a command starts without parsing the bundles or compiling
 * the functions its start-up runs. Not in a release build: the packaged app runs them in
 * Electron's V8, which would refuse a cache made by this Node. Without a cache the CLI works as
 * well, only slower to start: a failure here is reported, not fatal.
 */
if (!isReleaseBuild()) {
  const home = mkdtempSync(join(tmpdir(), 'opsdeck-code-cache-'));
  try {
    execFileSync(process.execPath, ['dist/main/launch.cjs', 'hosts', 'list'], {
      env: { ...process.env, OPSDECK_HOME: home, OPSDECK_WRITE_CODE_CACHE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (err) {
    console.warn(`build-main: no code cache for the CLI (it starts slower): ${err.message}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
