#!/usr/bin/env node
// The `opsdeck` command. The CLI is bundled by `npm run build:main` into dist/main/cli.cjs;
// launch.cjs loads it with V8's code cache (src-main/cli/code-cache.ts).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/main/launch.cjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(
    'opsdeck: not built yet. Run `npm run build` in the Opsdeck folder first.\n',
  );
  process.exit(2);
}
createRequire(import.meta.url)(cli);
