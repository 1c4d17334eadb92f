import {
  OpsdeckError,
  describeHolder,
  type LockHolder,
  type LockRequest,
  type PlanLock,
} from '../../../contract';
import type { Clock } from '../../clock';
import { cancelledError } from '../../common/cancel';
import type { WorkflowLocksRepo } from '../../store/workflow-locks-repo';

/** How often a queued run looks again (other processes release without telling this one). */
const POLL_MS = 1000;

/**
 * Host and cluster locks of runs: all of a run's locks are taken at once or none; a run that
 * finds one held waits (queued, showing who holds it) or is refused, as its caller chose.
 */
export class LockManager {
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly repo: WorkflowLocksRepo,
    private readonly clock: Clock,
  ) {}

  tryAcquire(
    runId: string,
    wanted: readonly LockRequest[],
  ): { ok: true } | { ok: false; heldBy: LockHolder[] } {
    if (!wanted.length) return { ok: true };
    return this.repo.acquire(runId, wanted, this.clock.now().toISOString());
  }

  /** The locks `runId` does not hold now (all of them without a run). */
  notHeldBy(runId: string | undefined, wanted: readonly LockRequest[]): LockRequest[] {
    if (!runId) return [...wanted];
    const held = new Set(
      this.repo
        .holders(wanted)
        .filter((h) => h.runId === runId)
        .map((h) => `${h.kind}:${h.key}`),
    );
    return wanted.filter((l) => !held.has(`${l.kind}:${l.key}`));
  }

  /** Take them now, or throw WORKFLOW_LOCKED naming who holds them. */
  acquireOrRefuse(runId: string, wanted: readonly LockRequest[]): void {
    const got = this.tryAcquire(runId, wanted);
    if (!got.ok) throw lockedError(got.heldBy);
  }

  /**
   * Queue until every lock is free, then take them. `onHeld` hears who holds them (each time
   * that changes); a cancel ends the wait with CANCELLED.
   */
  async waitFor(
    runId: string,
    wanted: readonly LockRequest[],
    signal: AbortSignal,
    onHeld: (heldBy: LockHolder[]) => void,
  ): Promise<void> {
    let shown = '';
    for (;;) {
      if (signal.aborted) throw cancelledError();
      const got = this.tryAcquire(runId, wanted);
      if (got.ok) return;
      const now = got.heldBy.map((h) => `${h.kind}:${h.key}:${h.runId}`).join(',');
      if (now !== shown) onHeld(got.heldBy);
      shown = now;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.wakers.delete(wake);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        const timer = setTimeout(wake, POLL_MS);
        this.wakers.add(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  }

  /** Release a run's locks (every end state) and wake the runs queued in this process. */
  release(runId: string): void {
    if (this.repo.release(runId) > 0) for (const wake of [...this.wakers]) wake();
  }

  /** The plan's view: each lock and who holds it now. */
  plan(wanted: readonly LockRequest[]): PlanLock[] {
    const holders = this.repo.holders(wanted);
    return wanted.map((l) => {
      const heldBy = holders.find((h) => h.kind === l.kind && h.key === l.key);
      return { ...l, ...(heldBy ? { heldBy } : {}) };
    });
  }

  held(): LockHolder[] {
    return this.repo.all();
  }
}

export function lockedError(heldBy: readonly LockHolder[]): OpsdeckError {
  const first = heldBy[0];
  return new OpsdeckError(
    'WORKFLOW_LOCKED',
    `${heldBy.map(describeHolder).join('; ')}.`,
    first
      ? `Wait for run ${first.runId.slice(0, 8)} to finish, or cancel it (opsdeck workflow cancel ${first.runId}); or start this one to wait its turn.`
      : 'Try again when the other run has finished.',
  );
}
