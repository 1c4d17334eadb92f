import { Option, type Command } from 'commander';
import {
  OpsdeckError,
  type BackupKind,
  type BackupRestoreParamsIn,
  type BackupRunParamsIn,
} from '../../contract';
import type { RunCommand } from '../run-command';
import { renderBackup, renderBackups } from './backup-render';
import { planOrRun } from './disk-options';
import { registerBackupSchedules } from './backup-schedule-command';
import { registerBackupReplica } from './backup-replica-command';
import { csv } from './list-option';
import { launchSpecOptions } from './ec2-launch-spec-options';
import { NEW_INSTANCE, newInstanceRequest, type NewInstanceOptions } from './backup-new-instance';

/** `--until 2026-12-06T20:42:49` or `--until 0-1-1234` (a GTID). */
export function parseUntil(value: string): { gtid: string } | { time: string } {
  if (/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d$/.test(value)) return { time: value.replace(' ', 'T') };
  if (/^(\d+-\d+-\d+)(,\d+-\d+-\d+)*$/.test(value) || /^[0-9a-f-]{36}:[0-9-]+$/i.test(value))
    return { gtid: value };
  throw new OpsdeckError(
    'INVALID_PARAMS',
    `--until ${value} is neither a time nor a GTID.`,
    'Give a time as 2026-12-06T20:42:49 (the source server’s clock) or a GTID such as 0-1-1234.',
  );
}

/** A run that needs a host another run holds: wait for it (default), or stop at once. */
const ifLockedOption = () =>
  new Option('--if-locked <what>', 'a host held by another run: wait, or refuse')
    .choices(['wait', 'refuse'])
    .default('wait');

interface RunOptions {
  kind: BackupKind;
  to?: string;
  databases?: string[];
  parallel?: number;
  compression?: 'auto' | 'zstd' | 'gzip' | 'none';
  lockTimeout?: number;
  account?: string;
  instance?: string;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
  verifyOn?: string;
  dryRun?: boolean;
  yes?: boolean;
  ifLocked: 'wait' | 'refuse';
}

