import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupEntry, RunDetail } from '../../../contract';
import { explain, labSuite, recordedRuns, rowsOf } from '../../../../testing/core/lab-suite';
import {
  checksums,
  createTestData,
  dropOnMaster,
  resetLabReplication,
  sql,
  startWriter,
  waitCaughtUp,
} from '../../../../testing/lab/mysql-lab';

/**
 * "New replica from this backup" on the lab: a dump and a hot backup of db1 taken by the backups
 * feature while a writer inserts; more rows written after each; db2 and db3 built as replicas
 * from those backups (not from a fresh copy of db1) catch up with every row. Then db1's binary
 * logs since the backup are purged and the preflight refuses, changing nothing.
 */
const local = mkdtempSync(join(tmpdir(), 'opsdeck-seed-backup-'));
const backups: Record<string, BackupEntry> = {};

const t = labSuite({
  prepare: async (services) => {
    await resetLabReplication(services, ['db2', 'db3']);
    await dropOnMaster('db1', ['repl_db2', 'repl_db3']);
    await createTestData('db1');
  },
  release: async (services) => {
    await services.core.workflows.stopAll();
    await resetLabReplication(services, ['db2', 'db3'], runs);
    await dropOnMaster('db1', ['repl_db2', 'repl_db3']);
    rmSync(local, { recursive: true, force: true });
  },
  setupMs: 300_000,
  teardownMs: 300_000,
});
const { runs, run } = recordedRuns(t);

const backupRows = (e: BackupEntry) =>
  e.tables.find((x) => x.table === 'opsdeck_test.events')?.rows ?? -1;

/** A backup of db1 by the backups feature, while a writer inserts; then more rows after it. */
async function backupThenWrite(kind: 'dump' | 'hot'): Promise<BackupEntry> {
  const writer = startWriter('db1');
  let r: RunDetail;
  try {
    r = await run({
      workflow: 'backup-run',
      params: { host: 'db1', kind, to: `file://${local}`, parallel: 0 },
    });
    // Rows that only the binary logs since the backup hold.
    await sql(
      'db1',
      `INSERT INTO opsdeck_test.events (payload, n) SELECT CONCAT('after-${kind}-', seq), seq FROM opsdeck_test.seq_1_to_300`,
    );
  } finally {
    await writer.stop();
  }
  expect(r.status, explain(r)).toBe('succeeded');
  const [e] = t().core.backups.list({ runId: r.id, limit: 1 });
  expect(e?.coordinates.file).toMatch(/^mysql-bin\.\d+$/);
  return e as BackupEntry;
}

