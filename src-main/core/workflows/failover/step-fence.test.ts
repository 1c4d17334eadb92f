import { describe, expect, it } from 'vitest';
import { testHost } from '../../../../testing/core/test-host';
import type { StepContext, StepRef } from '../engine/definition';
import type { MysqlEffects } from '../engine/mysql-effects';
import { catchUpStep, type HeldLocks } from './step-fence';
import { promoteStep } from './step-promote';

/**
 * The re-fence of a resumed switchover (its read lock died with the process) on a scripted
 * server: a master still read_only is fenced again; one someone made writable again after the run
 * stopped is left alone — not one write — and the step refuses with FAILOVER_REFUSED.
 */
const MARIADB = { v: '10.11.6-MariaDB-0+deb12u1', c: 'Debian 12' };
const MYSQL = { v: '8.0.36', c: 'MySQL Community Server - GPL' };

interface Script {
  server: { v: string; c: string };
  /** db1's answer to the read_only query. */
  readOnly: Record<string, number>;
}

function scriptedContext(script: Script) {
  const writes: string[] = [];
  const held: string[] = [];
  const reads: string[] = [];
  const mysql: MysqlEffects = {
    async read(h, sql) {
      reads.push(`${h.name}: ${sql}`);
      if (sql.startsWith('SELECT @@version')) return [script.server];
      if (sql.includes('@@read_only')) return [script.readOnly];
      if (/MASTER_GTID_WAIT|WAIT_FOR_EXECUTED_GTID_SET|MASTER_POS_WAIT|SOURCE_POS_WAIT/i.test(sql))
        return [{ r: 0 }];
      if (/@@gtid|@@global.gtid_executed/i.test(sql)) return [{ pos: '0-1-9' }];
      return [];
    },
    async write(h, sql) {
      writes.push(`${h.name}: ${[sql].flat().join('; ')}`);
      return [];
    },
    async session() {
      throw new Error('no session in this test');
    },
    async hold(h, sql) {
      held.push(`${h.name}: ${sql.join('; ')}`);
      return { alive: () => true, release: async () => undefined };
    },
    ownThreadIds: () => [],
  };
  const outputs: Record<string, unknown> = {
    preflight: {
      kind: 'switchover',
      master: 'db1',
      candidate: 'db2',
      replicas: ['db3'],
      positioning: 'mariadb-gtid',
      cluster: { hooks: [] },
      timeline: [],
    },
    fence: { position: '0-1-5', file: 'db1-bin.000001', pos: 100, at: '', timeline: [] },
    'catch-up': { timeline: [] },
  };
  const logs: string[] = [];
  const ctx = {
    params: { catchUpTimeoutSec: 5 },
    runId: 'run-1',
    dryRun: false,
    signal: new AbortController().signal,
    mysql,
    host: (name: string) => testHost(name),
    log: (text: string) => logs.push(text),
    secret: () => undefined,
    find: <T>(step: StepRef<T>) => outputs[step.id] as T | undefined,
    get: <T>(step: StepRef<T>) => outputs[step.id] as T,
    changed: (text: string) => logs.push(`changed: ${text}`),
    changes: () => [],
  } as unknown as StepContext<{ catchUpTimeoutSec: number }, never>;
  return { ctx, writes, held, reads, logs, outputs };
}

describe('the re-fence of a resumed switchover', () => {
  for (const [step, run] of [
    ['catch-up', (locks: HeldLocks) => catchUpStep(locks)],
    ['promote', (locks: HeldLocks) => promoteStep('switchover', locks)],
  ] as const) {
    it(`${step}: a master made writable again (read_only=0) is not fenced: no write, FAILOVER_REFUSED`, async () => {
      const s = scriptedContext({ server: MARIADB, readOnly: { ro: 0 } });
      const locks: HeldLocks = new Map();
      const error = await run(locks)
        .run(s.ctx as never)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toMatchObject({
        code: 'FAILOVER_REFUSED',
        message: expect.stringMatching(
          /db1 is writable again .*someone unfenced it after the run stopped/,
        ),
        hint: expect.stringMatching(/start a new switchover/),
      });
      expect(s.writes).toEqual([]);
      expect(s.held).toEqual([]);
      expect(locks.size).toBe(0);
    });

    it(`${step}: a master still read_only whose lock was lost is fenced again, silently`, async () => {
      const s = scriptedContext({ server: MARIADB, readOnly: { ro: 1 } });
      const locks: HeldLocks = new Map();
      const out = (await run(locks).run(s.ctx as never)) as { refenced?: { position: string } };
      expect(s.writes[0]).toBe('db1: SET GLOBAL read_only = ON');
      expect(s.held).toEqual([expect.stringMatching(/^db1: .*FLUSH TABLES WITH READ LOCK/)]);
      expect(locks.has('run-1')).toBe(true);
      expect(out.refenced).toMatchObject({ position: '0-1-9' });
      expect(s.logs.join('\n')).toMatch(/db1: the fence was not held any more .*fenced again/);
    });
  }

  it('MySQL: super_read_only turned off counts as writable again', async () => {
    const s = scriptedContext({ server: MYSQL, readOnly: { ro: 1, sro: 0 } });
    const error = await catchUpStep(new Map())
      .run(s.ctx as never)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FAILOVER_REFUSED' });
    expect(s.writes).toEqual([]);
  });

  it('MySQL: the fence marker this process holds is trusted only while super_read_only is on', async () => {
    const marker = () =>
      new Map([
        ['run-1', { alive: () => true, release: async () => undefined, marker: true }],
      ]) satisfies HeldLocks;
    const lost = scriptedContext({ server: MYSQL, readOnly: { ro: 1, sro: 0 } });
    await expect(catchUpStep(marker()).run(lost.ctx as never)).rejects.toMatchObject({
      code: 'FAILOVER_REFUSED',
      message: expect.stringContaining('super_read_only = OFF'),
    });
    expect(lost.writes).toEqual([]);
    const on = scriptedContext({ server: MYSQL, readOnly: { ro: 1, sro: 1 } });
    const out = (await catchUpStep(marker()).run(on.ctx as never)) as { refenced?: unknown };
    expect(on.reads.some((r) => r.includes('@@super_read_only'))).toBe(true);
    expect(on.writes).toEqual([]);
    expect(out.refenced).toBeUndefined();
  });

  it('a fence this process still holds is trusted: no read of read_only, no write', async () => {
    const s = scriptedContext({ server: MARIADB, readOnly: { ro: 0 } });
    const locks: HeldLocks = new Map([
      ['run-1', { alive: () => true, release: async () => undefined }],
    ]);
    await catchUpStep(locks).run(s.ctx as never);
    expect(s.reads.filter((r) => r.includes('@@read_only'))).toEqual([]);
    expect(s.writes).toEqual([]);
  });
});
