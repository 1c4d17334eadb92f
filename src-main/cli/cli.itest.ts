import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { labInventoryPath } from '../../testing/lab/lab';
import { runCli } from '../../testing/cli/run-cli';

const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-'));
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-test-passphrase';

const opsdeck = (...args: string[]) => runCli(home, ...args);

afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('opsdeck CLI against the lab', () => {
  it('imports the lab inventory and lists its hosts as JSON', async () => {
    const imported = await opsdeck('--json', 'hosts', 'import', 'lab', labInventoryPath);
    expect(imported.code).toBe(0);
    // db1..db3, and the stock hosts when the lab has them (lab-global-setup brings up two).
    const result = JSON.parse(imported.stdout) as { added: string[]; trustedHostKeys: number };
    expect(result.added).toEqual(expect.arrayContaining(['db1', 'db2', 'db3']));
    expect(result.trustedHostKeys).toBe(2 * result.added.length);
    const listed = await opsdeck('--json', 'hosts', 'list');
    expect(JSON.parse(listed.stdout).map((h: { name: string }) => h.name)).toEqual(result.added);
  });

  it('collects facts on a host through the same workflow engine as the GUI', async () => {
    const facts = await opsdeck('--json', 'facts', 'db1');
    expect(facts.stderr).toBe('');
    expect(facts.code).toBe(0);
    expect(JSON.parse(facts.stdout)).toMatchObject({
      hostname: 'db1',
      mysql: { flavor: 'mariadb' },
    });
    const runs = await opsdeck('--json', 'workflow', 'runs');
    expect(JSON.parse(runs.stdout)[0]).toMatchObject({
      workflow: 'collect-facts',
      subject: 'db1',
      status: 'succeeded',
      door: 'cli',
    });
  });

  it('tests a connection and shows the host key fingerprint', async () => {
    const res = await opsdeck('--json', 'hosts', 'test', 'db2');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({
      ok: true,
      trust: 'known',
      fingerprint: expect.stringMatching(/^SHA256:/),
    });
  });

  it('fails with a non-zero exit code, a message and a hint for an unknown host', async () => {
    const res = await opsdeck('--json', 'hosts', 'remove', '--yes', 'db9');
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout)).toMatchObject({
      error: { code: 'NOT_FOUND', hint: expect.any(String) },
    });
  });
});
