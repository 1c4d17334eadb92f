import { build } from 'esbuild';
import { resolve } from 'node:path';

/**
 * Bundle the core process entry as the app does (scripts/build-main.mjs), into dist/test so the
 * external packages resolve from node_modules; returns its path for the utilityProcess stand-in.
 */
export async function buildCoreProcessEntry(): Promise<string> {
  const outfile = resolve('dist/test/core-process.cjs');
  await build({
    entryPoints: ['src-main/electron/core-process/core-entry.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
    define: { 'import.meta.url': '__metaUrl' },
    banner: { js: "const __metaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  return outfile;
}
