import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  OpsdeckError,
  toErrorShape,
  type Coordinates,
  type Progress,
  type TableStat,
} from '../../../contract';
import type { StreamOutSpec } from '../../workflows/engine/context';
import type { StreamResult } from '../../ssh/stream';
import { StoppedError, type StopOutcome } from '../../ssh/remote-stop';
import { dialectOf } from '../../mysql';
import type { BackupStore, StoreWriter } from '../destinations/store';
import type { BackupCtx } from '../types';
import type { ConsistentPoint } from './consistent-point';
import { snapshotWaitLimit, streamBackup, type StreamBackupInput } from './stream-backup';
import { testHost } from '../../../../testing/core/test-host';

const host = testHost('db1', { id: 'h1', address: '127.0.0.1' });

/**
 * An in-memory store: a partial that becomes the file on commit. `commitFails`: the commit makes
 * the file final, then reports a failure (an S3 completion that timed out after it completed, a
 * rename whose fsync failed); `removeFails`: remove() rejects.
 */
function fakeStore(o: { commitFails?: boolean; removeFails?: boolean } = {}) {
  const files = new Map<string, Buffer>();
  const store: BackupStore = {
    dest: { kind: 'file', url: 'file:///backups', path: '/backups' },
    write: (name) => {
      const chunks: Buffer[] = [];
      files.set(`${name}.partial`, Buffer.alloc(0));
      const writer: StoreWriter = {
        stream: new Writable({
          write(chunk: Buffer, _e, done) {
            chunks.push(chunk);
            done();
          },
        }),
        commit: () => {
          files.delete(`${name}.partial`);
          files.set(name, Buffer.concat(chunks));
          return o.commitFails
            ? Promise.reject(new Error('CompleteMultipartUpload: socket timed out'))
            : Promise.resolve();
        },
        abort: () => {
          files.delete(`${name}.partial`);
          return Promise.resolve();
        },
        explain: (err) => Promise.resolve(err instanceof Error ? err : new Error(String(err))),
      };
      return Promise.resolve(writer);
    },
    read: () => Promise.reject(new Error('not used')),
    remove: (name) => {
      if (o.removeFails) return Promise.reject(new Error('AccessDenied'));
      files.delete(name);
      return Promise.resolve();
    },
    size: (name) => Promise.resolve(files.get(name)?.length),
    freeBytes: () => Promise.resolve(undefined),
  };
  return { store, files };
}

/** A consistent point whose parts can be made to fail; records the lock's life. */
function fakePoint(o: { coordinates?: Promise<Coordinates>; stats?: () => Promise<TableStat[]> }) {
  const events: string[] = [];
  const coordinates = o.coordinates ?? Promise.resolve({ file: 'bin.000001', position: 4 });
  coordinates.catch(() => undefined);
  let released = false;
  const release = () => {
    if (!released) events.push('unlock');
    released = true;
    return Promise.resolve(5);
  };
  const point: ConsistentPoint = {
    coordinates,
    release,
    stats: o.stats ?? (() => Promise.resolve([])),
    abandon: async () => {
      await release();
    },
  };
  return { pin: () => Promise.resolve(point), events };
}

type Tool = (spec: StreamOutSpec) => Promise<StreamResult>;

/** A dump tool that writes some output, prints its snapshot marker, and exits 0. */
const goodTool: Tool = (spec) => {
  spec.onStderr?.('-- Setting savepoint\n');
  spec.into.write(Buffer.from('-- dump\n'));
  return Promise.resolve({ bytes: 8, durationMs: 1, exit: { code: 0, stderr: '' } });
};

function fakeCtx(tool: Tool, progress: (p: Progress) => void = () => undefined) {
  const ctx = {
    ssh: { streamOut: tool },
    signal: new AbortController().signal,
    dryRun: false,
    log: () => undefined,
    progress,
  } as unknown as BackupCtx;
  return ctx;
}

function input(store: BackupStore, lockTimeoutMs = 1_000): StreamBackupInput {
  return {
    backupId: 'b1',
    host,
    kind: 'dump',
    tool: 'mariadb-dump',
    dialect: dialectOf('10.11.6-MariaDB'),
    databases: ['app'],
    tables: [],
    binlog: true,
    compression: 'zstd',
    threads: 1,
    lockTimeoutMs,
    staging: '/tmp/x',
    store,
    name: 'b1.sql.zst',
    location: '/backups/b1.sql.zst',
    count: false,
    estimateBytes: 100,
  };
}

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return toErrorShape(err);
  }
  throw new Error('expected a failure');
}