/** `opsdeck backup …`: run, list, show, verify, restore — the same workflows as the Backups area. */
export function registerBackup(program: Command, run: RunCommand): void {
  // Alias `backups`: the derived commands of the backups.* methods (remove, schedule remove,
  // remove-cron) land in this group.
  const backup = program
    .command('backup')
    .alias('backups')
    .description('MySQL backups: run, list, verify, restore (PITR), schedules');
  const int = (v: string) => Number.parseInt(v, 10);
  registerBackupSchedules(backup, run);
  registerBackupReplica(backup, run);

  backup
    .command('run <host>')
    .description(
      'Take a backup (dump | hot | snapshot) and store it; catalogued, verified, retention applied',
    )
    .option('--kind <kind>', 'dump | hot | snapshot', 'dump')
    .option(
      '--to <dest>',
      'file:///path | ssh://host/path | s3://bucket/prefix?account=NAME[&endpoint=URL][&sse=AES256]',
    )
    .option('--databases <list>', 'dump: these databases (default: all user databases)', csv)
    .option(
      '--parallel <n>',
      'dump: mydumper threads where installed (0 = mariadb-dump/mysqldump)',
      int,
    )
    .option('--compression <c>', 'auto | zstd | gzip | none')
    .option('--lock-timeout <sec>', 'longest wait for FLUSH TABLES WITH READ LOCK', Number)
    .option('--account <name>', 'snapshot: AWS account (default: the host’s aws: tag)')
    .option('--instance <id>', 'snapshot: EC2 instance (default: the host’s ec2: tag)')
    .option('--keep-daily <n>', 'retention: newest backup of each of the last N days', int)
    .option('--keep-weekly <n>', 'retention: … of the last N ISO weeks', int)
    .option('--keep-monthly <n>', 'retention: … of the last N months', int)
    .option(
      '--verify-on <host>',
      'hot: unpack and prepare the backup on this host to verify it (default: the ssh:// backup host)',
    )
    .option('--dry-run', 'print the plan (every command and statement); change nothing')
    .option('-y, --yes', 'do not ask before starting')
    .addOption(ifLockedOption())
    .action((host: string, o: RunOptions) =>
      run(async (ctx, confirm) => {
        const retention =
          o.keepDaily !== undefined || o.keepWeekly !== undefined || o.keepMonthly !== undefined
            ? { daily: o.keepDaily ?? 0, weekly: o.keepWeekly ?? 0, monthly: o.keepMonthly ?? 0 }
            : undefined;
        const params: BackupRunParamsIn = {
          host,
          kind: o.kind,
          ...(o.to ? { to: o.to } : {}),
          ...(o.databases ? { databases: o.databases } : {}),
          ...(o.parallel !== undefined ? { parallel: o.parallel } : {}),
          ...(o.compression ? { compression: o.compression } : {}),
          ...(o.lockTimeout ? { lockTimeoutSec: o.lockTimeout } : {}),
          ...(o.account ? { account: o.account } : {}),
          ...(o.instance ? { instanceId: o.instance } : {}),
          ...(retention ? { retention } : {}),
          ...(o.verifyOn ? { verifyOn: o.verifyOn } : {}),
        };
        await planOrRun(
          ctx,
          confirm,
          o,
          { workflow: 'backup-run', params, options: { onLockHeld: o.ifLocked } },
          `Take a ${o.kind} backup of ${host}${o.to ? ` to ${o.to}` : ''}?`,
        );
      }),
    );

  backup
    .command('list')
    .description('The backup catalog, newest first')
    .option('--host <name>', 'only this host')
    .option('--kind <kind>', 'dump | hot | snapshot')
    .option('-n, --limit <n>', 'how many', int, 100)
    .action((o: { host?: string; kind?: BackupKind; limit: number }) =>
      run(async ({ call, out }) => {
        const list = await call('backups.list', {
          limit: o.limit,
          ...(o.host ? { host: o.host } : {}),
          ...(o.kind ? { kind: o.kind } : {}),
        });
        out.result(list, () => renderBackups(list));
      }),
    );

  backup
    .command('show <id>')
    .description('One backup: where, coordinates, checksum, tables, verification, restore test')
    .action((id: string) =>
      run(async ({ call, out }) => {
        const e = await call('backups.get', { id });
        out.result(e, () => renderBackup(e));
      }),
    );

  backup
    .command('verify <id>')
    .description(
      'Read the stored backup back: sha256, decompress, whole content; a hot backup is unpacked and prepared on a verify host (default: its ssh:// backup host)',
    )
    .option(
      '--on <host>',
      'hot: unpack and prepare it on this host (its own source only when named: that uses the production host’s disk and CPU)',
    )
    .option('--dry-run', 'print the plan (the verify host included); change nothing')
    .action((id: string, o: { on?: string; dryRun?: boolean }) =>
      run(async (ctx, confirm) => {
        await planOrRun(
          ctx,
          confirm,
          { yes: true, ...(o.dryRun ? { dryRun: true } : {}) },
          { workflow: 'backup-verify', params: { backupId: id, ...(o.on ? { on: o.on } : {}) } },
          '',
        );
      }),
    );

  const restore = backup
    .command('restore <id>')
    .description(
      'Restore onto a (scratch) host — or a new EC2 instance — verify rows/checksums; --until rolls forward (PITR)',
    )
    .requiredOption(
      '--onto <host>',
      `the host to restore onto (never the source), or ${NEW_INSTANCE}: launch one for a restore test`,
    )
    .option(
      '--until <time|gtid>',
      'replay the source’s binlogs up to a time (2026-12-06T20:42:49) or a GTID',
    )
    .option(
      '--overwrite <list>',
      'the target’s databases you agree to replace (typed, as listed by the refusal)',
      csv,
      [],
    )
    .option('--no-test', 'do not record the result as the backup’s restore test')
    .option('--instance <id>', 'snapshot sets: attach the volumes to this instance')
    .option('--zone <az>', 'snapshot sets: create the volumes in this zone');
  // --onto new-instance: what to launch, as `opsdeck ec2 launch` takes it.
  launchSpecOptions(restore)
    .option('-n, --name <name>', `${NEW_INSTANCE}: its Name tag`, 'opsdeck-restore-test')
    .option('--ssh-user <user>', `${NEW_INSTANCE}: login user (default: guessed from the AMI)`)
    .option('--ssh-key <path>', `${NEW_INSTANCE}: private key (default: the key pair's, if stored)`)
    .option('--ssh-port <port>', `${NEW_INSTANCE}: port sshd listens on`, '22')
    .option(
      '--wait-timeout <seconds>',
      `${NEW_INSTANCE}: limit of each wait (running, then sshd, then MySQL), not of their sum`,
      '1200',
    )
    .option('--keep-instance', `${NEW_INSTANCE}: keep it afterwards (it stays billed)`)
    .option('--dry-run', 'print the plan; change nothing')
    .option(
      '-y, --yes',
      'do not ask before starting (a target holding data is still confirmed by its typed name, or by --overwrite)',
    )
    .addOption(ifLockedOption())
    .action(
      (
        id: string,
        o: NewInstanceOptions & {
          onto: string;
          overwrite: string[];
          zone?: string;
          ifLocked: 'wait' | 'refuse';
        },
      ) =>
        run(async (ctx, confirm) => {
          if (o.onto === NEW_INSTANCE) {
            const { request, question } = await newInstanceRequest(ctx, id, o);
            await planOrRun(ctx, confirm, o, request, question);
            return;
          }
          const params: BackupRestoreParamsIn = {
            backupId: id,
            onto: o.onto,
            overwrite: o.overwrite,
            test: o.test,
            ...(o.until ? { until: parseUntil(o.until) } : {}),
            ...(o.instance ? { instanceId: o.instance } : {}),
            ...(o.zone ? { zone: o.zone } : {}),
          };
          await planOrRun(
            ctx,
            confirm,
            o,
            { workflow: 'backup-restore', params, options: { onLockHeld: o.ifLocked } },
            `Restore backup ${id} onto ${o.onto}${o.until ? ` up to ${o.until}` : ''}?${o.overwrite.length ? ` This replaces ${o.overwrite.join(', ')} there.` : ''}`,
          );
        }),
    );
}
