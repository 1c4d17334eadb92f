import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODE, type BackupEntry } from '../../contract';
import { BK_DB, eventIds } from '../../../testing/lab/backup-lab';
import { backupSuite, corruptStoredFile, storedFileIn } from '../../../testing/core/backup-suite';
import { explain } from '../../../testing/core/lab-suite';
import { sql } from '../../../testing/lab/mysql-lab';

/**
 * A backup's life after it is taken, on the lab: its restore test seen by the backup check
 * (WARNING before any test, OK once one passes, CRITICAL once the stored file rotted and the
 * test failed — what `opsdeck check` reports); a point-in-time restore to a time holding exactly
 * the rows committed before it; retention over several days' runs removing the older files and
 * their catalog entries. The core's clock is real time plus `shift` (moved on by whole days
 * between retention's runs only, when nothing runs).
 */
const clock = { shift: 0, now: () => new Date(Date.now() + clock.shift) };
const { t, local, remoteDir, run, entryOf, writer, before } = backupSuite({
  name: 'backup-lifecycle',
  clock,
});
const DAY_MS = 86_400_000;
/** A run's own limit, well under the tests' 300 s: a hang fails with the step it hung at. */
const RUN = { withinMs: 120_000 };
let dump: BackupEntry | undefined;

const checkRun = () => t().call('checks.run', { host: 'db1' });

/** db1's clock as a 'YYYY-MM-DD HH:MM:SS' string (the time zone mariadb-binlog reads it in). */
const db1Now = async () =>
  String((await sql('db1', "SELECT DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s') AS t"))[0]?.t ?? '');
