import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OpsdeckError } from '../../../contract';
import { ScriptedExecutor, testEngine } from '../../../../testing/core/workflow-runner';
import type { Step, WorkflowDefinition } from './definition';

type P = {
  failAt?: string | undefined;
  failUndo?: string | undefined;
  hangAt?: string | undefined;
  hangUndo?: string | undefined;
};

const hang = (signal: AbortSignal) =>
  new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));

/** A switchover in miniature: each step writes `do X`, its undo writes `revert X`. */
function switchover(o: {
  rollback: 'automatic' | 'on-request';
  ponr?: string;
}): WorkflowDefinition<P> {
  const step = (id: string, extra: Partial<Step<P>> = {}): Step<P> => ({
    id,
    title: `Step ${id}`,
    run: async (ctx) => {
      await ctx.ssh.write(ctx.host('db1'), `do ${id}`);
      if (ctx.params.hangAt === id) await hang(ctx.signal);
      if (ctx.params.failAt === id)
        throw new OpsdeckError('SSH_COMMAND_FAILED', `${id} broke`, `fix ${id}`);
    },
    undo: async (ctx) => {
      if (ctx.params.hangUndo === id) await hang(ctx.signal);
      if (ctx.params.failUndo === id)
        throw new OpsdeckError('SSH_COMMAND_FAILED', `undo ${id} broke`, 'put it back by hand');
      await ctx.ssh.write(ctx.host('db1'), `revert ${id}`);
    },
    ...(o.ponr === id ? { pointOfNoReturn: true, manual: `After ${id}: finish by hand.` } : {}),
    ...extra,
  });
  return {
    id: 'switchover',
    title: 'Switchover',
    description: 'test',
    params: z.object({
      failAt: z.string().optional(),
      failUndo: z.string().optional(),
      hangAt: z.string().optional(),
      hangUndo: z.string().optional(),
    }),
    subject: () => 'orders',
    rollback: o.rollback,
    steps: [
      step('fence'),
      // Already done before this run (its check says so): never undone by it.
      step('checked', { check: async () => true }),
      // No undo: what it did stays, and the rollback says so.
      {
        id: 'note',
        title: 'Step note',
        run: async (ctx) => void (await ctx.ssh.write(ctx.host('db1'), 'do note')),
      },
      step('catch-up'),
      step('promote'),
      step('repoint'),
      step('traffic'),
    ],
  };
}

function setup(def: WorkflowDefinition<P>) {
  const executor = new ScriptedExecutor();
  const e = testEngine([def], { executor });
  const run = async (params: P) => {
    const { runId } = e.runner.start({ workflow: 'switchover', params }, 'cli');
    await e.runner.wait(runId);
    return e.runner.detail(runId);
  };
  return { ...e, executor, run };
}

const statuses = (d: { steps: { id: string; status: string }[] }) =>
  Object.fromEntries(d.steps.map((s) => [s.id, s.status]));

