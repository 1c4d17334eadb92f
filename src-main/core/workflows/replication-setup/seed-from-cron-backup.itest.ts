import { describe, expect, it } from 'vitest';
import { explain, labSuite, recordedRuns, rowsOf } from '../../../../testing/core/lab-suite';
import { cronDumpOfDb1, onDb1 } from '../../../../testing/core/backup-suite';
import {
  checksums,
  createTestData,
  dropOnMaster,
  resetLabReplication,
  sql,
  waitCaughtUp,
} from '../../../../testing/lab/mysql-lab';

/**
 * "New replica from this backup" from a backup cron made: db1's cron script (run by hand over
 * SSH, as cron would run it), its manifest imported into the catalog, then db2 seeded from that
 * entry — loaded from the file on db1 and started at the manifest's coordinates — catches up with
 * the rows written after it.
 */
// /root is db1's own (bind-mounted per lab host): the script writes nowhere shared.
const base = `/root/opsdeck-cron-seed-${process.pid}`;
const sh = (command: string, stdin?: string) => onDb1(t(), command, stdin);

const t = labSuite({
  prepare: async (services) => {
    await resetLabReplication(services, ['db2']);
    await dropOnMaster('db1', ['repl_db2']);
    await createTestData('db1');
  },
  release: async (services) => {
    await services.core.workflows.stopAll();
    await resetLabReplication(services, ['db2'], runs);
    await dropOnMaster('db1', ['repl_db2']);
    await sh(`rm -rf ${base}`).catch(() => undefined);
  },
  setupMs: 300_000,
  teardownMs: 300_000,
});
const { runs, run } = recordedRuns(t);

describe(
  'new replica from a cron-made backup (lab: db1 → cron script → import → db2)',
  { timeout: 600_000 },
  () => {
    it('db2 seeded from the imported cron dump catches up with every row written since', async () => {
      const { scheduleId, plan } = await cronDumpOfDb1(t(), { name: 'cron-seed', base, daily: 3 });
      const made = await sh('bash -s', plan.script);
      expect(made.code, made.stderr).toBe(0);
      // Rows that only db1's binary logs since the backup hold.
      await sql(
        'db1',
        `INSERT INTO opsdeck_test.events (payload, n) SELECT CONCAT('after-cron-', seq), seq FROM opsdeck_test.seq_1_to_300`,
      );
      const { imported } = await t().call('backups.importCron', { schedule: scheduleId });
      expect(imported).toHaveLength(1);
      const e = t().core.backups.get(imported[0] ?? '');
      expect(e.coordinates.file).toMatch(/^mysql-bin\.\d+$/);

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
      });
      await waitCaughtUp('db1', 'db2');
      const rows = await rowsOf('db1');
      const inBackup = e.tables.find((x) => x.table === 'opsdeck_test.events')?.rows ?? -1;
      expect(inBackup).toBeGreaterThanOrEqual(0);
      const [bulk] = await sql('db1', 'SELECT COUNT(*) AS n FROM opsdeck_test.bulk');
      expect(e.tables).toContainEqual({ table: 'opsdeck_test.bulk', rows: Number(bulk?.n) });
      expect(rows).toBe(inBackup + 300);
      expect(await rowsOf('db2')).toBe(rows);
      expect(await checksums('db2', ['opsdeck_test'])).toEqual(
        await checksums('db1', ['opsdeck_test']),
      );
    });
  },
);
