import { randomUUID } from 'node:crypto';
import { OpsdeckError } from '../../contract/errors';
import type { Db } from '../store/database';
import { ExecRepo } from '../store/exec-repo';
import { RunsRepo, type RunOwner } from '../store/runs-repo';
import { describeHolder, LeaseRepo, type LeaseHolder, type LivenessOptions } from './lease';
import { currentProcess, type ProcessIdentity } from './process-identity';

export interface OwnershipOptions {
  door: string;
  /** How often the lease and the owned runs are renewed (default 5 s). */
  heartbeatMs?: number;
  /** A holder silent this long is gone (default 30 s; six missed heartbeats). */
  staleMs?: number;
  now?: () => number;
  /** Called once if another core took the lease over (this core went silent too long). */
  onLost?: (by: LeaseHolder | undefined) => void;
  /** Injected in tests. */
  identity?: ProcessIdentity;
  isAlive?: LivenessOptions['isAlive'];
}

/** What taking the lease found and did. */
export interface Recovery {
  /** The previous holder, when it was gone and this core took over. */
  tookOverFrom?: { holder: LeaseHolder; reason: string };
  interruptedRuns: string[];
  interruptedExecs: number;
}

/**
 * This core's lease on the data folder: taken at start (refused while a live core holds it),
 * renewed by a heartbeat that also renews the runs this core works on, released on shutdown.
 * Taking it marks runs (and cluster execs) left going by cores that are gone as interrupted.
 */
export class CoreOwnership {
  readonly ownerId = randomUUID();
  readonly owner: RunOwner;
  readonly recovery: Recovery;
  private readonly lease: LeaseRepo;
  private readonly runs: RunsRepo;
  private timer: NodeJS.Timeout | undefined;
  private held = true;

  private constructor(
    private readonly db: Db,
    private readonly o: OwnershipOptions,
  ) {
    const me = o.identity ?? currentProcess();
    this.lease = new LeaseRepo(db);
    this.runs = new RunsRepo(db);
    this.owner = { id: this.ownerId, label: `${o.door} core, pid ${me.pid} on ${me.hostname}` };
    const now = this.now();
    const result = this.lease.tryAcquire({ ownerId: this.ownerId, door: o.door, ...me }, now, {
      staleMs: o.staleMs ?? 30_000,
      hostname: me.hostname,
      ...(o.isAlive ? { isAlive: o.isAlive } : {}),
    });
    if (!result.acquired) {
      throw new OpsdeckError(
        'CORE_BUSY',
        `The data folder is in use by ${describeHolder(result.holder)}.`,
        'Use that Opsdeck (the CLI attaches to it by itself), or quit it first. A core that ' +
          'crashed is taken over once its process is gone.',
      );
    }
    const at = new Date(now).toISOString();
    this.recovery = {
      ...(result.previous ? { tookOverFrom: result.previous } : {}),
      interruptedRuns: this.runs.markInterrupted(at, this.ownerId),
      interruptedExecs: new ExecRepo(db).markInterrupted(at),
    };
    this.timer = setInterval(() => this.beat(), o.heartbeatMs ?? 5_000);
    this.timer.unref();
  }

  /** Take the lease of the store's data folder (throws CORE_BUSY while a live core has it). */
  static acquire(db: Db, options: OwnershipOptions): CoreOwnership {
    return new CoreOwnership(db, options);
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Renew the lease and this core's runs; on loss stop and tell the owner of this object. */
  beat(): void {
    if (!this.held) return;
    const now = this.now();
    try {
      if (this.lease.heartbeat(this.ownerId, now)) {
        this.runs.heartbeat(this.ownerId, now);
        return;
      }
    } catch {
      return; // a busy store: the next beat tries again, well within the stale limit
    }
    this.stop();
    this.o.onLost?.(this.lease.read());
  }

  /** Stop the heartbeat and give the lease back (shutdown). */
  release(): void {
    const wasHeld = this.held;
    this.stop();
    if (wasHeld) this.lease.release(this.ownerId);
  }

  private stop(): void {
    this.held = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }
}