describe('streamBackup failure after the stream (fault injection)', () => {
  it('stats() failing after the commit removes the stored file and says so', async () => {
    const { store, files } = fakeStore();
    const pin = fakePoint({
      stats: () => Promise.reject(new OpsdeckError('TIMEOUT', 'COUNT(*) timed out.', 'x')),
    });
    const e = await failure(streamBackup(fakeCtx(goodTool), input(store), pin));
    expect(e.code).toBe('TIMEOUT');
    expect([...files.keys()]).toEqual([]);
    expect(e.message).toContain('The stored file /backups/b1.sql.zst was removed.');
    expect(e.message).not.toContain('.partial');
  });

  it('coordinates rejecting after the stream ended: nothing is committed or left', async () => {
    const { store, files } = fakeStore();
    let reject!: (e: Error) => void;
    const coordinates = new Promise<Coordinates>((_r, j) => (reject = j));
    const pin = fakePoint({ coordinates });
    const tool: Tool = async (spec) => {
      const r = await goodTool(spec);
      // The dump finished first; our snapshot fails after it.
      setImmediate(() => reject(new Error('SHOW MASTER STATUS: connection lost')));
      return r;
    };
    const e = await failure(streamBackup(fakeCtx(tool), input(store), pin));
    expect(e.message).toContain('connection lost');
    expect([...files.keys()]).toEqual([]);
    expect(e.message).not.toContain('stored file');
    expect(pin.events).toEqual(['unlock']);
  });

  it('a commit that fails after making the file final: the file is removed too, and the error says so', async () => {
    const { store, files } = fakeStore({ commitFails: true });
    const e = await failure(streamBackup(fakeCtx(goodTool), input(store), fakePoint({})));
    expect(e.message).toContain('socket timed out');
    expect([...files.keys()]).toEqual([]);
    expect(e.message).toContain(
      'Making /backups/b1.sql.zst final failed, so it may exist even so: Opsdeck removed it and its partial file',
    );
    expect(e.message).not.toMatch(/The partial file .* was removed\.$/);
  });

  it('a failed commit whose file cannot be removed says it may be left, to remove by hand', async () => {
    const { store, files } = fakeStore({ commitFails: true, removeFails: true });
    const e = await failure(streamBackup(fakeCtx(goodTool), input(store), fakePoint({})));
    expect([...files.keys()]).toEqual(['b1.sql.zst']);
    expect(e.message).toMatch(
      /could not remove \/backups\/b1\.sql\.zst .*If it is there, it is not a catalogued backup: remove it by hand\./,
    );
  });

  it('a dump at other coordinates than the pinned point is never committed', async () => {
    const { store, files } = fakeStore();
    const pin = fakePoint({});
    const i = { ...input(store), compression: 'none' as const };
    const ctx = fakeCtx((spec) => {
      spec.onLine?.("-- CHANGE MASTER TO MASTER_LOG_FILE='bin.000001', MASTER_LOG_POS=99;");
      return goodTool(spec);
    });
    const e = await failure(streamBackup(ctx, i, pin));
    expect(e.code).toBe('BACKUP_CORRUPT');
    expect([...files.keys()]).toEqual([]);
  });
});

describe('streamBackup read-lock watchdog', () => {
  afterEach(() => vi.useRealTimers());

  it.each([
    [{ stopped: true } as const, /Opsdeck stopped mariadb-dump, then released the lock\./],
    [
      {
        stopped: false,
        left: ['4712 mariadb-dump'],
        why: 'still running after KILL: 4712 mariadb-dump',
      } as const,
      /released the lock, but could not confirm that mariadb-dump stopped \(still running after KILL: 4712 mariadb-dump\)/,
    ],
    [
      undefined,
      /could not confirm that mariadb-dump stopped \(the stop got no answer within 15 s\)/,
    ],
  ])(
    'a tool that never reports its snapshot is stopped, then the lock released, within the limit (stop: %j)',
    async (stop: StopOutcome | undefined, says: RegExp) => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { store, files } = fakeStore();
      const pin = fakePoint({});
      // Runs until its output is torn down; then "stops" (the real stream settles only after the
      // remote stop answered, and says what it found).
      const tool: Tool = (spec) =>
        new Promise((_resolve, reject) => {
          spec.onStderr?.('-- Connecting to localhost...\n');
          spec.into.once('error', (err) => {
            pin.events.push('tool stopped');
            reject(
              new StoppedError(
                new OpsdeckError('BACKUP_DESTINATION_UNAVAILABLE', err.message, 'x'),
                host,
                stop,
              ),
            );
          });
        });
      const run = failure(streamBackup(fakeCtx(tool), input(store, 1_000), pin));
      await vi.advanceTimersByTimeAsync(snapshotWaitLimit(1_000) - 1);
      expect(pin.events).toEqual([]);
      await vi.advanceTimersByTimeAsync(2);
      const e = await run;
      expect(e.code).toBe('BACKUP_LOCK_TIMEOUT');
      expect(e.message).toMatch(/mariadb-dump on db1 did not open its snapshot within 31 s/);
      expect(e.message).toContain('writes on db1 were blocked 31 s');
      expect(e.message).toMatch(says);
      expect(e.hint).toContain('SHOW PROCESSLIST');
      expect(pin.events).toEqual(['tool stopped', 'unlock']);
      expect([...files.keys()]).toEqual([]);
    },
  );

  it('another failure that won the race: whether the tool stopped is unknown, not "no answer"', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store } = fakeStore();
    const pin = fakePoint({});
    // The stream fails on its own as the watchdog fires: no StoppedError, so no stop was seen.
    const tool: Tool = (spec) =>
      new Promise((_resolve, reject) => {
        spec.onStderr?.('-- Connecting to localhost...\n');
        spec.into.once('error', () =>
          reject(new OpsdeckError('SSH_CHANNEL_FAILED', 'the connection to db1 was lost', 'x')),
        );
      });
    const run = failure(streamBackup(fakeCtx(tool), input(store, 1_000), pin));
    await vi.advanceTimersByTimeAsync(snapshotWaitLimit(1_000) + 1);
    const e = await run;
    expect(e.code).toBe('BACKUP_LOCK_TIMEOUT');
    expect(e.message).toMatch(
      /could not confirm that mariadb-dump stopped \(unknown: the stream had failed first — the connection to db1 was lost\)/,
    );
    expect(e.message).not.toMatch(/no answer within 15 s/);
  });

  it('the marker in time disarms the watchdog', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, files } = fakeStore();
    const pin = fakePoint({});
    let finish!: () => void;
    const tool: Tool = (spec) =>
      new Promise((resolve) => {
        spec.onStderr?.('-- Retrieving table structure for table t...\n');
        finish = () => {
          spec.into.write(Buffer.from('x'));
          resolve({ bytes: 1, durationMs: 1, exit: { code: 0, stderr: '' } });
        };
      });
    const run = streamBackup(fakeCtx(tool), input(store, 1_000), pin);
    await vi.advanceTimersByTimeAsync(snapshotWaitLimit(1_000) * 3);
    finish();
    const r = await run;
    expect(r.coordinates).toEqual({ file: 'bin.000001', position: 4 });
    expect([...files.keys()]).toEqual(['b1.sql.zst']);
  });
});

