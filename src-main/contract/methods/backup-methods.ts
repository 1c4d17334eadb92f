import { z } from 'zod';
import { defineMethod } from '../define';
import {
  BackupEntry,
  BackupKind,
  BackupStatus,
  CronImportResult,
  CronPlan,
  Schedule,
  ScheduleInput,
} from '../backups';

const id = z.string().min(1).max(64);

/**
 * The backup catalog. Backups, verifications and restores run as the workflows `backup-run`,
 * `backup-verify` and `backup-restore` (workflows.plan / workflows.start).
 */
export const backupMethods = {
  'backups.list': defineMethod({
    summary: 'The backup catalog, newest first (kind, host, size, coordinates, checks)',
    params: z
      .object({
        host: z.string().max(128).optional(),
        kind: BackupKind.optional(),
        status: BackupStatus.optional(),
        /** The backup a backup-run made. */
        runId: z.string().max(128).optional(),
        limit: z.number().int().min(1).max(10_000).default(500),
      })
      .strict(),
    result: z.array(BackupEntry),
    events: [],
    mutates: false,
  }),
  'backups.get': defineMethod({
    summary: 'One catalog entry with its table counts, verification and restore test',
    params: z.object({ id }).strict(),
    result: BackupEntry,
    events: [],
    mutates: false,
  }),
  'backups.remove': defineMethod({
    summary: 'Delete a backup: its stored file and its catalog entry (confirm with its id)',
    params: z.object({ id, confirm: z.string().max(64) }).strict(),
    result: BackupEntry,
    events: ['backups.changed'],
    mutates: true,
  }),
  'backups.schedules.list': defineMethod({
    summary: 'Backup schedules with their next run',
    params: z.object({}).strict(),
    result: z.array(Schedule),
    events: [],
    mutates: false,
  }),
  'backups.schedules.save': defineMethod({
    summary: 'Create or change a backup schedule (run by Opsdeck, or as a cron entry on the host)',
    params: z.object({ id: id.optional(), schedule: ScheduleInput }).strict(),
    result: Schedule,
    events: ['backups.changed'],
    mutates: true,
  }),
  'backups.schedules.remove': defineMethod({
    summary: 'Delete a schedule (its cron entry must be removed first)',
    params: z.object({ id }).strict(),
    result: Schedule,
    events: ['backups.changed'],
    mutates: true,
  }),
  'backups.schedules.cronPlan': defineMethod({
    summary: 'The script and crontab line a cron schedule would install (read it first)',
    params: z.object({ id }).strict(),
    result: CronPlan,
    events: [],
    mutates: false,
  }),
  'backups.schedules.installCron': defineMethod({
    summary: 'Install the cron entry on the host (its crontab is backed up first; audited)',
    params: z.object({ id }).strict(),
    result: CronPlan,
    events: ['backups.changed'],
    mutates: true,
  }),
  'backups.schedules.removeCron': defineMethod({
    summary: 'Remove exactly this schedule’s cron line and script from the host (audited)',
    params: z.object({ id }).strict(),
    result: Schedule,
    events: ['backups.changed'],
    mutates: true,
  }),
  'backups.importCron': defineMethod({
    summary:
      'Import the backups cron schedules made on their hosts (manifests beside the files) into the catalog; forget those cron removed',
    params: z.object({ schedule: id.optional() }).strict(),
    result: CronImportResult,
    events: ['backups.changed'],
    mutates: true,
  }),
  'backups.schedules.runNow': defineMethod({
    summary: 'Start the schedule’s backup now (its restore test follows when it succeeds)',
    params: z.object({ id }).strict(),
    result: z.object({ runId: z.string() }),
    events: ['workflow.event', 'backups.changed'],
    mutates: true,
  }),
} as const;