describe('new replica from a backup (lab: db1 → backups → db2, db3)', { timeout: 600_000 }, () => {
  it('plans a seed from a dump backup: the backup read into db2, the replica pointed at its coordinates', async () => {
    const e = (backups.dump = await backupThenWrite('dump'));
    const plan = await t().core.workflows.plan({
      workflow: 'mysql-replication-setup',
      params: { master: 'db1', replica: 'db2', seed: 'backup', backupId: e.id },
    });
    const writesOf = (id: string) =>
      plan.steps
        .find((s) => s.id === id)
        ?.actions.filter((a) => a.write)
        .map((a) => a.detail) ?? [];
    // The backup's file is loaded on db2 (out of its binary log); db1 is not dumped again.
    expect(writesOf('seed')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /echo 'SET SESSION sql_log_bin = 0;'; (zstd -q -dc|gzip -dc); \} \| mariadb/,
        ),
      ]),
    );
    const all = plan.steps.flatMap((s) => s.actions.map((a) => a.detail));
    expect(all.filter((w) => /mariadb-dump --single-transaction/.test(w))).toEqual([]);
    // Replication starts at the backup's own coordinates.
    expect(writesOf('point-replica').join('\n')).toContain(
      `gtid_slave_pos = '${e.coordinates.gtid}'`,
    );
    expect(await sql('db2', 'SHOW SLAVE STATUS')).toHaveLength(0);
  });

  it('db2 from a dump backup: catches up with every row written since the backup', async () => {
    const e = backups.dump as BackupEntry;
    const r = await run({
      workflow: 'mysql-replication-setup',
      params: { master: 'db1', replica: 'db2', seed: 'backup', backupId: e.id },
    });
    expect(r.status, explain(r)).toBe('succeeded');
    expect(r.output.seed).toMatchObject({
      method: 'backup',
      backupId: e.id,
      file: e.coordinates.file,
      position: e.coordinates.position,
      gtid: e.coordinates.gtid,
    });
    await waitCaughtUp('db1', 'db2');
    const rows = await rowsOf('db1');
    expect(rows).toBeGreaterThan(backupRows(e) + 300 - 1);
    expect(await rowsOf('db2')).toBe(rows);
    expect(await checksums('db2', ['opsdeck_test'])).toEqual(
      await checksums('db1', ['opsdeck_test']),
    );
    const [status] = await sql('db2', 'SHOW SLAVE STATUS');
    expect(status).toMatchObject({
      Slave_IO_Running: 'Yes',
      Slave_SQL_Running: 'Yes',
      Using_Gtid: 'Slave_Pos',
    });
  });

  it('db3 from a hot backup: catches up with every row written since the backup', async () => {
    const e = (backups.hot = await backupThenWrite('hot'));
    expect(e.kind).toBe('hot');
    const r = await run({
      workflow: 'mysql-replication-setup',
      params: { master: 'db1', replica: 'db3', seed: 'backup', backupId: e.id },
    });
    expect(r.status, explain(r)).toBe('succeeded');
    expect(r.output.seed).toMatchObject({
      method: 'backup',
      backupId: e.id,
      file: e.coordinates.file,
      previousData: expect.stringMatching(/\.opsdeck-before-[0-9a-f]{8}$/),
    });
    await waitCaughtUp('db1', 'db3');
    const rows = await rowsOf('db1');
    expect(await rowsOf('db3')).toBe(rows);
    expect(await checksums('db3', ['opsdeck_test'])).toEqual(
      await checksums('db1', ['opsdeck_test']),
    );
  });

  it('refuses, changing nothing, when db1 purged the binary logs since the backup', async () => {
    const e = backups.dump as BackupEntry;
    // A new binlog, something the replicas replay from it, then every older log purged.
    await sql('db1', 'FLUSH BINARY LOGS');
    const [now] = await sql('db1', 'SHOW MASTER STATUS');
    await sql('db1', "INSERT INTO opsdeck_test.events (payload, n) VALUES ('after-flush', 0)");
    await waitCaughtUp('db1', 'db2');
    await waitCaughtUp('db1', 'db3');
    await sql('db1', `PURGE BINARY LOGS TO '${String(now?.File)}'`);
    const logs = await sql('db1', 'SHOW BINARY LOGS');
    expect(logs.map((l) => l.Log_name)).not.toContain(e.coordinates.file);

    await resetLabReplication(t(), ['db2']);
    const report = await t().call('mysql.preflight', {
      master: 'db1',
      replica: 'db2',
      seed: 'backup',
      backupId: e.id,
      overwrite: ['opsdeck_test', 'opsdeck'],
    });
    expect(report.ok).toBe(false);
    const check = report.checks.find((c) => c.id === 'backup-binlogs');
    expect(check).toMatchObject({
      level: 'error',
      message: expect.stringContaining(`${e.coordinates.file} is no longer on the master`),
      hint: expect.stringContaining('newer backup'),
    });

    const databases = await sql('db2', 'SHOW DATABASES');
    const r = await run({
      workflow: 'mysql-replication-setup',
      params: {
        master: 'db1',
        replica: 'db2',
        seed: 'backup',
        backupId: e.id,
        overwrite: ['opsdeck_test', 'opsdeck'],
      },
    });
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({
      code: 'MYSQL_PREFLIGHT_FAILED',
      message: expect.stringContaining('the logs written since the backup were purged'),
    });
    expect(await sql('db2', 'SHOW DATABASES')).toEqual(databases);
    expect(await sql('db2', 'SHOW SLAVE STATUS')).toHaveLength(0);
  });
});
