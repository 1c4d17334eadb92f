import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { labInventoryPath } from '../../../testing/lab/lab';
import { runCli } from '../../../testing/cli/run-cli';

const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-mysql-'));
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-test-passphrase';

const opsdeck = (...args: string[]) => runCli(home, ...args);

afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** `opsdeck mysql …` against the lab; nothing here changes a server. */
describe('opsdeck mysql', () => {
  beforeAll(async () => {
    expect((await opsdeck('hosts', 'import', 'lab', labInventoryPath)).code).toBe(0);
  });

  it('facts <host> prints flavor, ids, binlog, read_only and datadir', async () => {
    const r = await opsdeck('mysql', 'facts', 'db1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/flavor\s+mariadb 10\.11\.\d+/);
    expect(r.stdout).toMatch(/server_id\s+1/);
    expect(r.stdout).toMatch(/binary log\s+on, ROW/);
    expect(r.stdout).toMatch(/datadir\s+\/var\/lib\/mysql\//);
  });

  it('topology <host> --json is the contract shape; the text form is a tree', async () => {
    const json = await opsdeck('--json', 'mysql', 'topology', 'db2');
    expect(json.code, json.stderr).toBe(0);
    const topo = JSON.parse(json.stdout) as {
      rootId: string;
      nodes: { name: string; role: string }[];
    };
    expect(topo.nodes.find((n) => n.name === 'db2')).toBeTruthy();
    const text = await opsdeck('mysql', 'topology', 'db2');
    expect(text.stdout).toMatch(/^db2 \((standalone|replica|master)\)/m);
  });

  it('replicate --dry-run prints the plan with secrets masked and changes nothing', async () => {
    const r = await opsdeck(
      'mysql',
      'replicate',
      '--master',
      'db1',
      '--replica',
      'db3',
      '--dry-run',
    );
    if (r.code !== 0) {
      // db3 may hold data from another suite; then the preflight must say so, clearly.
      expect(r.stderr).toMatch(/Preflight for db1 → db3 failed; nothing was changed/);
      return;
    }
    expect(r.stdout).toMatch(
      /WRITE sql db1: GRANT REPLICATION SLAVE ON \*\.\* TO 'repl_db3'@'127\.0\.0\.1'/,
    );
    // With databases on db1 the seed is a streamed dump; with none, the master's position.
    expect(r.stdout).toMatch(
      /\d+\. Seed the replica[^\n]*\n(?:.*\n){0,4}.*(mariadb-dump --single-transaction|SHOW MASTER STATUS)/,
    );
    expect(r.stdout).toMatch(/MASTER_PASSWORD='••••••'/);
  });

  it('replicate --preflight lists the checks; a duplicate role is refused', async () => {
    const r = await opsdeck(
      'mysql',
      'replicate',
      '--master',
      'db1',
      '--replica',
      'db1',
      '--preflight',
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ERROR\s+Two servers: Master and replica are the same host/);
  });

  it('actions ask for confirmation and refuse without it (no TTY)', async () => {
    const r = await opsdeck('mysql', 'read-only', 'db2', 'on');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });
});
