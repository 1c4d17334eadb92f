import { OpsdeckError, type BackupCheck, type BackupEntry, type Retention } from '../../contract';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { BackupFinish, BackupQuery, BackupsRepo, NewBackup } from '../store/backups-repo';
import { openStore, type StoreDeps } from './destinations/open-store';
import { applyRetention } from './destinations/retention';
import type { BackupStore } from './destinations/store';
import { nameIn, parseDestination } from './destinations/url';

/**
 * The catalog of backups and where their files are: every change emits `backups.changed` so the
 * Backups area refetches (feeds, not polling).
 */
export class BackupCatalog {
  constructor(
    private readonly deps: { repo: BackupsRepo; bus: EventBus; clock: Clock; stores: StoreDeps },
  ) {}

  private changed(ids: string[], reason: string) {
    this.deps.bus.emit('backups.changed', { ids, reason });
  }

  store(url: string): BackupStore {
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

  /** Delete a backup's file (if it has one) and its catalog entry. */
  async remove(id: string): Promise<BackupEntry> {
    const entry = this.get(id);
    if (entry.kind !== 'snapshot' && entry.status === 'succeeded')
      await this.store(entry.destination).remove(this.fileOf(entry));
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
