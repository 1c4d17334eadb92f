import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CronPlan } from '../../../contract';
import { labServices } from '../../../../testing/core/ssh-fixture';
import { sql } from '../../../../testing/lab/mysql-lab';
import { explain, runWorkflow } from '../../../../testing/core/lab-suite';
import { cronDumpOfDb1, onDb1 } from '../../../../testing/core/backup-suite';
import { isSystemSchema } from '../../mysql/sql';

/**
 * The script a cron schedule installs, run on db1 by hand (the lab's hosts share the machine's
 * crontab, so nothing is installed): it leaves a whole, checksummed dump with its manifest, keeps
 * what the retention says, and a dump that fails leaves nothing behind but its exit code.
 */
let t: Awaited<ReturnType<typeof labServices>>;
let plan: CronPlan;
let scheduleId: string;
const DB = 'opsdeck_cronbk';
// /root is db1's own (bind-mounted per lab host): the script writes nowhere shared.
const base = `/root/opsdeck-cron-itest-${process.pid}`;
const dir = `${base}/db1`;

const sh = (command: string, stdin?: string) => onDb1(t, command, stdin);
const files = async () =>
  (await sh(`ls -1 ${dir} 2>/dev/null || true`)).stdout.split('\n').filter(Boolean).sort();

beforeAll(async () => {
  t = await labServices();
  await sql(
    'db1',
    `CREATE DATABASE IF NOT EXISTS ${DB}; CREATE TABLE IF NOT EXISTS ${DB}.t (id INT PRIMARY KEY) ENGINE=InnoDB; USE ${DB}; INSERT IGNORE INTO t SELECT seq FROM seq_1_to_250`,
  );
  ({ scheduleId, plan } = await cronDumpOfDb1(t, { name: 'cron-itest', base, daily: 1 }));
}, 120_000);

afterAll(async () => {
  await sh(`rm -rf ${base}`).catch(() => undefined);
  await sql('db1', `DROP DATABASE IF EXISTS ${DB}`).catch(() => undefined);
  await sql('db3', `SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS ${DB}`).catch(
    () => undefined,
  );
  await t?.dispose();
});

