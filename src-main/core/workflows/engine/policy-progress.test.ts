import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OpsdeckError } from '../../../contract';
import { ScriptedExecutor, testEngine } from '../../../../testing/core/workflow-runner';
import type { WorkflowDefinition } from './definition';

const MiB = 1024 * 1024;

function engine(def: WorkflowDefinition<Record<string, never>>) {
  let t = 0;
  // A clock the test moves: rates and ETAs are computed from it.
  const clock = { now: () => new Date(Date.UTC(2026, 0, 1) + t) };
  const e = testEngine([def], { executor: new ScriptedExecutor() }, { clock });
  return { ...e, tick: (ms: number) => (t += ms) };
}

const start = (e: ReturnType<typeof engine>) =>
  e.runner.start({ workflow: 'w', params: {} }, 'cli').runId;

describe('step policy in a run', () => {
  it('retries a flaky step after a pause, saying so in the log, and counts attempts', async () => {
    let tries = 0;
    const e = engine({
      id: 'w',
      title: 'W',
      description: '',
      params: z.object({}).strict(),
      subject: () => 's',
      steps: [
        {
          id: 'connect',
          title: 'Connect',
          retry: { attempts: 3, backoffMs: 5 },
          run: async () => {
            if (++tries < 3) throw new OpsdeckError('SSH_UNREACHABLE', 'db1 did not answer', 'x');
          },
        },
      ],
    });
    const id = start(e);
    expect((await e.runner.wait(id)).status).toBe('succeeded');
    const d = e.runner.detail(id);
    expect(d.logs.map((l) => l.text)).toEqual([
      'Attempt 1 of 3 failed: db1 did not answer — trying again in 5 ms.',
      'Attempt 2 of 3 failed: db1 did not answer — trying again in 10 ms.',
    ]);
    expect(d.steps[0]?.attempt).toBe(3);
  });

  it('fails a step over its time limit with TIMEOUT, even when its work ignores the signal', async () => {
    const e = engine({
      id: 'w',
      title: 'W',
      description: '',
      params: z.object({}).strict(),
      subject: () => 's',
      steps: [
        {
          id: 'slow',
          title: 'Wait for the replica',
          timeoutMs: 30,
          run: () => new Promise<void>(() => undefined),
        },
      ],
    });
    const id = start(e);
    expect((await e.runner.wait(id)).error).toMatchObject({
      code: 'TIMEOUT',
      message: '“Wait for the replica” took longer than its limit of 30 ms.',
    });
  });
});

describe('progress in a run', () => {
  it('streams structured progress with rate and time left, and keeps the last one on the step', async () => {
    const clock = { advance: () => {} };
    const e = engine({
      id: 'w',
      title: 'W',
      description: '',
      params: z.object({}).strict(),
      subject: () => 's',
      steps: [
        {
          id: 'copy',
          title: 'Copy',
          run: async (ctx) => {
            for (let done = 0; done <= 40 * MiB; done += 10 * MiB) {
              ctx.progress({ unit: 'bytes', done, total: 40 * MiB, label: 'backup db1' });
              clock.advance();
            }
          },
        },
      ],
    });
    clock.advance = () => void e.tick(1000);
    const id = start(e);
    await e.runner.wait(id);
    const events = e.events.flatMap((x) => (x.type === 'progress' ? [x.progress] : []));
    expect(events.map((p) => p.done / MiB)).toEqual([0, 10, 20, 30, 40]);
    expect(events[2]).toMatchObject({
      ratePerSec: 10 * MiB,
      etaSec: 2,
      percent: 50,
      label: 'backup db1',
    });
    expect(e.runner.detail(id).steps[0]?.progress).toMatchObject({ done: 40 * MiB, percent: 100 });
  });

  it('throttles samples but never loses the last one', async () => {
    const e = engine({
      id: 'w',
      title: 'W',
      description: '',
      params: z.object({}).strict(),
      subject: () => 's',
      steps: [
        {
          id: 'rows',
          title: 'Rows',
          run: async (ctx) => {
            // Many samples in the same instant: only the first goes out at once.
            for (let done = 1; done <= 500; done++) ctx.progress({ unit: 'rows', done });
          },
        },
      ],
    });
    const id = start(e);
    await e.runner.wait(id);
    const sent = e.events.flatMap((x) => (x.type === 'progress' ? [x.progress.done] : []));
    expect(sent).toEqual([1, 500]);
    expect(e.runner.detail(id).steps[0]?.progress?.done).toBe(500);
  });
});
