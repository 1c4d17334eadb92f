import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database';
import { RunsRepo } from '../store/runs-repo';
import { CoreOwnership } from './core-ownership';
import { holderLiveness, LeaseRepo, type LeaseHolder } from './lease';
import { isProcessAlive, processStartTime } from './process-identity';

const here = { hostname: 'ops-laptop', staleMs: 30_000 };
const holder = (over: Partial<LeaseHolder> = {}): LeaseHolder => ({
  ownerId: 'core-a',
  door: 'electron',
  pid: 4242,
  hostname: 'ops-laptop',
  acquiredAt: 1_000,
  heartbeatAt: 10_000,
  ...over,
});

describe('lease liveness', () => {
  it('is live while the process runs and the heartbeat is fresh', () => {
    expect(holderLiveness(holder(), 20_000, { ...here, isAlive: () => true })).toEqual({
      live: true,
    });
  });

  it('is gone at once when its process is gone (same machine)', () => {
    expect(holderLiveness(holder(), 10_001, { ...here, isAlive: () => false })).toEqual({
      live: false,
      reason: 'process 4242 is gone',
    });
  });

  it('is gone when the heartbeat is older than the stale limit, even if the pid exists', () => {
    const r = holderLiveness(holder(), 41_000, { ...here, isAlive: () => true });
    expect(r).toEqual({ live: false, reason: 'no heartbeat for 31 s' });
  });

  it('does not judge a pid recorded on another machine (shared folder): heartbeat only', () => {
    const remote = holder({ hostname: 'other-box' });
    expect(holderLiveness(remote, 20_000, { ...here, isAlive: () => false }).live).toBe(true);
    expect(holderLiveness(remote, 50_000, { ...here, isAlive: () => false }).live).toBe(false);
  });

  it('knows a live pid from a dead one, and a reused pid by its start time', () => {
    expect(isProcessAlive(process.pid, processStartTime(process.pid))).toBe(true);
    expect(isProcessAlive(2 ** 22 + 7)).toBe(false);
    if (processStartTime(process.pid)) expect(isProcessAlive(process.pid, '1')).toBe(false);
  });
});

describe('lease in the store', () => {
  let db: Db;
  afterEach(() => db?.close());
  const me = (ownerId: string, pid = 1) => ({ ownerId, door: 'cli', pid, hostname: 'ops-laptop' });

  it('is taken when free, refused while a live core holds it, taken over when it is gone', () => {
    db = openDatabase(':memory:');
    const lease = new LeaseRepo(db);
    const alive = new Set([1, 2]);
    const o = { ...here, isAlive: (pid: number) => alive.has(pid) };
    expect(lease.tryAcquire(me('a', 1), 1_000, o)).toEqual({ acquired: true });
    const refused = lease.tryAcquire(me('b', 2), 2_000, o);
    expect(refused).toMatchObject({ acquired: false, holder: { ownerId: 'a', pid: 1 } });
    alive.delete(1);
    expect(lease.tryAcquire(me('b', 2), 3_000, o)).toMatchObject({
      acquired: true,
      previous: { holder: { ownerId: 'a' }, reason: 'process 1 is gone' },
    });
    expect(lease.read()).toMatchObject({ ownerId: 'b', pid: 2, heartbeatAt: 3_000 });
  });

  it('a heartbeat renews only the lease it still holds; release frees it', () => {
    db = openDatabase(':memory:');
    const lease = new LeaseRepo(db);
    const o = { ...here, isAlive: () => true };
    lease.tryAcquire(me('a'), 1_000, o);
    expect(lease.heartbeat('a', 5_000)).toBe(true);
    // Silent past the stale limit: another core takes over; the old one learns on its next beat.
    expect(lease.tryAcquire(me('b', 2), 40_000, o)).toMatchObject({ acquired: true });
    expect(lease.heartbeat('a', 41_000)).toBe(false);
    lease.release('a'); // not a's any more: nothing happens
    expect(lease.read()?.ownerId).toBe('b');
    lease.release('b');
    expect(lease.read()).toBeUndefined();
  });
});

describe('core ownership', () => {
  let db: Db;
  afterEach(() => db?.close());

  function runningRun(runs: RunsRepo, id: string, owner?: { id: string; label: string }) {
    runs.create({
      id,
      workflow: 'w',
      title: 'W',
      subject: 'db1',
      door: 'electron',
      params: {},
      steps: [{ id: 's1', title: 'one' }],
      at: new Date(1_000).toISOString(),
      ...(owner ? { owner } : {}),
    });
    runs.setStep(id, 's1', 'running', new Date(1_000).toISOString());
  }

  it('refuses to start next to a live core and leaves that core’s runs alone', () => {
    db = openDatabase(':memory:');
    const first = CoreOwnership.acquire(db, { door: 'electron', isAlive: () => true });
    const runs = new RunsRepo(db);
    runningRun(runs, 'r-live', first.owner);
    expect(() => CoreOwnership.acquire(db, { door: 'cli', isAlive: () => true })).toThrow(
      expect.objectContaining({ code: 'CORE_BUSY' }),
    );
    expect(runs.summary('r-live')?.status).toBe('running');
    first.release();
  });

  it('taking over from a gone core marks its runs (and ownerless ones) interrupted, not its own', () => {
    db = openDatabase(':memory:');
    const gone = CoreOwnership.acquire(db, {
      door: 'electron',
      identity: { pid: 999_999, hostname: 'ops-laptop' },
    });
    const runs = new RunsRepo(db);
    runningRun(runs, 'r-orphan', gone.owner);
    runningRun(runs, 'r-legacy');
    // The old core was killed (-9): its pid is gone, its lease and runs stay behind.
    const next = CoreOwnership.acquire(db, {
      door: 'cli',
      identity: { pid: 1, hostname: 'ops-laptop' },
      isAlive: (pid) => pid !== 999_999,
    });
    expect(next.recovery.tookOverFrom).toMatchObject({
      holder: { pid: 999_999 },
      reason: 'process 999999 is gone',
    });
    expect(next.recovery.interruptedRuns.sort()).toEqual(['r-legacy', 'r-orphan']);
    expect(runs.detail('r-orphan')).toMatchObject({
      status: 'interrupted',
      owner: { id: gone.ownerId },
      steps: [{ status: 'failed' }],
    });
    next.release();
  });

  it('stops and says so when its lease was taken over; keeps its runs’ heartbeat while held', () => {
    db = openDatabase(':memory:');
    let clock = 1_000;
    const lost: unknown[] = [];
    const a = CoreOwnership.acquire(db, {
      door: 'web',
      now: () => clock,
      isAlive: () => true,
      onLost: (by) => lost.push(by),
    });
    const runs = new RunsRepo(db);
    runningRun(runs, 'r1', a.owner);
    clock = 6_000;
    a.beat();
    expect(runs.summary('r1')?.owner?.heartbeatAt).toBe(new Date(6_000).toISOString());
    clock = 60_000;
    const b = CoreOwnership.acquire(db, { door: 'cli', now: () => clock, isAlive: () => true });
    a.beat();
    expect(a.isHeld).toBe(false);
    expect(lost).toEqual([expect.objectContaining({ ownerId: b.ownerId })]);
    b.release();
  });
});
