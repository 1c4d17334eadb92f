import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testHost } from '../../../../testing/core/test-host';
import { ScriptedExecutor, testEngine } from '../../../../testing/core/workflow-runner';
import { hostLocks, type WorkflowDefinition } from './definition';

const hosts = ['db1', 'db2', 'db3'].map((n) => testHost(n));

/** A failover: the cluster and every host of it. */
const failover: WorkflowDefinition<{ cluster: string; hosts: string[]; fail?: boolean }> = {
  id: 'failover',
  title: 'Failover',
  description: 'test',
  params: z.object({
    cluster: z.string(),
    hosts: z.array(z.string()),
    fail: z.boolean().optional(),
  }),
  subject: (p) => p.cluster,
  locks: (p, lookup) => [
    { kind: 'cluster', key: p.cluster, label: p.cluster },
    ...hostLocks(p.hosts.map((h) => lookup.host(h))),
  ],
  steps: [
    {
      id: 'work',
      title: 'Work',
      run: async (ctx) => {
        await ctx.ssh.write(
          ctx.host(ctx.params.hosts[0] as string),
          `work on ${ctx.params.cluster}`,
        );
        if (ctx.params.fail) throw new Error('boom');
      },
    },
  ],
};

function setup() {
  const executor = new ScriptedExecutor();
  const e = testEngine([failover], { executor }, { hosts });
  const start = (
    params: { cluster: string; hosts: string[]; fail?: boolean },
    onLockHeld: 'wait' | 'refuse' = 'wait',
    runner = e.runner,
  ) => runner.start({ workflow: 'failover', params, options: { onLockHeld } }, 'cli');
  return { ...e, executor, start };
}

describe('locks', () => {
  it('a second run that needs a held lock is refused, naming who holds it; no run is made', async () => {
    const e = setup();
    e.executor.hangOn = 'work';
    const first = e.start({ cluster: 'orders', hosts: ['db1', 'db2'] });
    const before = e.runner.recent(10).length;
    expect(() => e.start({ cluster: 'billing', hosts: ['db2', 'db3'] }, 'refuse')).toThrow(
      expect.objectContaining({
        code: 'WORKFLOW_LOCKED',
        message: `host db2 is held by run ${first.runId.slice(0, 8)} (Failover, orders, from cli).`,
        hint: expect.stringContaining(`opsdeck workflow cancel ${first.runId}`),
      }),
    );
    expect(e.runner.recent(10)).toHaveLength(before);
    e.runner.cancel(first.runId);
    await e.runner.wait(first.runId);
  });

  it('or waits, visibly queued behind the holder, and starts when it ends', async () => {
    const e = setup();
    e.executor.hangOn = 'work on orders';
    const first = e.start({ cluster: 'orders', hosts: ['db1'] });
    const second = e.start({ cluster: 'orders', hosts: ['db3'] });
    const queued = e.runner.detail(second.runId);
    expect(queued.status).toBe('waiting');
    expect(queued.waiting).toMatchObject({
      kind: 'lock',
      heldBy: [
        {
          kind: 'cluster',
          key: 'orders',
          runId: first.runId,
          workflow: 'failover',
          door: 'cli',
          subject: 'orders',
        },
      ],
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(e.executor.ran).toEqual(['work on orders']);
    e.executor.hangOn = undefined; // the first one hangs already; the second must not
    e.runner.cancel(first.runId);
    expect((await e.runner.wait(first.runId)).status).toBe('cancelled');
    expect((await e.runner.wait(second.runId)).status).toBe('succeeded');
    expect(e.runner.detail(second.runId).logs.map((l) => l.text)).toContain(
      'Locks taken: cluster orders, host db3.',
    );
  });

  it('a run started by a run works under its parent’s locks, and waits for anyone else’s', async () => {
    const e = setup();
    e.executor.hangOn = 'work on orders';
    const parent = e.start({ cluster: 'orders', hosts: ['db1', 'db2'] });
    // A stranger needing db2 queues; the parent's own child (same hosts) starts at once.
    const stranger = e.start({ cluster: 'other', hosts: ['db2'] });
    expect(e.runner.detail(stranger.runId).status).toBe('waiting');
    while (!e.executor.ran.length) await new Promise((r) => setTimeout(r, 5)); // the parent hangs
    e.executor.hangOn = undefined;
    const child = e.runner.start(
      { workflow: 'failover', params: { cluster: 'orders', hosts: ['db2', 'db3'] } },
      'workflow',
      parent.runId,
    );
    expect((await e.runner.wait(child.runId)).status).toBe('succeeded');
    // Its end gave back only what it took: the parent still holds db2, the stranger still waits.
    expect(e.runner.detail(stranger.runId).status).toBe('waiting');
    e.runner.cancel(parent.runId);
    await e.runner.wait(parent.runId);
    expect((await e.runner.wait(stranger.runId)).status).toBe('succeeded');
  });

  it('are released on every end state: success, failure, cancel, and a crash', async () => {
    const e = setup();
    const ok = e.start({ cluster: 'a', hosts: ['db1'] });
    await e.runner.wait(ok.runId);
    const bad = e.start({ cluster: 'a', hosts: ['db1'], fail: true }, 'refuse');
    expect((await e.runner.wait(bad.runId)).status).toBe('failed');
    expect(e.runner.locks()).toEqual([]);

    e.executor.hangOn = 'work';
    const hung = e.start({ cluster: 'a', hosts: ['db1'] }, 'refuse');
    expect(e.runner.locks().map((l) => l.label)).toEqual(['a', 'db1']);
    // The process dies; the next one marks the run interrupted: its locks are free again.
    const next = e.another();
    next.recoverInterrupted();
    expect(next.locks()).toEqual([]);
    expect(() => e.start({ cluster: 'a', hosts: ['db1'] }, 'refuse', next)).not.toThrow();
    e.runner.cancel(hung.runId);
  });

  it('hold across processes sharing the store', async () => {
    const e = setup();
    e.executor.hangOn = 'work';
    const first = e.start({ cluster: 'orders', hosts: ['db1'] });
    const other = e.another();
    expect(() => e.start({ cluster: 'orders', hosts: ['db2'] }, 'refuse', other)).toThrow(
      expect.objectContaining({ code: 'WORKFLOW_LOCKED' }),
    );
    // Queued in the other process, it notices the release by polling the store.
    const queued = e.start({ cluster: 'orders', hosts: ['db2'] }, 'wait', other);
    await new Promise((r) => setTimeout(r, 20));
    e.executor.hangOn = undefined;
    e.runner.cancel(first.runId);
    await e.runner.wait(first.runId);
    expect((await other.wait(queued.runId)).status).toBe('succeeded');
  });

  it('the plan lists the locks and who holds them now', async () => {
    const e = setup();
    e.executor.hangOn = 'work';
    const first = e.start({ cluster: 'orders', hosts: ['db1'] });
    const plan = await e.runner.plan({
      workflow: 'failover',
      params: { cluster: 'orders', hosts: ['db2'] },
    });
    expect(plan.locks).toEqual([
      expect.objectContaining({
        kind: 'cluster',
        key: 'orders',
        heldBy: expect.objectContaining({ runId: first.runId }),
      }),
      { kind: 'host', key: 'h-db2', label: 'db2' },
    ]);
    e.runner.cancel(first.runId);
    await e.runner.wait(first.runId);
  });
});
