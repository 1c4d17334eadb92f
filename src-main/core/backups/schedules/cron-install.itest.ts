import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CronPlan } from '../../../contract';
import { privateCrontabIn, startCronIn } from '../../../../testing/lab/lab-cron';
import { inHostNamespace } from '../../../../testing/lab/lab-faults';
import { SUDO_LOGIN } from '../../../../testing/lab/lab';
import {
  addStockLogin,
  labCore,
  releaseLabCore,
  resetStock,
  seedNotes,
} from '../../../../testing/lab/stock-lab';
import { caller } from '../../../../testing/core/ssh-fixture';

/**
 * A cron schedule installed on a host as Debian ships it (stock1: fresh MariaDB, logged in as
 * `admin` with passwordless sudo): the crontab line and script go in with a copy of root's
 * crontab kept in /var/backups, a line of root's own stays, and removing takes out exactly the
 * schedule's line and script. Root's crontab and /var/backups are stock1's own (private bind
 * mounts in its namespace): this machine's crontab is never touched.
 */
/** Debian's cron package (its daemon and crontab(1)); the suite needs it on this machine. */
const hasCron = existsSync('/usr/sbin/cron') && existsSync('/usr/bin/crontab');
if (!hasCron)
  console.warn(
    'cron-install.itest skipped: the cron package is not installed here (apt-get install cron).',
  );