describe('compensation', () => {
  it('undoes what ran, in reverse, including the failed step, and never what it did not run', async () => {
    const e = setup(switchover({ rollback: 'automatic' }));
    e.executor.failOn = 'do promote';
    const d = await e.run({});
    expect(e.executor.ran).toEqual([
      'do fence',
      'do note',
      'do catch-up',
      'do promote',
      'revert promote',
      'revert catch-up',
      'revert fence',
    ]);
    expect(d.status).toBe('rolled-back');
    expect(statuses(d)).toEqual({
      fence: 'undone',
      checked: 'skipped',
      note: 'done',
      'catch-up': 'undone',
      promote: 'undone',
      repoint: 'pending',
      traffic: 'pending',
    });
    expect(d.error).toMatchObject({
      code: 'SSH_COMMAND_FAILED',
      message: expect.stringContaining('`do promote` exited with 1: disk full'),
    });
    expect(d.error?.hint).toMatch(
      /^Rolled back: “Step promote”, “Step catch-up”, “Step fence”\. Kept \(no undo\): “Step note”\. .* Resume runs the undone steps again\.$/,
    );
    // Resume runs the undone steps again, not the kept ones.
    e.executor.failOn = undefined;
    e.executor.ran.length = 0;
    e.runner.resume(d.id);
    expect((await e.runner.wait(d.id)).status).toBe('succeeded');
    expect(e.executor.ran).toEqual([
      'do fence',
      'do catch-up',
      'do promote',
      'do repoint',
      'do traffic',
    ]);
  });

  it('past the point of no return: only the failed step is put back, and it says what to do by hand', async () => {
    const e = setup(switchover({ rollback: 'automatic', ponr: 'promote' }));
    const d = await e.run({ failAt: 'traffic' });
    expect(e.executor.ran.slice(-2)).toEqual(['do traffic', 'revert traffic']);
    expect(e.executor.ran.filter((c) => c.startsWith('revert'))).toEqual(['revert traffic']);
    expect(d.status).toBe('failed');
    expect(d.pointOfNoReturn).toBe('promote');
    expect(d.error?.message).toBe(
      'traffic broke The run is past its point of no return (“Step promote”): nothing before this step was rolled back.',
    );
    expect(statuses(d)).toMatchObject({ promote: 'done', repoint: 'done', traffic: 'undone' });
  });

  it('the point of no return itself failing is not rolled back past either', async () => {
    const e = setup(switchover({ rollback: 'automatic', ponr: 'promote' }));
    const d = await e.run({ failAt: 'promote' });
    expect(e.executor.ran.filter((c) => c.startsWith('revert'))).toEqual(['revert promote']);
    expect(d.error?.hint).toBe('After promote: finish by hand. fix promote');
  });

  it('a failed undo stops the rollback and names what is still in place', async () => {
    const e = setup(switchover({ rollback: 'automatic' }));
    const d = await e.run({ failAt: 'promote', failUndo: 'catch-up' });
    expect(e.executor.ran.filter((c) => c.startsWith('revert'))).toEqual(['revert promote']);
    expect(d.status).toBe('failed');
    expect(d.error?.message).toBe('Rolling back stopped at “Step catch-up”: undo catch-up broke');
    expect(d.error?.hint).toBe(
      'put it back by hand Still in place: “Step fence”, “Step note”, “Step catch-up”; rolled back: Step promote.',
    );
    expect(statuses(d)).toMatchObject({
      fence: 'done',
      'catch-up': 'undo-failed',
      promote: 'undone',
    });
  });

  it('a cancel rolls back too (automatic), and a second cancel stops the rollback', async () => {
    const e = setup(switchover({ rollback: 'automatic' }));
    const { runId } = e.runner.start(
      { workflow: 'switchover', params: { hangAt: 'catch-up' } },
      'web',
    );
    await new Promise((r) => setTimeout(r, 20));
    e.runner.cancel(runId);
    const d = (await e.runner.wait(runId)) && e.runner.detail(runId);
    expect(d.status).toBe('rolled-back');
    expect(e.executor.ran.filter((c) => c.startsWith('revert'))).toEqual([
      'revert catch-up',
      'revert fence',
    ]);

    const second = await (async () => {
      const { runId: id } = e.runner.start(
        { workflow: 'switchover', params: { hangAt: 'promote', hangUndo: 'catch-up' } },
        'web',
      );
      await new Promise((r) => setTimeout(r, 20));
      e.runner.cancel(id);
      await new Promise((r) => setTimeout(r, 20));
      expect(e.runner.detail(id).status).toBe('compensating');
      e.runner.cancel(id);
      await e.runner.wait(id);
      return e.runner.detail(id);
    })();
    expect(second.status).toBe('cancelled');
    expect(second.error?.message).toBe(
      'Rolling back stopped at “Step catch-up”: The rollback was cancelled.',
    );
    expect(statuses(second)).toMatchObject({
      promote: 'undone',
      'catch-up': 'undo-failed',
      fence: 'done',
    });
  });

  it('on request: the run stops where it failed; Roll back then runs the undos', async () => {
    const e = setup(switchover({ rollback: 'on-request' }));
    const d = await e.run({ failAt: 'catch-up' });
    expect(d.status).toBe('failed');
    expect(e.executor.ran.some((c) => c.startsWith('revert'))).toBe(false);
    e.runner.rollback(d.id);
    const after = (await e.runner.wait(d.id)) && e.runner.detail(d.id);
    expect(after.status).toBe('rolled-back');
    expect(e.executor.ran.filter((c) => c.startsWith('revert'))).toEqual([
      'revert catch-up',
      'revert fence',
    ]);
    expect(() => e.runner.rollback(d.id)).toThrow(
      expect.objectContaining({ code: 'WORKFLOW_NO_ROLLBACK' }),
    );
  });

  it('refuses to roll back a run past its point of no return, saying what to do', async () => {
    const e = setup(switchover({ rollback: 'on-request', ponr: 'promote' }));
    const d = await e.run({ failAt: 'repoint' });
    expect(() => e.runner.rollback(d.id)).toThrow(
      expect.objectContaining({
        code: 'WORKFLOW_NO_ROLLBACK',
        message:
          'This run passed its point of no return (“Step promote”): it cannot be rolled back.',
        hint: 'After promote: finish by hand.',
      }),
    );
  });

  it('the plan shows what is undoable and where the point of no return is', async () => {
    const e = setup(switchover({ rollback: 'automatic', ponr: 'promote' }));
    const plan = await e.runner.plan({ workflow: 'switchover', params: {} });
    expect(plan.rollback).toBe('automatic');
    expect(plan.steps.map((s) => [s.id, s.undoable, s.pointOfNoReturn])).toEqual([
      ['fence', true, false],
      ['checked', true, false],
      ['note', false, false],
      ['catch-up', true, false],
      ['promote', true, true],
      ['repoint', true, false],
      ['traffic', true, false],
    ]);
  });
});
