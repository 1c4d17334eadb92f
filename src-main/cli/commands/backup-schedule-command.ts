import type { Command } from 'commander';
import { describeWhen, OpsdeckError, type ScheduleInput, type ScheduleWhen } from '../../contract';
import { formatTable } from '../output';
import type { RunCommand } from '../run-command';
import { follow } from './run-follow';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** `daily@02:30`, `weekly@sun@03:00`, `every@6h`. */
export function parseWhen(v: string): ScheduleWhen {
  const daily = /^daily@(\d\d:\d\d)$/.exec(v);
  if (daily) return { every: 'day', at: daily[1] as string };
  const weekly = /^weekly@([a-z]{3})@(\d\d:\d\d)$/i.exec(v);
  if (weekly && DAYS.includes((weekly[1] as string).toLowerCase()))
    return {
      every: 'week',
      day: DAYS.indexOf((weekly[1] as string).toLowerCase()),
      at: weekly[2] as string,
    };
  const hours = /^every@(\d+)h$/.exec(v);
  if (hours) return { every: 'hours', hours: Number(hours[1]) };
  throw new OpsdeckError(
    'INVALID_PARAMS',
    `--when ${v} is not a schedule.`,
    'Use daily@02:30, weekly@sun@03:00 or every@6h.',
  );
}

/** `opsdeck backup schedule …`: schedules run by Opsdeck or installed in cron. */
export function registerBackupSchedules(backup: Command, run: RunCommand): void {
  const schedule = backup
    .command('schedule')
    .alias('schedules')
    .description('Backup schedules (Opsdeck or cron), with restore tests');
  const int = (v: string) => Number.parseInt(v, 10);

  schedule.command('list').action(() =>
    run(async ({ call, out }) => {
      const list = await call('backups.schedules.list', {});
      out.result(list, () =>
        formatTable(
          [
            'NAME',
            'HOST',
            'KIND',
            'WHEN',
            'RUNNER',
            'TO',
            'VERIFY ON',
            'RESTORE TEST ON',
            'NEXT',
            'LAST',
          ],
          list.map((s) => [
            s.name,
            s.hostName,
            s.kind,
            describeWhen(s.when),
            s.runner +
              (s.runner === 'cron' ? (s.cronInstalled ? ' (installed)' : ' (not installed)') : ''),
            s.to ?? '-',
            s.verifyOn ?? '-',
            s.restoreTestOn ?? '-',
            s.nextRunAt ?? '-',
            s.lastRunAt ?? '-',
          ]),
        ),
      );
    }),
  );

  schedule
    .command('add <name> <host>')
    .description('Create or change a schedule')
    .requiredOption('--when <spec>', 'daily@02:30 | weekly@sun@03:00 | every@6h')
    .option('--kind <kind>', 'dump | hot | snapshot', 'hot')
    .option('--to <dest>', 'destination URL (cron: ssh://<host>/path on the host itself)')
    .option('--keep-daily <n>', 'retention', int, 7)
    .option('--keep-weekly <n>', 'retention', int, 4)
    .option('--keep-monthly <n>', 'retention', int, 6)
    .option('--restore-test-on <host>', 'restore each backup here and verify it (a scratch host)')
    .option(
      '--confirm-scratch <host>',
      'type the scratch host again: its databases are replaced by every test',
    )
    .option('--cron', 'run from cron on the host instead of by Opsdeck')
    .option(
      '--verify-on <host>',
      'hot: prepare each backup on this host to verify it (default: the ssh:// backup host)',
    )
    .option('--disabled', 'save it switched off')
    .action(
      (
        name: string,
        host: string,
        o: {
          when: string;
          kind: 'dump' | 'hot' | 'snapshot';
          to?: string;
          keepDaily: number;
          keepWeekly: number;
          keepMonthly: number;
          restoreTestOn?: string;
          verifyOn?: string;
          confirmScratch?: string;
          cron?: boolean;
          disabled?: boolean;
        },
      ) =>
        run(async ({ call, out }) => {
          const existing = (await call('backups.schedules.list', {})).find((s) => s.name === name);
          const input: ScheduleInput = {
            name,
            host,
            kind: o.kind,
            when: parseWhen(o.when),
            retention: { daily: o.keepDaily, weekly: o.keepWeekly, monthly: o.keepMonthly },
            runner: o.cron ? 'cron' : 'opsdeck',
            enabled: !o.disabled,
            ...(o.to ? { to: o.to } : {}),
            ...(o.restoreTestOn ? { restoreTestOn: o.restoreTestOn } : {}),
            ...(o.verifyOn ? { verifyOn: o.verifyOn } : {}),
            ...(o.confirmScratch ? { confirmScratch: o.confirmScratch } : {}),
          };
          const saved = await call('backups.schedules.save', {
            schedule: input,
            ...(existing ? { id: existing.id } : {}),
          });
          out.result(
            saved,
            () =>
              `${saved.name}: ${saved.kind} of ${saved.hostName} ${describeWhen(saved.when)}${saved.nextRunAt ? `, next ${saved.nextRunAt}` : ''}${saved.runner === 'cron' ? ' (cron: see `opsdeck backup schedule cron-plan`, then install-cron)' : ''}`,
          );
        }),
    );

  schedule
    .command('cron-plan <name>')
    .description('Show the script and crontab line before installing')
    .action((name: string) =>
      run(async ({ call, out }) => {
        const plan = await call('backups.schedules.cronPlan', { id: name });
        out.result(
          plan,
          () =>
            `# ${plan.host}:${plan.scriptPath}\n${plan.script}\n# crontab (root), after a copy to ${plan.crontabBackup}:\n${plan.line}`,
        );
      }),
    );

  schedule
    .command('install-cron <name>')
    .option('-y, --yes', 'do not ask')
    .action((name: string, o: { yes?: boolean }) =>
      run(async ({ call, out }, confirm) => {
        const plan = await call('backups.schedules.cronPlan', { id: name });
        out.info(`${plan.host}: ${plan.scriptPath}\n${plan.line}`);
        if (!o.yes && !(await confirm(`Install this cron entry on ${plan.host}?`)))
          throw new OpsdeckError(
            'CONFIRMATION_REQUIRED',
            'Not confirmed.',
            'Read it with cron-plan, then run again with --yes.',
          );
        const done = await call('backups.schedules.installCron', { id: name });
        out.result(done, () => `installed on ${done.host}: ${done.line}`);
      }),
    );

  schedule
    .command('run-now <name>')
    .description('Start the schedule’s backup now and follow it (then its restore test, if any)')
    .action((name: string) =>
      run(async (ctx) => {
        let runId = '';
        await follow(ctx, async () => {
          runId = (await ctx.call('backups.schedules.runNow', { id: name })).runId;
          return runId;
        });
        const [made] = await ctx.call('backups.list', { runId, limit: 1 });
        const test = made?.restoreTest;
        if (made?.status !== 'succeeded' || test?.status !== 'running' || !test.runId) return;
        const testRun = test.runId;
        ctx.out.info(`Restore test of ${made.id} on ${test.host ?? '?'} (run ${testRun}):`);
        await follow(ctx, async () => testRun, false, true);
      }),
    );
}
