import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Host } from '../../../contract';
import { testHost } from '../../../../testing/core/test-host';
import { ScriptedExecutor, testEngine } from '../../../../testing/core/workflow-runner';
import type { WorkflowDefinition } from './definition';

const hosts = ['db1', 'db2', 'db3', 'db4', 'db5'].map((n) => testHost(n));

/** Repoint N replicas, at most `limit` at once; each child reports progress and a result. */
function repoint(limit: number, failFast = false): WorkflowDefinition<{ replicas: string[] }> {
  return {
    id: 'repoint',
    title: 'Repoint replicas',
    description: 'test',
    params: z.object({ replicas: z.array(z.string()) }),
    subject: (p) => `${p.replicas.length} replicas`,
    steps: [
      {
        id: 'repoint',
        title: 'Repoint each replica',
        output: z.object({ positions: z.record(z.string(), z.number()) }),
        run: async (ctx) => {
          const replicas = ctx.params.replicas.map((r) => ctx.host(r));
          const done = await ctx.forEach(
            replicas,
            {
              key: (h: Host) => h.id,
              title: (h: Host) => h.name,
              limit,
              failFast,
              output: z.number(),
            },
            async (child, h) => {
              child.progress({ unit: 'rows', done: 50, total: 100 });
              await child.ssh.write(h, `CHANGE MASTER on ${h.name}`);
              child.log(`${h.name} repointed`);
              return h.name.length * 10;
            },
          );
          return { positions: Object.fromEntries(done) };
        },
      },
    ],
  };
}

/** An executor that counts how many commands run at once, and fails on demand. */
class Concurrency extends ScriptedExecutor {
  running = 0;
  most = 0;
  override async exec(h: Host, command: string, opts: { signal?: AbortSignal }) {
    this.running++;
    this.most = Math.max(this.most, this.running);
    try {
      await new Promise((r) => setTimeout(r, 15));
      if (opts.signal?.aborted) throw new Error('aborted');
      return await super.exec(h, command, opts);
    } finally {
      this.running--;
    }
  }
}

function setup(def: WorkflowDefinition<{ replicas: string[] }>) {
  const executor = new Concurrency();
  return { ...testEngine([def], { executor }, { hosts }), executor };
}

const replicas = ['db2', 'db3', 'db4', 'db5'];

describe('child steps', () => {
  it('run with at most `limit` at once, each with its own state, log, progress and result', async () => {
    const e = setup(repoint(2));
    const { runId } = e.runner.start({ workflow: 'repoint', params: { replicas } }, 'cli');
    expect((await e.runner.wait(runId)).status).toBe('succeeded');
    expect(e.executor.most).toBe(2);
    const d = e.runner.detail(runId);
    expect(d.steps[0]?.children?.map((c) => [c.title, c.status])).toEqual(
      replicas.map((r) => [r, 'done']),
    );
    expect(d.steps[0]?.children?.[0]?.progress).toMatchObject({
      unit: 'rows',
      done: 50,
      total: 100,
    });
    expect(d.logs.filter((l) => l.childKey === 'h-db3').map((l) => l.text)).toContain(
      'db3 repointed',
    );
    expect(d.output.repoint).toEqual({
      positions: { 'h-db2': 30, 'h-db3': 30, 'h-db4': 30, 'h-db5': 30 },
    });
    // The step's own progress counts its children.
    const counts = e.events.filter((x) => x.type === 'progress' && !x.childKey);
    expect(counts.at(-1)).toMatchObject({ progress: { unit: 'items', done: 4, total: 4 } });
    expect(e.events.some((x) => x.type === 'child' && x.child.status === 'running')).toBe(true);
  });

  it('one failing child does not stop the others; the step names it; resume runs only it', async () => {
    const e = setup(repoint(4));
    e.executor.failOn = 'on db4';
    const { runId } = e.runner.start({ workflow: 'repoint', params: { replicas } }, 'cli');
    const failed = await e.runner.wait(runId);
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toMatch(/^db4: On db4, `CHANGE MASTER on db4` exited with 1/);
    expect(failed.error?.hint).toMatch(/The others finished; a resume runs only what did not\.$/);
    const children = e.runner.detail(runId).steps[0]?.children ?? [];
    expect(children.map((c) => c.status)).toEqual(['done', 'done', 'failed', 'done']);
    expect(children[2]?.error?.code).toBe('SSH_COMMAND_FAILED');

    e.executor.failOn = undefined;
    e.executor.ran.length = 0;
    const next = e.another({ executor: e.executor });
    next.resume(runId);
    expect((await next.wait(runId)).status).toBe('succeeded');
    expect(e.executor.ran).toEqual(['CHANGE MASTER on db4']);
    // The finished children's results came back from the store.
    expect(next.detail(runId).output.repoint).toMatchObject({
      positions: { 'h-db2': 30, 'h-db5': 30 },
    });
  });

  it('fail fast: after the first failure no further child starts', async () => {
    const e = setup(repoint(1, true));
    e.executor.failOn = 'on db2';
    const { runId } = e.runner.start({ workflow: 'repoint', params: { replicas } }, 'cli');
    await e.runner.wait(runId);
    expect(e.executor.ran).toEqual(['CHANGE MASTER on db2']);
    const children = e.runner.detail(runId).steps[0]?.children ?? [];
    expect(children.map((c) => c.status)).toEqual([
      'failed',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(children[1]?.error?.message).toBe(
      'Not started: another child failed first (fail fast).',
    );
  });

  it('a cancel stops the children that run and starts no more', async () => {
    const e = setup(repoint(2));
    e.executor.hangOn = 'CHANGE MASTER';
    const { runId } = e.runner.start({ workflow: 'repoint', params: { replicas } }, 'cli');
    await new Promise((r) => setTimeout(r, 40));
    e.runner.cancel(runId);
    expect((await e.runner.wait(runId)).status).toBe('cancelled');
    expect(e.executor.ran).toHaveLength(2);
    const children = e.runner.detail(runId).steps[0]?.children ?? [];
    expect(children.every((c) => c.status === 'cancelled')).toBe(true);
  });

  it('plans each child with its own actions and the limit', async () => {
    const e = setup(repoint(3));
    const plan = await e.runner.plan({ workflow: 'repoint', params: { replicas } });
    const step = plan.steps[0];
    expect(step?.limit).toBe(3);
    expect(step?.children.map((c) => [c.title, c.actions.map((a) => a.detail)])).toEqual(
      replicas.map((r) => [r, [`CHANGE MASTER on ${r}`]]),
    );
    expect(e.executor.ran).toEqual([]);
  });
});
