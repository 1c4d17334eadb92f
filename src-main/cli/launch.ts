// The `opsdeck` command's first module (bin/opsdeck.mjs requires it): the CLI bundle, loaded
// with its V8 code cache (code-cache.ts). The build runs one command with
// OPSDECK_WRITE_CODE_CACHE=1 to write that cache as the command exits.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeCacheStats, loadBundle, writeCodeCaches } from './code-cache';

// Only a run that succeeded writes the cache (the exit code must not reach writeCodeCaches).
if (process.env.OPSDECK_WRITE_CODE_CACHE === '1')
  process.once('exit', (code) => {
    if (code === 0) writeCodeCaches();
  });
// How the bundles were compiled (from their cache or not), written to a file as the command
// exits: the start-up test checks the build's cache is really used.
const report = process.env.OPSDECK_CODE_CACHE_REPORT;
if (report) process.once('exit', () => writeFileSync(report, JSON.stringify(codeCacheStats)));
loadBundle(join(import.meta.dirname, 'cli.cjs'));