/** Waits until db1's clock shows a later second than `than`; returns that second. */
async function nextSecond(than: string): Promise<string> {
  for (;;) {
    const now = await db1Now();
    if (now > than) return now;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(
  'backup lifecycle on the lab: restore-test check, PITR to a time, retention',
  { timeout: 300_000 },
  () => {
    it('the backup check: WARNING with no restore test, OK once a dump restore-tests on db3', async () => {
      await t().call('checks.create', {
        name: 'db1 restore tests',
        hosts: ['db1'],
        series: 'backup.restore_test',
        warning: 48,
        attempts: 1,
      });
      const none = await checkRun();
      expect(none).toMatchObject({ state: 'WARNING', exitCode: EXIT_CODE.WARNING });
      expect(none.results[0]!.output).toContain("no restore test of db1's backups");

      const b = await run(
        {
          workflow: 'backup-run',
          params: {
            host: 'db1',
            kind: 'dump',
            to: `file://${local}`,
            parallel: 0,
            databases: [BK_DB],
          },
        },
        undefined,
        RUN,
      );
      expect(b.status, explain(b)).toBe('succeeded');
      const e = (dump = entryOf(b));
      const r = await run(
        { workflow: 'backup-restore', params: { backupId: e.id, onto: 'db3' } },
        undefined,
        RUN,
      );
      expect(r.status, explain(r)).toBe('succeeded');
      const ok = await checkRun();
      expect(ok, JSON.stringify(ok)).toMatchObject({ state: 'OK', exitCode: EXIT_CODE.OK });
      expect(ok.results[0]).toMatchObject({
        host: 'db1',
        series: 'backup.restore_test',
        state: 'OK',
      });
      expect(ok.results[0]!.output).toContain(`${e.id}`);
      expect(ok.results[0]!.output).toContain('passed');
    });

    it('point-in-time to a time: exactly the rows committed before that second, none after', async () => {
      const written = await writer().stop();
      const e = dump!;
      // Rows stamped in one second, the chosen time the next (nothing written in it), more rows
      // in a later second: the binary log's timestamps have one-second resolution.
      await sql('db1', `INSERT INTO ${BK_DB}.events (n) VALUES (-1), (-2), (-3)`);
      const inserted = await db1Now();
      const until = await nextSecond(inserted);
      await nextSecond(until);
      await sql('db1', `INSERT INTO ${BK_DB}.events (n) VALUES (-4), (-5)`);
      const rows = await sql('db1', `SELECT id, n FROM ${BK_DB}.events WHERE n < 0 ORDER BY id`);
      const early = rows.filter((x) => Number(x.n) >= -3).map((x) => Number(x.id));
      const late = rows.filter((x) => Number(x.n) < -3).map((x) => Number(x.id));
      expect(early).toHaveLength(3);
      expect(late).toHaveLength(2);
      const r = await run(
        {
          workflow: 'backup-restore',
          params: {
            backupId: e.id,
            onto: 'db3',
            overwrite: [BK_DB],
            until: { time: until.replace(' ', 'T') },
            test: false,
          },
        },
        undefined,
        RUN,
      );
      expect(r.status, explain(r)).toBe('succeeded');
      const expected = [...before(), ...written.map((w) => w.id), ...early].sort((a, b) => a - b);
      const got = await eventIds('db3');
      expect(got).toEqual(expected);
      for (const id of late) expect(got).not.toContain(id);
      // A PITR restore is not a restore test: the passed one stays.
      expect(t().core.backups.get(e.id).restoreTest).toMatchObject({ status: 'passed' });
    });

    it('a stored file altered after its checksum was recorded: the restore test fails and the check is CRITICAL with the id, when and why', async () => {
      const e = dump!;
      corruptStoredFile(storedFileIn(local, e));
      const r = await run(
        { workflow: 'backup-restore', params: { backupId: e.id, onto: 'db3', overwrite: [BK_DB] } },
        undefined,
        RUN,
      );
      expect(r.status, explain(r)).toBe('failed');
      const test = t().core.backups.get(e.id).restoreTest;
      expect(test).toMatchObject({ status: 'failed', host: 'db3' });
      const critical = await checkRun();
      expect(critical).toMatchObject({ state: 'CRITICAL', exitCode: EXIT_CODE.CRITICAL });
      const [status] = critical.results;
      expect(status).toMatchObject({ host: 'db1', check: 'db1 restore tests', state: 'CRITICAL' });
      expect(status!.output).toContain(e.id);
      expect(status!.output).toContain(`failed at ${test!.at}`);
      // Why, on one line (the loader's error quotes the SQL it choked on: cut at 300 characters).
      expect(test!.message).toMatch(/^the restore failed: /);
      expect(status!.output).toContain(test!.message.replace(/\s+/g, ' ').slice(0, 120));
      expect(status!.output).not.toContain('\n');
    });

    it('retention keeps the newest 2 of 4 daily runs (local folder) and 1 of 2 (backup host over SSH): older files and their catalog entries removed', async ({
      onTestFinished,
    }) => {
      onTestFinished(() => {
        clock.shift = 0;
      });
      const series = async (to: string, runs: number, daily: number) => {
        const made: BackupEntry[] = [];
        for (let i = 0; i < runs; i++) {
          clock.shift += DAY_MS;
          const b = await run(
            {
              workflow: 'backup-run',
              params: {
                host: 'db1',
                kind: 'dump',
                to,
                parallel: 0,
                databases: [BK_DB],
                retention: { daily, weekly: 0, monthly: 0 },
              },
            },
            undefined,
            RUN,
          );
          expect(b.status, explain(b)).toBe('succeeded');
          made.push(entryOf(b));
          expect(b.steps.find((s) => s.id === 'retention')?.status).toBe('done');
        }
        return made;
      };
      const dir = join(local, 'kept');
      const made = await series(`file://${dir}`, 4, 2);
      const kept = made.slice(-2);
      const gone = made.slice(0, 2);
      expect(readdirSync(join(dir, 'db1')).sort()).toEqual(
        kept.map((e) => e.location.split('/').pop()!).sort(),
      );
      for (const e of gone) expect(t().core.backups.find(e.id)).toBeUndefined();
      expect(
        t()
          .core.backups.list({ host: 'db1', destination: `file://${dir}` })
          .map((e) => e.id)
          .sort(),
      ).toEqual(kept.map((e) => e.id).sort());
      // Another series (the first folder) is not this one's business.
      expect(t().core.backups.find(dump!.id)).toBeDefined();

      const remote = `ssh://db2${remoteDir}/kept`;
      const [older, newer] = await series(remote, 2, 1);
      const listing = await t().core.ssh.exec(
        t().core.hosts.get('db2'),
        `ls -1 '${remoteDir}/kept/db1'`,
      );
      expect(listing.stdout.trim().split('\n')).toEqual([newer!.location.split('/').pop()!]);
      expect(t().core.backups.find(older!.id)).toBeUndefined();
      expect(t().core.backups.find(newer!.id)).toMatchObject({ status: 'succeeded' });
    });
  },
);
