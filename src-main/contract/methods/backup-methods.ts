import { z } from 'zod';
import { defineMethod } from '../define';
import { BackupEntry, BackupKind, BackupStatus } from '../backups';

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
} as const;
