import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EventMessage, PromptRequest } from '../../../contract';
import { ScriptedExecutor, testEngine } from '../../../../testing/core/workflow-runner';
import type { WorkflowDefinition } from './definition';

type ConfirmRequest = Extract<PromptRequest, { kind: 'confirm' }>;

const promote: WorkflowDefinition<{ cluster: string }> = {
  id: 'promote',
  title: 'Promote',
  description: 'test',
  params: z.object({ cluster: z.string() }),
  subject: (p) => p.cluster,
  steps: [
    {
      id: 'fence',
      title: 'Fence the old master',
      timeoutMs: 200,
      run: async (ctx) => {
        await ctx.ssh.write(ctx.host('db1'), 'fence');
        // A person takes longer than the step's limit: the gate does not count against it.
        await ctx.confirm({
          title: 'Promote db2?',
          message: 'db1 stops taking writes for good.',
          confirmLabel: 'Promote db2',
          typed: ctx.params.cluster,
        });
      },
    },
    {
      id: 'promote',
      title: 'Promote db2',
      run: async (ctx) => {
        await ctx.ssh.write(ctx.host('db1'), 'promote');
      },
    },
  ],
};

function setup() {
  const executor = new ScriptedExecutor();
  const e = testEngine([promote], { executor });
  const asked: ConfirmRequest[] = [];
  e.bus.subscribe((m: EventMessage) => {
    if (m.topic === 'prompt.request' && (m.payload as PromptRequest).kind === 'confirm')
      asked.push(m.payload as ConfirmRequest);
  });
  const nextPrompt = async () => {
    for (let i = 0; i < 100 && !asked.length; i++) await new Promise((r) => setTimeout(r, 5));
    return asked.shift() as ConfirmRequest;
  };
  return { ...e, executor, nextPrompt };
}

describe('gates', () => {
  it('waits for a person (run waiting, a confirm prompt for every door), then goes on', async () => {
    const e = setup();
    const { runId } = e.runner.start({ workflow: 'promote', params: { cluster: 'orders' } }, 'cli');
    const prompt = await e.nextPrompt();
    expect(prompt).toMatchObject({
      runId,
      stepId: 'fence',
      run: 'Promote · orders',
      title: 'Promote db2?',
      confirmLabel: 'Promote db2',
      typed: 'orders',
    });
    const waiting = e.runner.detail(runId);
    expect(waiting.status).toBe('waiting');
    expect(waiting.waiting).toMatchObject({ kind: 'gate', promptId: prompt.id, stepId: 'fence' });
    expect(waiting.steps[0]?.status).toBe('waiting');
    await new Promise((r) => setTimeout(r, 300)); // longer than the step's 200 ms limit
    expect(
      e.prompts.answer({ kind: 'confirm', id: prompt.id, approve: true, typed: 'orders' }, 'web'),
    ).toBe(true);
    const done = await e.runner.wait(runId);
    expect(done.status).toBe('succeeded');
    expect(done.waiting).toBeUndefined();
    expect(e.executor.ran).toEqual(['fence', 'promote']);
    expect(e.runner.detail(runId).logs.map((l) => l.text)).toContain(
      'Gate “Promote db2?”: approved from web.',
    );
  });

  it('a no stops the run before anything past the gate runs', async () => {
    const e = setup();
    const { runId } = e.runner.start({ workflow: 'promote', params: { cluster: 'orders' } }, 'cli');
    const prompt = await e.nextPrompt();
    e.prompts.answer({ kind: 'confirm', id: prompt.id, approve: false }, 'electron');
    const done = await e.runner.wait(runId);
    expect(done).toMatchObject({
      status: 'failed',
      error: { code: 'WORKFLOW_DECLINED', message: '“Promote db2?” was declined from electron.' },
    });
    expect(e.executor.ran).toEqual(['fence']);
  });

  it('a yes with the wrong typed name counts as no', async () => {
    const e = setup();
    const { runId } = e.runner.start({ workflow: 'promote', params: { cluster: 'orders' } }, 'cli');
    const prompt = await e.nextPrompt();
    e.prompts.answer({ kind: 'confirm', id: prompt.id, approve: true, typed: 'order' });
    expect((await e.runner.wait(runId)).error?.message).toMatch(/typed text did not match/);
  });

  it('nobody answering in time counts as no', async () => {
    const quick: WorkflowDefinition<{ cluster: string }> = {
      ...promote,
      steps: [
        {
          id: 'ask',
          title: 'Ask',
          run: (ctx) => ctx.confirm({ title: 'Go?', message: 'm', timeoutMs: 30 }),
        },
      ],
    };
    const e = testEngine([quick], { executor: new ScriptedExecutor() });
    const { runId } = e.runner.start({ workflow: 'promote', params: { cluster: 'c' } }, 'cli');
    expect((await e.runner.wait(runId)).error).toMatchObject({
      code: 'WORKFLOW_DECLINED',
      message: 'Nobody answered “Go?” within 30 ms.',
    });
  });

  it('approved in advance by the caller: no prompt, and the log says so', async () => {
    const e = setup();
    const { runId } = e.runner.start(
      { workflow: 'promote', params: { cluster: 'orders' }, options: { approveGates: true } },
      'cli',
    );
    expect((await e.runner.wait(runId)).status).toBe('succeeded');
    expect(e.runner.detail(runId).logs.map((l) => l.text)).toContain(
      'Gate “Promote db2?”: approved in advance by the caller.',
    );
  });

  it('pauses before the steps the caller named, until someone says go on', async () => {
    const e = setup();
    const { runId } = e.runner.start(
      {
        workflow: 'promote',
        params: { cluster: 'orders' },
        options: { approveGates: true, pauseBefore: ['promote'] },
      },
      'cli',
    );
    const pause = await e.nextPrompt();
    expect(pause).toMatchObject({ stepId: 'promote', title: 'Paused before “Promote db2”' });
    expect(e.executor.ran).toEqual(['fence']);
    e.prompts.answer({ kind: 'confirm', id: pause.id, approve: true });
    expect((await e.runner.wait(runId)).status).toBe('succeeded');
    expect(e.executor.ran).toEqual(['fence', 'promote']);
  });

  it('a cancel while waiting ends the run as cancelled and closes the prompt', async () => {
    const e = setup();
    const closed: string[] = [];
    e.bus.subscribe(
      (m) => m.topic === 'prompt.closed' && closed.push((m.payload as { id: string }).id),
    );
    const { runId } = e.runner.start({ workflow: 'promote', params: { cluster: 'orders' } }, 'cli');
    const prompt = await e.nextPrompt();
    e.runner.cancel(runId);
    expect((await e.runner.wait(runId)).status).toBe('cancelled');
    expect(closed).toContain(prompt.id);
    expect(e.prompts.list()).toEqual([]);
  });

  it('shows the gate in the plan and passes it', async () => {
    const e = setup();
    const plan = await e.runner.plan({ workflow: 'promote', params: { cluster: 'orders' } });
    expect(plan.steps[0]?.gates).toEqual([
      { title: 'Promote db2?', message: 'db1 stops taking writes for good.', typed: 'orders' },
    ]);
    expect(plan.steps[0]?.timeoutMs).toBe(200);
  });
});
