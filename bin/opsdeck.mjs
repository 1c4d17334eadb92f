#!/usr/bin/env node
// The `opsdeck` command. The CLI is bundled by `npm run build:main` into dist/main/cli.mjs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/main/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('opsdeck: not built yet. Run `npm run build` in the Opsdeck folder first.\n');
  process.exit(2);
}
await import(cli);
