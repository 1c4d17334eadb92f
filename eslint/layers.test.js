import path from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import layers, { refusal } from './layers.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The rule's messages for `code` as if it were the file at `rel`. */
function lint(rel, code) {
  const linter = new Linter({ configType: 'flat' });
  return linter
    .verify(
      code,
      [
        {
          files: ['**/*.ts', '**/*.tsx'],
          plugins: { opsdeck: layers },
          rules: { 'opsdeck/layers': 'error' },
          languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
        },
      ],
      { filename: path.join(ROOT, rel) },
    )
    .map((m) => m.message);
}

describe('layers: each part of the tree imports only its allow-list', () => {
  it('lets the CLI and the server reach the core only as their allow-lists say', () => {
    expect(lint('src-main/cli/commands/x.ts', "import { a } from '../../server/compose';")).toEqual(
      [],
    );
    expect(lint('src-main/cli/commands/x.ts', "import { a } from '../../contract';")).toEqual([]);
    expect(
      lint('src-main/cli/commands/x.ts', "import { a } from '../../core/tunnels';")[0],
    ).toMatch(/cli may import only contract, cli, compose/);
    expect(lint('src-main/cli/x.ts', "import { a } from '../server/web/web-server';")[0]).toMatch(
      /this is server/,
    );
    expect(
      lint('src-main/server/handlers/x.ts', "import { a } from '../../core/create-core';"),
    ).toEqual([]);
    expect(lint('src-main/electron/x.ts', "export { a } from '../core/secrets/vault';")[0]).toMatch(
      /electron may import only/,
    );
  });

  it('keeps the contract free of every other layer, also in dynamic imports', () => {
    expect(lint('src-main/contract/x.ts', "const m = import('../core/event-bus');")[0]).toMatch(
      /contract may import only contract/,
    );
  });

  it('keeps test helpers out of production code, open to tests', () => {
    expect(lint('src-main/core/x.ts', "import { a } from '../../testing/lab/lab';")[0]).toMatch(
      /does not import test helpers/,
    );
    expect(lint('src-main/core/x.test.ts', "import { a } from '../../testing/lab/lab';")).toEqual(
      [],
    );
  });

  it('keeps renderer areas acyclic: only areas listed before, the shell imports none', () => {
    expect(
      refusal('src-renderer/features/mysql/X', 'src-renderer/features/hosts/hosts-store'),
    ).toBeUndefined();
    expect(refusal('src-renderer/features/hosts/X', 'src-renderer/features/terminals/t')).toMatch(
      /hosts area may import only areas listed before it/,
    );
    expect(
      refusal('src-renderer/app/Sidebar', 'src-renderer/features/workflows/runs-store'),
    ).toMatch(/shell \(app\/\) does not import areas/);
    expect(
      refusal('src-renderer/areas', 'src-renderer/features/hosts/contributions'),
    ).toBeUndefined();
    expect(refusal('src-renderer/features/newarea/X', 'src-renderer/features/hosts/h')).toMatch(
      /FEATURE_ORDER/,
    );
  });
});
