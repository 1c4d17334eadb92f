// The `opsdeck` command's first module (bin/opsdeck.mjs requires it): the CLI bundle, loaded
// with its V8 code cache (code-cache.ts).
import { join } from 'node:path';
import { loadBundle } from './code-cache';

loadBundle(join(import.meta.dirname, 'cli.cjs'));