describe.skipIf(!hasCron)(
  'a cron schedule installed and removed on stock1 through sudo',
  // Above the cron test's own deadline (its fire minute ≤ 150 s ahead + 180 s to import).
  { timeout: 420_000 },
  () => {
    let t: Awaited<ReturnType<typeof labCore>>;
    let call: ReturnType<typeof caller>;
    let undoCron: () => void = () => undefined;
    let stopCron: () => Promise<void> = async () => undefined;
    let scheduleId = '';
    const OWN = '17 4 * * * /usr/bin/true # root’s own line';
    const inStock1 = (script: string) => inHostNamespace('stock1', script);
    const crontab = () => inStock1('crontab -l -u root 2>/dev/null || true');
    const machineCrontab = () =>
      execFileSync('sh', ['-c', 'crontab -l -u root 2>/dev/null || true'], { encoding: 'utf8' });

    beforeAll(async () => {
      resetStock('stock1');
      undoCron = privateCrontabIn('stock1');
      inStock1(`echo '${OWN}' | crontab -u root -`);
      t = await labCore();
      call = caller(t);
      await addStockLogin(t, 'peer1', 1, SUDO_LOGIN);
      await seedNotes(t, 'peer1');
      const s = await call('backups.schedules.save', {
        schedule: {
          name: 'nightly-peer1',
          host: 'peer1',
          kind: 'dump',
          to: 'ssh://peer1/var/backups/mysql',
          when: { every: 'day', at: '02:30' },
          retention: { daily: 3, weekly: 0, monthly: 0 },
          runner: 'cron',
        },
      });
      scheduleId = s.id;
    }, 180_000);
    afterAll(async () => {
      // The daemon first: unmounting its private crontabs under it would show it the machine's.
      await stopCron();
      if (t) await releaseLabCore(t);
      undoCron();
    }, 180_000);

    it('installs the line and the script, keeping a copy of the crontab as it was; the machine’s crontab is untouched', async () => {
      const before = machineCrontab();
      const plan: CronPlan = await call('backups.schedules.cronPlan', { id: scheduleId });
      expect(plan.line).toBe(
        `30 2 * * * /usr/local/sbin/opsdeck-backup-nightly-peer1.sh >> /var/log/opsdeck-backup.log 2>&1 # opsdeck-schedule:${scheduleId}`,
      );
      await call('backups.schedules.installCron', { id: scheduleId });

      expect(crontab().trim().split('\n')).toEqual([OWN, plan.line]);
      expect(inStock1(`stat -c '%a %U' ${plan.scriptPath}`).trim()).toBe('700 root');
      expect(inStock1(`cat ${plan.scriptPath}`)).toBe(plan.script);
      expect(inStock1(`bash -n ${plan.scriptPath} && echo syntax-ok`).trim()).toBe('syntax-ok');
      const copies = inStock1('ls -1 /var/backups | grep "^crontab.root.opsdeck-" || true')
        .trim()
        .split('\n');
      expect(copies).toHaveLength(1);
      expect(inStock1(`cat /var/backups/${copies[0]}`).trim()).toBe(OWN);
      expect(machineCrontab()).toBe(before);
      expect(execFileSync('ls', ['/usr/local/sbin'], { encoding: 'utf8' })).not.toContain(
        'opsdeck-backup-nightly-peer1',
      );
      const audit = await call('audit.list', { limit: 50 });
      expect(audit.map((a) => `${a.target} ${a.action} ${a.outcome}`)).toContain(
        'peer1 backups.schedules: install the cron entry ok',
      );
      // Installed in cron: the schedule is not changed until its entry is removed from the host.
      await expect(call('backups.schedules.remove', { id: scheduleId })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining("installed in peer1's crontab"),
      });
    });

    it('removes exactly its line and script; root’s own line stays; the crontab before is kept again', async () => {
      const plan = await call('backups.schedules.cronPlan', { id: scheduleId });
      await call('backups.schedules.removeCron', { id: scheduleId });
      expect(crontab().trim()).toBe(OWN);
      expect(inStock1(`test -e ${plan.scriptPath} && echo there || echo gone`).trim()).toBe('gone');
      const copies = inStock1('ls -1 /var/backups | grep "^crontab.root.opsdeck-" || true')
        .trim()
        .split('\n');
      // Two copies, never one over the other (even within one second): before the install
      // (root's own line) and before the removal (with the schedule's line).
      expect(copies).toHaveLength(2);
      const contents = copies.map((c) => inStock1(`cat /var/backups/${c}`).trim()).sort();
      expect(contents).toEqual([OWN, `${OWN}\n${plan.line}`].sort());
      await call('backups.schedules.remove', { id: scheduleId });
    });

    it('cron itself fires the installed entry: the backup it makes is imported into the catalog', async () => {
      // A schedule for the first minute at least 90 s ahead (cron reads the machine's local
      // time, as the line is written), installed before the daemon starts: cron notices a
      // changed crontab by the spool folder's mtime in whole seconds, so an install in the same
      // second as the daemon's start would go unseen (it did, in CI).
      const at = new Date(Math.ceil((Date.now() + 90_000) / 60_000) * 60_000);
      const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
      const s = await call('backups.schedules.save', {
        schedule: {
          name: 'soon-peer1',
          host: 'peer1',
          kind: 'dump',
          to: 'ssh://peer1/var/backups/mysql',
          when: { every: 'day', at: hhmm },
          retention: { daily: 3, weekly: 0, monthly: 0 },
          runner: 'cron',
        },
      });
      await call('backups.schedules.installCron', { id: s.id });
      stopCron = startCronIn('stock1');
      expect(at.getTime() - Date.now()).toBeGreaterThan(30_000); // cron is up before the minute
      try {
        // State-based: until the import finds the manifest cron's run wrote (generous deadline).
        const deadline = at.getTime() + 180_000;
        let imported: string[] = [];
        while (!imported.length && Date.now() < deadline) {
          imported = (await call('backups.importCron', { schedule: s.id })).imported;
          if (!imported.length) await new Promise((r) => setTimeout(r, 5000));
        }
        expect(imported).toHaveLength(1);
        const entry = t.core.backups.get(imported[0] ?? '');
        expect(entry).toMatchObject({ kind: 'dump', status: 'succeeded', hostName: 'peer1' });
        expect(entry.tables).toEqual([{ table: 'app.notes', rows: 1 }]);
      } finally {
        await stopCron();
        await call('backups.schedules.removeCron', { id: s.id });
      }
      expect(crontab().trim()).toBe(OWN);
    });
  },
);
