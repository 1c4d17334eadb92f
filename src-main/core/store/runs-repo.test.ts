import { describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { RunsRepo } from './runs-repo';

const AT = '2026-12-07T20:00:00.000Z';

function failedRun() {
  const db = openDatabase(':memory:');
  const runs = new RunsRepo(db);
  runs.create({
    id: 'r1',
    workflow: 'w',
    title: 'W',
    subject: 'db1',
    door: 'cli',
    params: {},
    steps: [{ id: 's', title: 'S' }],
    at: AT,
  });
  runs.setStatus('r1', 'failed', AT);
  return { db, runs };
}

/**
 * moveIf is the claim of a stopped run by one core: it must fail once anything wrote to the run
 * since it was read, even when every write happened in the same millisecond (the same updated_at).
 */
describe('RunsRepo.moveIf claims on the run’s write counter, not on its updated_at', () => {
  it('a claim read before a resume-and-fail in the same millisecond is refused', () => {
    const { db, runs } = failedRun();
    try {
      const stale = runs.detail('r1');
      expect(stale?.status).toBe('failed');
      // Another core resumes it and it fails again, all within the millisecond it was read in.
      const other = runs.detail('r1');
      if (!stale || !other) throw new Error('run missing');
      expect(runs.moveIf('r1', other, { status: 'running', at: AT })).toBe(true);
      runs.setStatus('r1', 'failed', AT);
      const now = runs.detail('r1');
      expect(now?.status).toBe('failed');
      expect(now?.updatedAt).toBe(stale.updatedAt);
      expect(runs.moveIf('r1', stale, { status: 'running', at: AT })).toBe(false);
      expect(runs.detail('r1')?.status).toBe('failed');
      // Read again, the claim goes through, once.
      if (!now) throw new Error('run missing');
      expect(runs.moveIf('r1', now, { status: 'running', at: AT })).toBe(true);
      expect(runs.moveIf('r1', now, { status: 'running', at: AT })).toBe(false);
    } finally {
      db.close();
    }
  });

  it('every write to the run adds one to its version', () => {
    const { db, runs } = failedRun();
    try {
      const v = (): number => runs.detail('r1')?.version ?? -1;
      expect(v()).toBe(2); // created (1), failed (2)
      runs.setStatus('r1', 'failed', AT);
      expect(v()).toBe(3);
      runs.markInterrupted(AT, 'nobody');
      expect(v()).toBe(3); // only active runs are marked
      runs.setStatus('r1', 'running', AT);
      runs.markInterrupted(AT, 'nobody');
      expect(v()).toBe(5);
    } finally {
      db.close();
    }
  });
});
