import { describe, expect, it, vi } from 'vitest';
import type { QueryResult } from '../../mysql';
import type { MysqlSession } from '../../mysql/executor';
import type { BackupCtx } from '../types';
import { holdReadLock } from './read-lock';
import { testHost } from '../../../../testing/core/test-host';

const host = testHost('db1', { id: 'h1', address: '127.0.0.1' });

/** A lock session whose UNLOCK TABLES fails (a query timeout, a dead connection). */
function fakeSession(unlock: () => Promise<QueryResult>) {
  const log: string[] = [];
  const session: MysqlSession = {
    threadId: 7,
    query: (sql) => {
      log.push(sql);
      return sql === 'UNLOCK TABLES'
        ? unlock()
        : Promise.resolve({ rows: [] } as unknown as QueryResult);
    },
    alive: () => true,
    end: () => void log.push('end'),
  };
  const ctx = {
    mysql: { session: () => Promise.resolve(session) },
    signal: new AbortController().signal,
    dryRun: false,
    log: () => undefined,
  } as unknown as BackupCtx;
  return { ctx, log };
}

describe('holdReadLock release', () => {
  it('closes the session (dropping the lock) when UNLOCK TABLES fails, and says so without failing the backup', async () => {
    const { ctx, log } = fakeSession(() => Promise.reject(new Error('Query timed out after 10 s')));
    const said: string[] = [];
    const lock = await holdReadLock({ ...ctx, log: (m: string) => void said.push(m) }, host, 1_000);
    expect(await lock.release()).toBeGreaterThanOrEqual(0);
    expect(log.slice(-2)).toEqual(['UNLOCK TABLES', 'end']);
    expect(said.join('\n')).toMatch(
      /UNLOCK TABLES on db1 failed \(Query timed out.*closed instead/,
    );
  });

  it('unlocks, then closes, and reports how long the lock was held', async () => {
    const { ctx, log } = fakeSession(() => Promise.resolve({ rows: [] } as unknown as QueryResult));
    const lock = await holdReadLock(ctx, host, 1_000);
    expect(await lock.release()).toBeGreaterThanOrEqual(0);
    expect(log).toContain('FLUSH TABLES WITH READ LOCK');
    expect(log.slice(-2)).toEqual(['UNLOCK TABLES', 'end']);
  });
});

describe('holdReadLock waits for the rest of the locked moment', () => {
  it('takes the lock only once `ready` has settled', async () => {
    const { ctx, log } = fakeSession(() => Promise.resolve({ rows: [] } as unknown as QueryResult));
    let open!: () => void;
    const ready = new Promise<void>((r) => (open = r));
    const locking = holdReadLock(ctx, host, 1_000, ready);
    await new Promise((r) => setImmediate(r));
    expect(log).not.toContain('FLUSH TABLES WITH READ LOCK');
    open();
    await (await locking).release();
    expect(log).toContain('FLUSH TABLES WITH READ LOCK');
  });

  it('never locks when the destination or the snapshot session fails to open', async () => {
    const { ctx, log } = fakeSession(() => Promise.resolve({ rows: [] } as unknown as QueryResult));
    const locking = holdReadLock(ctx, host, 1_000, Promise.reject(new Error('S3: access denied')));
    await expect(locking).rejects.toThrow('access denied');
    expect(log).toEqual(['end']);
  });

  it('a `ready` failing while the lock session still connects is handled (no process-killing rejection)', async () => {
    const { ctx, log } = fakeSession(() => Promise.resolve({ rows: [] } as unknown as QueryResult));
    let connect!: () => void;
    const connected = new Promise<void>((r) => (connect = r));
    const slowCtx = {
      ...ctx,
      mysql: {
        session: () => connected.then(() => (ctx.mysql.session as () => Promise<MysqlSession>)()),
      },
    } as unknown as BackupCtx;
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      let fail!: (e: Error) => void;
      const ready = new Promise<void>((_, reject) => (fail = reject));
      const locking = holdReadLock(slowCtx, host, 1_000, ready);
      fail(new Error('MySQL on db1 refused the connection'));
      await new Promise((r) => setTimeout(r, 10));
      connect();
      await expect(locking).rejects.toThrow('refused the connection');
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).not.toHaveBeenCalled();
      expect(log).toEqual(['end']);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('a cancel while waiting for `ready` takes no lock', async () => {
    const { ctx, log } = fakeSession(() => Promise.resolve({ rows: [] } as unknown as QueryResult));
    const controller = new AbortController();
    const cancellable = { ...ctx, signal: controller.signal } as unknown as BackupCtx;
    let open!: () => void;
    const ready = new Promise<void>((r) => (open = r));
    const locking = holdReadLock(cancellable, host, 1_000, ready);
    await new Promise((r) => setImmediate(r));
    controller.abort();
    open();
    await expect(locking).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(log).toEqual(['end']);
  });
});
