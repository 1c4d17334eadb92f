import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BackupEntry } from '../../contract';
import { labInventoryPath } from '../../../testing/lab/lab';
import { sql } from '../../../testing/lab/mysql-lab';
import { runCli } from '../../../testing/cli/run-cli';

const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-backup-'));
const dir = mkdtempSync(join(tmpdir(), 'opsdeck-cli-backups-'));
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-test-passphrase';
const DB = 'opsdeck_clibk';

const opsdeck = (...args: string[]) => runCli(home, ...args);

afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await sql('db1', `DROP DATABASE IF EXISTS ${DB}`);
  rmSync(home, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/** `opsdeck backup …` against the lab: run, list, show, verify, and a restore's dry run. */
describe('opsdeck backup', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    expect((await opsdeck('hosts', 'import', 'lab', labInventoryPath)).code).toBe(0);
    await sql(
      'db1',
      `CREATE DATABASE IF NOT EXISTS ${DB}; USE ${DB}; CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT IGNORE INTO t SELECT seq FROM seq_1_to_100`,
    );
  });

  it('run --dry-run prints the plan and takes nothing; run --yes takes, catalogues and verifies it', async () => {
    const plan = await opsdeck(
      'backup',
      'run',
      'db1',
      '--kind',
      'dump',
      '--to',
      `file://${dir}`,
      '--databases',
      DB,
      '--dry-run',
    );
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/WRITE sql db1: FLUSH TABLES WITH READ LOCK/);
    expect(plan.stdout).toMatch(
      /WRITE ssh db1: : opsdeck-backup .* mariadb-dump --verbose --single-transaction/,
    );
    expect(readdirSync(dir)).toEqual([]);
    const run = await opsdeck(
      'backup',
      'run',
      'db1',
      '--kind',
      'dump',
      '--to',
      `file://${dir}`,
      '--databases',
      DB,
      '--keep-daily',
      '3',
      '--yes',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Back up MySQL on db1 \(dump\): succeeded/);
    const list = JSON.parse(
      (await opsdeck('--json', 'backup', 'list', '--host', 'db1')).stdout,
    ) as BackupEntry[];
    expect(list[0]).toMatchObject({
      kind: 'dump',
      status: 'succeeded',
      verify: { status: 'passed' },
      tables: [{ table: `${DB}.t`, rows: 100 }],
    });
    const show = await opsdeck('backup', 'show', list[0]!.id);
    expect(show.stdout).toMatch(/restore\s+not tested yet/);
    expect(show.stdout).toMatch(new RegExp(`tables\\s+${DB}\\.t=100`));
    const table = await opsdeck('backup', 'list');
    expect(table.stdout).toMatch(/^ID\s+HOST\s+KIND\s+TOOL\s+STATUS/);
    const verify = await opsdeck('backup', 'verify', list[0]!.id);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('restore refuses the source host and bad --until values, with what to do', async () => {
    const [e] = JSON.parse((await opsdeck('--json', 'backup', 'list')).stdout) as BackupEntry[];
    const same = await opsdeck('backup', 'restore', e!.id, '--onto', 'db1', '--yes');
    expect(same.code).toBe(1);
    expect(same.stdout + same.stderr).toMatch(
      /restoring onto the same host would replace its live data/,
    );
    const bad = await opsdeck('backup', 'restore', e!.id, '--onto', 'db3', '--until', 'yesterday');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--until yesterday is neither a time nor a GTID/);
    const plan = await opsdeck(
      'backup',
      'restore',
      e!.id,
      '--onto',
      'db3',
      '--until',
      '0-1-5',
      '--dry-run',
    );
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/mariadb-binlog --start-position=\d+ --stop-position='0-1-5'/);
  });

  it('new-replica --preflight: the backup and the binlogs since it are checked; its own host is refused', async () => {
    const [e] = JSON.parse((await opsdeck('--json', 'backup', 'list')).stdout) as BackupEntry[];
    const pre = await opsdeck('backup', 'new-replica', e!.id, '--onto', 'db2', '--preflight');
    expect(pre.stdout).toMatch(
      new RegExp(`OK\\s+Backup to seed from: dump backup ${e!.id} of db1`),
    );
    expect(pre.stdout).toMatch(/OK\s+Binary logs since the backup: db1 has \d+ binary log/);
    const onSelf = await opsdeck('backup', 'new-replica', e!.id, '--onto', 'db1', '--preflight');
    expect(onSelf.code).toBe(1);
    expect(onSelf.stdout).toMatch(/Master and replica are the same host/);
  });
});
