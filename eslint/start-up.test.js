import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { startUpClosure, startUpFiles } from './start-up.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const RULE = 'start-up/whole-contract';
const refused = /start-up path imports contract modules directly/;
/** One lint setup for every case (building it reads the start-up path). */
const eslint = new ESLint({ cwd: ROOT });

/** What the repo's lint setup says of `code` as the file at `rel`, from the start-up rule. */
async function lint(rel, code) {
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, {
    filePath: path.join(ROOT, rel),
  });
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('the doors’ start-up paths never build the whole contract', () => {
  it('holds the router, the core’s and the CLI’s start-up files, not the lazily loaded ones', () => {
    const files = startUpFiles();
    for (const file of [
      'src-main/server/router.ts',
      'src-main/server/compose.ts',
      'src-main/core/create-core.ts',
      'src-main/core/inventory/host-service.ts',
      'src-main/cli/main.ts',
      'src-main/cli/program.ts',
      'src-main/cli/core-connection.ts',
      'src-main/server/attach.ts',
      'src-main/contract/method-loaders.ts',
    ])
      expect(files, file).toContain(file);
    // Loaded on first use (import()): a method's handlers, the web door, an area's services.
    for (const file of [
      'src-main/server/handlers/index.ts',
      'src-main/server/web/web-server.ts',
      'src-main/core/mysql/connection.ts',
    ])
      expect(files, file).not.toContain(file);
  });

  it('ends at contract/method-index.ts: neither the barrel nor the method table is reached', () => {
    for (const entry of ['src-main/server/compose.ts', 'src-main/cli/main.ts']) {
      const closure = startUpClosure(entry);
      expect(closure, entry).toContain('src-main/contract/method-index.ts');
      expect(closure, entry).not.toContain('src-main/contract/methods.ts');
      expect(closure, entry).not.toContain('src-main/contract/index.ts');
    }
    // The end point itself imports the table; the build turns it into data.
    expect(startUpFiles()).not.toContain('src-main/contract/method-index.ts');
  });

  it('refuses a value from the barrel or the method table in a start-up file', async () => {
    for (const [rel, code] of [
      ['src-main/server/router.ts', "import { methods as x } from '../contract/methods';"],
      ['src-main/core/create-core.ts', "import { OpsdeckError as x } from '../contract';"],
      ['src-main/core/create-core.ts', "import { OpsdeckError as x } from '../contract/';"],
      [
        'src-main/core/inventory/host-service.ts',
        "import { HostSchema as x } from '../../contract/index';",
      ],
      ['src-main/core/create-core.ts', "export * from '../contract/methods';\nconst x = 1;"],
      // A contract module on the path, and the CLI's own start-up files.
      ['src-main/contract/method-loaders.ts', "import { methodTables as x } from './methods';"],
      ['src-main/contract/hosts.ts', "import { OpsdeckError as x } from './index';"],
      ['src-main/cli/program.ts', "import { methods as x } from '../contract/methods';"],
      ['src-main/cli/core-connection.ts', "import { OpsdeckError as x } from '../contract';"],
    ])
      expect(await lint(rel, code), `${rel}: ${code}`).toEqual([expect.stringMatching(refused)]);
  });

  it('lets a start-up file import a contract module directly, a type, or its own area’s index', async () => {
    for (const [rel, code] of [
      ['src-main/server/router.ts', "import type { MethodName as x } from '../contract/methods';"],
      ['src-main/server/router.ts', "import { type MethodName as x } from '../contract/methods';"],
      ['src-main/core/create-core.ts', "import { OpsdeckError as x } from '../contract/errors';"],
      // core/ssh/index.ts is that area's own barrel, not the contract's.
      ['src-main/core/ssh/fingerprint.ts', "import { SshService as x } from './index';"],
    ])
      expect(await lint(rel, code), `${rel}: ${code}`).toEqual([]);
  });

  it('leaves files off the start-up path alone (their table is loaded by then)', async () => {
    expect(
      await lint(
        'src-main/core/mysql/actions.ts',
        "import { OpsdeckError as x } from '../../contract';",
      ),
    ).toEqual([]);
  });
});
