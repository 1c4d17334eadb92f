import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ScriptedExecutor, testEngine } from '../../../../testing/core/workflow-runner';
import type { WorkflowDefinition } from './definition';
import { fieldOf } from './params-field';

/**
 * A run whose core stopped inside a step: the step's own word on what stays as it is (a fence
 * whose read lock went with the process) comes first in its hint, naming the host.
 */
describe('an interrupted step says what stays as it is', () => {
  it('the step’s note, with the host’s name, goes before the generic hint', async () => {
    let release = () => undefined as void;
    const held = new Promise<void>((done) => (release = done));
    const def: WorkflowDefinition = {
      id: 'fenced',
      title: 'Fenced',
      description: 'test',
      params: z.object({ master: z.string() }),
      subject: () => 'db1',
      steps: [
        {
          id: 'fence',
          title: 'Fence',
          run: () => held,
          interrupted: (p, lookup) =>
            `${lookup.host(fieldOf(p, 'master') ?? '').name} is read_only but its read lock is gone.`,
        },
      ],
    };
    const e = testEngine([def], {
      executor: new ScriptedExecutor(),
      owner: { id: 'dead', label: 'dead core' },
    });
    const { runId } = e.runner.start({ workflow: 'fenced', params: { master: 'db1' } }, 'web');
    await vi.waitFor(() => expect(e.runner.detail(runId).steps[0]?.status).toBe('running'));
    const successor = e.another({ owner: { id: 'live', label: 'live core' } });
    expect(successor.recoverInterrupted()).toEqual([runId]);
    const step = successor.detail(runId).steps[0];
    expect(step?.error).toEqual({
      code: 'WORKFLOW_STEP_FAILED',
      message: 'Opsdeck stopped while this step was running.',
      hint: 'db1 is read_only but its read lock is gone. Check the target, then resume the run: the step is checked before it runs again.',
    });
    release();
    await e.runner.wait(runId);
  });
});
