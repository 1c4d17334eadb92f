import type { BackupCatalog } from '../../backups/catalog';

/** What the backup workflows need besides the step context. */
export interface BackupWorkflowDeps {
  catalog: BackupCatalog;
  /** Forget pooled MySQL connections of a host whose server was restarted. */
  closeMysql(hostId: string): void;
  /** A fresh random suffix for ids. */
  random(): string;
  now(): Date;
  /** A scheduled backup succeeded: its schedule's restore test follows (never throws). */
  afterBackup?(scheduleId: string, backupId: string): Promise<unknown>;
}