describe('the cron backup script on db1', { timeout: 180_000 }, () => {
  it('writes a whole dump, its sha256 and coordinates in a manifest; retention keeps the newest', async () => {
    expect(plan.line).toMatch(/^15 3 \* \* \* \/usr\/local\/sbin\/opsdeck-backup-cron-itest\.sh /);
    const first = await sh('bash -s', plan.script);
    expect(first.code, first.stderr).toBe(0);
    const [file, manifest, ...rest] = await files();
    expect(rest).toEqual([]);
    expect(file).toMatch(/^\d{8}T\d{6}Z-db1-cron-mariadb-dump\.sql\.(zst|gz)$/);
    expect(manifest).toBe(`${file}.json`);
    const m = JSON.parse((await sh(`cat ${dir}/${manifest}`)).stdout) as Record<string, unknown>;
    const sum = (await sh(`sha256sum ${dir}/${file}`)).stdout.split(' ')[0];
    const size = Number((await sh(`stat -c %s ${dir}/${file}`)).stdout.trim());
    expect(m).toMatchObject({ kind: 'dump', tool: 'mariadb-dump', host: 'db1', bytes: size });
    expect(m.sha256).toBe(sum);
    expect(m.coordinates).toMatch(/MASTER_LOG_FILE='mysql-bin\.\d+'/);
    // Rows per table, counted in the dump: what an imported backup's restore test compares.
    expect(m.tables).toContainEqual({ table: `${DB}.t`, rows: 250 });
    const dec = file!.endsWith('.zst') ? 'zstd -q -dc' : 'gzip -dc';
    const body = await sh(
      `${dec} ${dir}/${file} | grep -c -e '^CREATE DATABASE.*${DB}' -e '^-- Dump completed'`,
    );
    expect(body.stdout.trim()).toBe('2');

    await new Promise((r) => setTimeout(r, 1100)); // a new second: a new backup id
    const second = await sh('bash -s', plan.script);
    expect(second.code, second.stderr).toBe(0);
    const kept = await files();
    // keep daily 1: only the newest of today, with its manifest.
    expect(kept).toHaveLength(2);
    expect(kept[0]! > file!).toBe(true);
  });

  it('the catalog imports the cron-made backup from its manifest, and its restore test passes on db3', async () => {
    const [file, manifest] = await files();
    const id = file!.replace(/-mariadb-dump\.sql\.(zst|gz)$/, '');
    const m = JSON.parse((await sh(`cat ${dir}/${manifest}`)).stdout) as Record<string, unknown>;
    const imported = await t.call('backups.importCron', { schedule: scheduleId });
    expect(imported).toEqual({ imported: [id], removed: [], skipped: [], missingFolders: [] });
    // Importing again changes nothing.
    expect(await t.call('backups.importCron', {})).toMatchObject({ imported: [], removed: [] });
    const e = await t.call('backups.get', { id });
    expect(e).toMatchObject({
      status: 'succeeded',
      kind: 'dump',
      tool: 'mariadb-dump',
      hostName: 'db1',
      scheduleId,
      bytes: m.bytes,
      checksum: m.sha256,
      location: `ssh://db1${dir}/${file}`,
      coordinates: {
        file: expect.stringMatching(/^mysql-bin\.\d+$/),
        position: expect.any(Number),
      },
    });
    expect(e.coordinates.gtid).toMatch(/^0-1-\d+/);
    expect(e.tables).toContainEqual({ table: `${DB}.t`, rows: 250 });

    // Its restore test: read over SSH from db1, loaded on db3, rows compared with the manifest's.
    const overwrite = (await sql('db3', 'SHOW DATABASES'))
      .map((r) => String(Object.values(r)[0]))
      .filter((d) => !isSystemSchema(d));
    const r = await runWorkflow(t, {
      workflow: 'backup-restore',
      params: { backupId: id, onto: 'db3', overwrite },
    });
    expect(r.status, explain(r)).toBe('succeeded');
    const tested = await t.call('backups.get', { id });
    expect(tested.restoreTest).toMatchObject({ status: 'passed', host: 'db3' });
    expect(tested.restoreTest?.tables).toContainEqual(
      expect.objectContaining({ table: `${DB}.t`, expectedRows: 250, rows: 250 }),
    );

    // The folder is not there (a disk not mounted): nothing is forgotten, and the import says so.
    await sh(`mv ${dir} ${dir}.unmounted`);
    expect(await t.call('backups.importCron', { schedule: scheduleId })).toEqual({
      imported: [],
      removed: [],
      skipped: [],
      missingFolders: [{ host: 'db1', folder: dir }],
    });
    expect(t.core.backups.find(id)).toBeDefined();
    await sh(`mv ${dir}.unmounted ${dir}`);

    // Cron's retention deletes the file and its manifest: the next import forgets the entry.
    await sh(`rm -f ${dir}/${file} ${dir}/${manifest}`);
    expect(await t.call('backups.importCron', { schedule: scheduleId })).toEqual({
      imported: [],
      removed: [id],
      skipped: [],
      missingFolders: [],
    });
    expect(t.core.backups.find(id)).toBeUndefined();
  });

  it('a dump that fails exits non-zero and leaves no partial file and no new backup', async () => {
    const before = await files();
    // The dump tool dies half-way (a shell function stands in for mariadb-dump).
    const broken = `mariadb-dump() { echo '-- partial'; echo 'mariadb-dump: Got error: 2013' >&2; return 2; }\n${plan.script}`;
    const r = await sh('bash -s', broken);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Got error: 2013'); // the tool's log, for cron's log file
    expect(await files()).toEqual(before);
  });
});
