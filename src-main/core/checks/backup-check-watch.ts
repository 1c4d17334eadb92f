import {
  isBackupCheck,
  toErrorShape,
  type BackupEntry,
  type CheckDefinition,
  type Host,
} from '../../contract';
import type { Clock } from '../clock';
import { evaluateRestoreTests } from './backup-check';
import { unreachable, type CheckResult } from './evaluate';

export interface BackupCheckWatchDeps {
  /** The host now, or undefined when it left the inventory. */
  host(hostId: string): Host | undefined;
  clock: Clock;
  /** CheckEngineDeps.restoreTests: without it a backup check is UNKNOWN. */
  restoreTests?: ((host: Host) => BackupEntry[]) | undefined;
  /** The check as it is defined now, while it is enabled and the engine runs; else undefined. */
  live(checkId: string): CheckDefinition | undefined;
  /** Moves the check's state on with a result (the engine's SOFT/HARD state machine). */
  apply(check: CheckDefinition, host: Host, result: CheckResult): void;
}

const pairKey = (checkId: string, hostId: string) => `${checkId} ${hostId}`;

/**
 * The backup checks' side of the check engine: a backup check (`backup.restore_test`) reads the
 * catalog, not the host, so instead of a collector it is ticked now, every interval and whenever
 * the catalog changes, and each tick's result goes to the engine's `apply`.
 */
export class BackupCheckWatch {
  /** The (check, host) pairs being watched, by `checkId hostId`. */
  private readonly watched = new Map<string, { checkId: string; hostId: string }>();

  constructor(private readonly deps: BackupCheckWatchDeps) {}

  /** The backup check of one host, from the catalog's restore tests. */
  result(check: CheckDefinition, host: Host): CheckResult {
    if (!this.deps.restoreTests)
      return unreachable({
        code: 'INTERNAL',
        message: 'the backup catalog is not available to the check engine',
        hint: 'Report this as a bug.',
      });
    try {
      return evaluateRestoreTests(
        check,
        host.name,
        this.deps.restoreTests(host),
        this.deps.clock.now(),
      );
    } catch (err) {
      return unreachable(toErrorShape(err));
    }
  }

  /** Reads the catalog for one pair now and every interval; the function returned stops this watch (only). */
  watch(checkId: string, hostId: string, intervalMs: number): () => void {
    const key = pairKey(checkId, hostId);
    const own = { checkId, hostId };
    this.watched.set(key, own);
    const tick = () => this.tick(checkId, hostId);
    queueMicrotask(tick);
    const timer = setInterval(tick, intervalMs);
    timer.unref?.();
    return () => {
      clearInterval(timer);
      // A later watch of the same pair (the check edited) owns the key now: a late stop of this
      // one must not end it.
      if (this.watched.get(key) === own) this.watched.delete(key);
    };
  }

  /** Every watched backup check now (a restore test judged, a backup removed: `backups.changed`). */
  tickAll(): void {
    for (const { checkId, hostId } of this.watched.values()) {
      const check = this.deps.live(checkId);
      if (check && isBackupCheck(check)) this.tick(checkId, hostId);
    }
  }

  private tick(checkId: string, hostId: string): void {
    const check = this.deps.live(checkId);
    const host = this.deps.host(hostId);
    if (!check || !host) return;
    this.deps.apply(check, host, this.result(check, host));
  }
}
