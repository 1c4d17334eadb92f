import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OpsdeckError } from '../../../contract';
import { openDatabase, type Db } from '../../store/database';
import { ScriptedExecutor, testEngine } from '../../../../testing/core/workflow-runner';
import type { WorkflowDefinition } from './definition';

/**
 * Two cores (a window's and a CLI's) on one store file, each with its own database handle.
 * `between` runs inside a core's resume or discard after it read the run and before it writes
 * (the definition's `locks` and `leftBehind` hooks sit there): what another process could do in
 * that gap. The conditional UPDATE lets exactly one of them act.
 */
describe('a stopped run taken by two cores at once: exactly one wins', () => {
  const dirs: string[] = [];
  const handles: Db[] = [];
  afterEach(() => {
    for (const db of handles.splice(0)) db.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function twoCores() {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-claim-'));
    dirs.push(dir);
    const file = join(dir, 'opsdeck.db');
    let between: (() => void) | undefined;
    const gap = () => {
      const now = between;
      between = undefined;
      now?.();
    };
    let attempts = 0;
    const def: WorkflowDefinition = {
      id: 'flaky',
      title: 'Flaky',
      description: 'fails once, then works',
      params: z.object({}),
      subject: () => 'db1',
      locks: () => {
        gap();
        return [{ kind: 'host', key: 'db1', label: 'db1' }];
      },
      leftBehind: () => {
        gap();
        return [];
      },
      steps: [
        {
          id: 'work',
          title: 'Work',
          run: async () => {
            if (attempts++ === 0)
              throw new OpsdeckError('SSH_REFUSED', 'db1 refused the connection', 'Start sshd.');
          },
        },
      ],
    };
    const core = (id: string) => {
      const db = openDatabase(file);
      handles.push(db);
      return testEngine(
        [def],
        { executor: new ScriptedExecutor(), owner: { id, label: id } },
        { db },
      ).runner;
    };
    return {
      window: core('window'),
      cli: core('cli'),
      between: (fn: () => void) => (between = fn),
      attempts: () => attempts,
    };
  }

  async function failedRun(c: ReturnType<typeof twoCores>) {
    const { runId } = c.window.start({ workflow: 'flaky', params: {} }, 'web');
    expect((await c.window.wait(runId)).status).toBe('failed');
    return runId;
  }

  it('a resume by another core between a discard’s read and its write: the discard is refused and changes nothing', async () => {
    const c = twoCores();
    const runId = await failedRun(c);
    c.between(() => c.cli.resume(runId));
    await expect(c.window.discard(runId, 'web')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(
        'changed while it was being discarded: another Opsdeck (a window or the CLI) resumed, rolled back or discarded it since it was read as failed',
      ),
      hint: expect.stringContaining('Look at the run again'),
    });
    const done = await c.cli.wait(runId);
    expect(done.status).toBe('succeeded');
    expect(done.owner?.id).toBe('cli');
    const seen = c.window.detail(runId);
    expect(seen.status).toBe('succeeded');
    expect(seen.logs.map((l) => l.text).join('\n')).not.toMatch(/Discarded/);
    expect(c.attempts()).toBe(2);
  });

  it('a discard by another core between a resume’s read and its claim: the resume is refused, its locks given back, the run stays discarded', async () => {
    const c = twoCores();
    const runId = await failedRun(c);
    let discarding: Promise<unknown> | undefined;
    c.between(() => {
      discarding = c.window.discard(runId, 'web');
    });
    expect(() => c.cli.resume(runId)).toThrow(
      expect.objectContaining({
        code: 'CONFLICT',
        message: expect.stringContaining('changed while it was being resumed'),
      }),
    );
    await expect(discarding).resolves.toMatchObject({ discarded: true, was: 'failed' });
    const d = c.cli.detail(runId);
    expect(d.status).toBe('discarded');
    expect(d.owner?.id).toBe('window');
    expect(c.cli.locks()).toEqual([]);
    expect(c.attempts()).toBe(1);
  });

  it('two resumes at once: the second is refused, the run goes once, owned by the core that claimed it', async () => {
    const c = twoCores();
    const runId = await failedRun(c);
    c.between(() => c.window.resume(runId));
    expect(() => c.cli.resume(runId)).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining('resumed') }),
    );
    expect((await c.window.wait(runId)).status).toBe('succeeded');
    expect(c.cli.detail(runId).owner?.id).toBe('window');
    expect(c.attempts()).toBe(2);
  });
});
