import { OpsdeckError, type BackupCheck, type BackupEntry, type Retention } from '../../contract';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type {
  BackupFinish,
  BackupNote,
  BackupQuery,
  BackupsRepo,
  NewBackup,
} from '../store/backups-repo';
import { openStore, type StoreDeps } from './destinations/open-store';
import { applyRetention } from './destinations/retention';
import type { BackupStore } from './destinations/store';
import { nameIn, parseDestination } from './destinations/url';

export interface CatalogDeps {
  repo: BackupsRepo;
  bus: EventBus;
  clock: Clock;
  /**
   * What the destinations need (SSH for backup hosts, AWS credentials for S3), loaded on first
   * use: listing the catalog loads neither.
   */
  stores: StoreDeps;
}

/**
 * The catalog of backups and where their files are: every change emits `backups.changed` so the
 * Backups area refetches (feeds, not polling).
 */
export class BackupCatalog {
  constructor(private readonly deps: CatalogDeps) {}

  private changed(ids: string[], reason: string) {
    this.deps.bus.emit('backups.changed', { ids, reason });
  }

  /** The store behind a destination URL (its client code loads on first use). */
  store(url: string): Promise<BackupStore> {
    return openStore(url, this.deps.stores);
  }

  list(q: BackupQuery = {}): BackupEntry[] {
    return this.deps.repo.list(q);
  }

  find(id: string): BackupEntry | undefined {
    return this.deps.repo.get(id);
  }

  get(id: string): BackupEntry {
    const entry = this.deps.repo.get(id);
    if (!entry)
      throw new OpsdeckError(
        'NOT_FOUND',
        `No backup ${id} in the catalog.`,
        'List backups with `opsdeck backup list`.',
      );
    return entry;
  }

  create(b: NewBackup): BackupEntry {
    const e = this.deps.repo.create(b);
    this.changed([e.id], 'started');
    return e;
  }

  finish(id: string, f: BackupFinish): BackupEntry {
    const e = this.deps.repo.finish(id, f);
    this.changed([id], f.status);
    return e;
  }

  /** Record what a running backup learnt (a snapshot set's ids) before it finishes. */
  note(id: string, n: BackupNote): void {
    this.deps.repo.note(id, n);
    this.changed([id], 'noted');
  }

  /**
   * A run that made this entry was rolled back (compensation): an entry still running, or one
   * whose stored file the rollback removed, becomes failed with `why` — never left looking good.
   * A failed entry keeps the error it failed with.
   */
  abandon(id: string, why: string): BackupEntry | undefined {
    const entry = this.find(id);
    if (!entry || entry.status === 'failed') return entry;
    const finishedAt = this.deps.clock.now().toISOString();
    return this.finish(id, {
      status: 'failed',
      finishedAt,
      bytes: 0,
      durationMs: entry.durationMs ?? Date.parse(finishedAt) - Date.parse(entry.startedAt),
      error: { code: 'WORKFLOW_STEP_FAILED', message: why, hint: 'Run the backup again.' },
    });
  }

  /** Put a check back as it was: the previous one, or none. */
  restoreCheck(id: string, which: 'verify' | 'restoreTest', check: BackupCheck | undefined) {
    if (check) this.deps.repo.setCheck(id, which, check);
    else this.deps.repo.clearCheck(id, which);
    this.changed([id], which);
  }

  setCheck(id: string, which: 'verify' | 'restoreTest', check: BackupCheck) {
    this.deps.repo.setCheck(id, which, check);
    this.changed([id], which);
  }

  /** At start-up: a backup that was running when Opsdeck stopped is failed, never good. */
  failInterrupted(): string[] {
    const ids = this.deps.repo.failRunning(this.deps.clock.now().toISOString(), {
      code: 'CANCELLED',
      message: 'Opsdeck stopped while this backup was running; it is not a usable backup.',
      hint: 'Run the backup again.',
    });
    if (ids.length) this.changed(ids, 'interrupted');
    return ids;
  }

  /** The stored file's name within its destination. */
  fileOf(entry: BackupEntry): string {
    return nameIn(parseDestination(entry.destination), entry.location);
  }

  /** Drop an entry whose file is already gone (a cron backup its script's retention deleted). */
  forget(id: string): void {
    this.deps.repo.remove(id);
    this.changed([id], 'removed');
  }

  /** Delete a backup's file (if it has one) and its catalog entry. */
  async remove(id: string): Promise<BackupEntry> {
    const entry = this.get(id);
    if (entry.kind !== 'snapshot' && entry.status === 'succeeded')
      await (await this.store(entry.destination)).remove(this.fileOf(entry));
    this.deps.repo.remove(id);
    this.changed([id], 'removed');
    return entry;
  }

  /**
   * Retention for the series of `entry` (same host, kind, destination): the good backups beyond
   * the policy are deleted, file and entry. Failed attempts have no file and are kept as history.
   */
  async applyRetention(entry: BackupEntry, policy: Retention): Promise<BackupEntry[]> {
    const series = this.deps.repo
      .list({
        host: entry.hostName,
        kind: entry.kind,
        destination: entry.destination,
        status: 'succeeded',
        limit: 10_000,
      })
      .filter((b) => b.finishedAt);
    const { remove } = applyRetention(
      series.map((b) => ({ id: b.id, at: b.finishedAt as string })),
      policy,
    );
    const removed: BackupEntry[] = [];
    for (const r of remove) removed.push(await this.remove(r.id));
    return removed;
  }
}