describe('streamBackup progress and coordinates', () => {
  it('counts by the host that never arrive (an unreadable /proc): progress in stored bytes meanwhile', async () => {
    const { store } = fakeStore();
    const seen: Progress[] = [];
    const tool: Tool = (spec) => {
      spec.onStderr?.('-- Setting savepoint\n');
      spec.into.write(Buffer.from('x'));
      spec.onProgress?.(8 << 20);
      return Promise.resolve({ bytes: 8 << 20, durationMs: 1, exit: { code: 0, stderr: '' } });
    };
    const i = { ...input(store), count: true };
    await streamBackup(
      fakeCtx(tool, (p) => seen.push(p)),
      i,
      fakePoint({}),
    );
    expect(seen[0]).toMatchObject({ unit: 'bytes', done: 8 << 20 });
    expect(seen[0]?.total).toBeUndefined();
  });

  it('once the host counts, its counts (with the total) are the progress', async () => {
    const { store } = fakeStore();
    const seen: Progress[] = [];
    const tool: Tool = (spec) => {
      spec.onStderr?.('-- Setting savepoint\n@@opsdeck-read 50\n');
      spec.onProgress?.(8 << 20);
      spec.into.write(Buffer.from('x'));
      return Promise.resolve({ bytes: 1, durationMs: 1, exit: { code: 0, stderr: '' } });
    };
    const i = { ...input(store), count: true };
    await streamBackup(
      fakeCtx(tool, (p) => seen.push(p)),
      i,
      fakePoint({}),
    );
    expect(seen.map((p) => [p.done, p.total])).toEqual([
      [50, 100],
      [50, 50],
    ]);
  });

  it("a hot backup's coordinates after a long log (a line per file) are kept", async () => {
    const { store } = fakeStore();
    const perFile = Array.from(
      { length: 6000 },
      (_, n) => `[01] 2026-12-07 12:00:00 Copying ./db/table_${n}.ibd to <STDOUT>\n`,
    ).join('');
    const tool: Tool = (spec) => {
      for (let at = 0; at < perFile.length; at += 4096)
        spec.onStderr?.(perFile.slice(at, at + 4096));
      spec.onStderr?.(
        "[00] 2026-12-07 12:01:00 MySQL binlog position: filename 'mysql-bin.000042', position '1234', GTID of the last change '0-1-99'\n",
      );
      spec.into.write(Buffer.from('x'));
      return Promise.resolve({ bytes: 1, durationMs: 1, exit: { code: 0, stderr: '' } });
    };
    const i = { ...input(store), kind: 'hot' as const, tool: 'mariabackup' };
    expect(perFile.length).toBeGreaterThan(256 * 1024);
    const r = await streamBackup(fakeCtx(tool), i, fakePoint({}));
    expect(r.coordinates).toEqual({ file: 'mysql-bin.000042', position: 1234, gtid: '0-1-99' });
  });
});
