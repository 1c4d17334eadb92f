import { describe, expect, it } from 'vitest';
import { unusedFailoverDeps } from '../../../../testing/core/unused-failover-deps';
import type { HeldLocks } from './step-fence';
import { switchoverWorkflow } from './switchover';

const deps = unusedFailoverDeps('a discard');

/** A held read-lock session as mysql-effects' `hold` gives it: released = the connection ended. */
function heldSession() {
  const session = { open: true, ran: [] as string[] };
  return {
    session,
    held: {
      alive: () => session.open,
      release: async (sql: readonly string[]) => {
        session.ran.push(...sql);
        session.open = false;
      },
    },
  };
}

describe('switchover: a discarded run lets go of what this process holds for it', () => {
  it('ends the read-lock session its fence still holds (the old master is no longer locked), and only that run’s', async () => {
    const locks: HeldLocks = new Map();
    const mine = heldSession();
    const other = heldSession();
    locks.set('run-1', mine.held);
    locks.set('run-2', other.held);
    const def = switchoverWorkflow(deps, locks);
    await def.onDiscard?.('run-1');
    expect(mine.held.alive()).toBe(false);
    expect(locks.has('run-1')).toBe(false);
    expect(other.held.alive()).toBe(true);
    expect(locks.get('run-2')).toBe(other.held);
    // A discard of a run that holds nothing (another process fenced, or its lock went already).
    await expect(def.onDiscard?.('run-3')).resolves.toBeUndefined();
  });
});
