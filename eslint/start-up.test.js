import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { startUpFiles } from './start-up.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const RULE = '@typescript-eslint/no-restricted-imports';

/** What the repo's lint setup says of `code` as the file at `rel`, from the start-up rule. */
async function lint(rel, code) {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, {
    filePath: path.join(ROOT, rel),
  });
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('the core start-up path never builds the whole contract', () => {
  it('holds the router and the core start-up files, not the lazily loaded ones', () => {
    const files = startUpFiles();
    for (const file of [
      'src-main/server/router.ts',
      'src-main/server/compose.ts',
      'src-main/core/create-core.ts',
      'src-main/core/inventory/host-service.ts',
    ])
      expect(files, file).toContain(file);
    // Loaded on first use (import()): a method's handlers, the web door, an area's services.
    for (const file of [
      'src-main/server/handlers/index.ts',
      'src-main/server/web/web-server.ts',
      'src-main/core/mysql/connection.ts',
    ])
      expect(files, file).not.toContain(file);
    expect(files.some((f) => f.startsWith('src-main/contract/'))).toBe(false);
  });

  it('refuses a value from the barrel or the method table in a start-up file', async () => {
    const refused = /start-up path imports contract modules directly/;
    expect(
      await lint(
        'src-main/server/router.ts',
        "import { methods as x } from '../contract/methods';",
      ),
    ).toEqual([expect.stringMatching(refused)]);
    expect(
      await lint(
        'src-main/core/create-core.ts',
        "import { OpsdeckError as x } from '../contract';",
      ),
    ).toEqual([expect.stringMatching(refused)]);
    expect(
      await lint(
        'src-main/core/inventory/host-service.ts',
        "import { HostSchema as x } from '../../contract/index';",
      ),
    ).toEqual([expect.stringMatching(refused)]);
  });

  it('lets a start-up file import a contract module directly, or a type from anywhere', async () => {
    expect(
      await lint(
        'src-main/server/router.ts',
        "import type { MethodName as x } from '../contract/methods';",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'src-main/core/create-core.ts',
        "import { OpsdeckError as x } from '../contract/errors';",
      ),
    ).toEqual([]);
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
