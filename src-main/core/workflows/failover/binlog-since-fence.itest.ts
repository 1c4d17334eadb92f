import { describe, expect, it } from 'vitest';
import { sql } from '../../../../testing/lab/mysql-lab';
import { testHost } from '../../../../testing/core/test-host';
import { dialectOf } from '../../mysql';
import { failoverSql } from '../../mysql/dialects/failover-sql';
import { num, text, type Row } from '../../mysql/sql-row';
import type { BaseContext } from '../engine/definition';
import { ownEventsSinceFence } from './binlog-since-fence';
import { writtenSinceFence } from './fence-moved';
import type { Pinned } from './outputs';
import type { FencePoint } from './step-fence';

/**
 * The no-GTID divergence check of a repoint, on a lab MariaDB (db3, which nothing replicates
 * from): it reads every binary log from the fence on, page after page, and a fence log that was
 * purged is a clear refusal, not the server's raw error.
 */
const HOST = 'db3';
const read = (statement: string) => sql(HOST, statement) as Promise<Row[]>;
const who = { master: HOST, candidate: 'db2' };

/** Only the reads writtenSinceFence makes, straight to the lab server (no Opsdeck session). */
const ctx = {
  dryRun: false,
  mysql: { read: (_host: unknown, statement: string) => read(statement) },
} as unknown as BaseContext<unknown>;
const server = async () => {
  const [v] = await read('SELECT @@version AS v, @@version_comment AS c');
  const dialect = dialectOf(text(v?.v), text(v?.c));
  return { host: testHost(HOST), dialect, sql: failoverSql(dialect) };
};
const pinned = { positioning: 'binlog-file', master: HOST, candidate: 'db2' } as Pinned;

async function fenceHere(): Promise<FencePoint> {
  await read('FLUSH BINARY LOGS');
  const [b] = await read('SHOW MASTER STATUS');
  return { position: '', file: text(b?.File), pos: num(b?.Position) ?? 0, at: '' };
}

describe('the repoint’s binlog divergence check (no GTID), on a lab MariaDB', () => {
  it('a write of its own after more than 10000 other events after the fence is found (the logs are paged through, not cut)', async () => {
    const fence = await fenceHere();
    const serverId = Number(text((await read('SELECT @@server_id AS id'))[0]?.id));
    // 3000 replicated-looking transactions (another server_id: not its own writes), then one own.
    await read(
      `SET SESSION server_id = ${serverId + 900};
       CREATE DATABASE IF NOT EXISTS opsdeck_test; CREATE TABLE IF NOT EXISTS opsdeck_test.binlog_pages (id INT AUTO_INCREMENT PRIMARY KEY, v INT);
       BEGIN NOT ATOMIC FOR i IN 1..3000 DO INSERT INTO opsdeck_test.binlog_pages (v) VALUES (i); END FOR; END`,
    );
    await read('INSERT INTO opsdeck_test.binlog_pages (v) VALUES (-1)');
    try {
      const all = await ownEventsSinceFence(read, who, fence, serverId);
      expect(all.read).toBeGreaterThan(10_000);
      expect(all.stoppedAt).toBeUndefined();
      expect(all.events.length).toBeGreaterThan(0);
      // Small pages find exactly the same events.
      const paged = await ownEventsSinceFence(read, who, fence, serverId, {
        page: 997,
        atMost: 1_000_000,
      });
      expect(paged).toEqual(all);
      // As the repoint sees it: the write after the fence is named.
      const since = await writtenSinceFence(ctx, await server(), pinned, fence);
      expect(since?.what).toMatch(new RegExp(`at ${fence.file}:\\d+`));
      expect(since?.what).not.toMatch(/stopped/);
      // A limit reached before the own write: nothing proven, refused (never "no writes").
      await expect(
        ownEventsSinceFence(read, who, fence, serverId, { page: 500, atMost: 2000 }),
      ).rejects.toMatchObject({
        code: 'FAILOVER_REFUSED',
        message: expect.stringMatching(
          /hold more than 2000 events; the check stopped at .* without finding a write of its own/,
        ),
      });
      expect(all.events.every((e) => e.at.startsWith(`${fence.file}:`))).toBe(true);
    } finally {
      await read('DROP TABLE IF EXISTS opsdeck_test.binlog_pages');
    }
  }, 120_000);

  it('the limit reached: own writes found so far are reported with where it stopped; none found is a refusal', async () => {
    const fence = await fenceHere();
    const serverId = Number(text((await read('SELECT @@server_id AS id'))[0]?.id));
    await read(
      `CREATE DATABASE IF NOT EXISTS opsdeck_test; CREATE TABLE opsdeck_test.binlog_own (id INT);
       DROP TABLE opsdeck_test.binlog_own; SET SESSION server_id = ${serverId + 900};
       CREATE TABLE opsdeck_test.binlog_other (id INT); DROP TABLE opsdeck_test.binlog_other`,
    );
    const cut = await ownEventsSinceFence(read, who, fence, serverId, { page: 2, atMost: 5 });
    expect(cut.read).toBe(5);
    expect(cut.events.length).toBeGreaterThan(0);
    expect(cut.stoppedAt).toMatch(new RegExp(`^${fence.file}:\\d+$`));
    await expect(
      ownEventsSinceFence(read, who, fence, serverId + 5000, { page: 1, atMost: 2 }),
    ).rejects.toMatchObject({
      code: 'FAILOVER_REFUSED',
      message: expect.stringMatching(
        /hold more than 2 events; the check stopped at .* without finding a write of its own/,
      ),
    });
  }, 60_000);

  it('the fence’s binary log was purged: FAILOVER_REFUSED naming the log, the server and what to do', async () => {
    const fence = await fenceHere();
    await read('FLUSH BINARY LOGS');
    const [now] = await read('SHOW MASTER STATUS');
    // MariaDB keeps a log until InnoDB's binlog checkpoint has passed it: purge until it is gone.
    const deadline = Date.now() + 20_000;
    for (;;) {
      await read(`PURGE BINARY LOGS TO '${text(now?.File)}'`);
      const logs = (await read('SHOW BINARY LOGS')).map((r) => text(r.Log_name));
      if (!logs.includes(fence.file)) break;
      if (Date.now() > deadline) throw new Error(`${fence.file} was not purged within 20 s`);
      await new Promise((done) => setTimeout(done, 200));
    }
    const err = await writtenSinceFence(ctx, await server(), pinned, fence).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: 'FAILOVER_REFUSED',
      message: expect.stringContaining(
        `Binary log ${fence.file} was purged on ${HOST} (its oldest binary log is now ${text(now?.File)}): whether ${HOST} took writes after its fence at ${fence.file}:${fence.pos}`,
      ),
      hint: expect.stringContaining(`opsdeck mysql rejoin ${HOST} --under db2 --reseed`),
    });
  }, 60_000);
});
