// The `opsdeck` command's first module (bin/opsdeck.mjs requires it): the CLI bundle, loaded
// with its V8 code cache (code-cache.ts). The build runs one command with
// OPSDECK_WRITE_CODE_CACHE=1 to write that cache as the command exits.
import { join } from 'node:path';
import { loadBundle, writeCodeCaches } from './code-cache';

// Only a run that succeeded writes the cache (the exit code must not reach writeCodeCaches).
if (process.env.OPSDECK_WRITE_CODE_CACHE === '1')
  process.once('exit', (code) => {
    if (code === 0) writeCodeCaches();
  });
loadBundle(join(import.meta.dirname, 'cli.cjs'));
