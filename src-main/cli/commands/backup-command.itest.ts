import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BackupEntry } from '../../contract';
import { labInventoryPath } from '../../../testing/lab/lab';
import { sql } from '../../../testing/lab/mysql-lab';
import { runCli } from '../../../testing/cli/run-cli';
import { startFake } from '../../../testing/aws/fake-setup';
import { addFakeAccount } from '../../../testing/cli/cli-fake-ec2';

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

  it('restore --onto new-instance --dry-run: the launch as `ec2 launch` plans it, then the test’s steps; nothing launched', async () => {
    const fake = await startFake();
    try {
      expect((await addFakeAccount(home, fake)).code).toBe(0);
      const [e] = JSON.parse((await opsdeck('--json', 'backup', 'list')).stdout) as BackupEntry[];
      const args = ['backup', 'restore', e!.id, '--onto', 'new-instance', '--account', 'fake'];
      const ubuntu = ['--image-filter', 'ubuntu', '--image-owner', '099720109477'];
      const plan = await opsdeck(...args, ...ubuntu, '--type', 't3.large', '--dry-run');
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stderr).toContain('Launch 1× opsdeck-restore-test in fake/eu-west-1');
      expect(plan.stderr).toMatch(/AMI\s+ami-\w+ \(ubuntu\/images\/hvm-ssd-gp3\/ubuntu-noble/);
      expect(plan.stderr).toContain('aws ec2 run-instances');
      expect(plan.stdout).toMatch(
        /WRITE aws aws:fake\/eu-west-1: launch opsdeck-restore-test \(t3\.large, ami-\w+\)/,
      );
      expect(plan.stdout).toMatch(/terminate <the launched instance> \(the restore test is over\)/);
      expect(fake.requests.some((r) => r.action === 'RunInstances')).toBe(false);
      const pitr = await opsdeck(...args, ...ubuntu, '--until', '0-1-5', '--dry-run');
      expect(pitr.code).toBe(1);
      expect(pitr.stderr).toMatch(/--until cannot be combined with --onto new-instance/);
      const noImage = await opsdeck(...args, '--dry-run');
      expect(noImage.code).toBe(1);
      expect(noImage.stderr).toMatch(/Which AMI\? Neither --image nor --image-filter was given/);
    } finally {
      await fake.close();
    }
  });
});
