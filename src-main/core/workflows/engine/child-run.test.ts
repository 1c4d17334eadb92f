import { describe, expect, it } from 'vitest';
import type { RunDetail, RunSummary } from '../../../contract';
import { runChild } from './child-run';

/** A runner whose child run ends only when cancelled (or when `finish` is called). */
function fakeRunner() {
  const calls: string[] = [];
  let end: () => void = () => undefined;
  let status: RunDetail['status'] = 'running';
  const ended = new Promise<void>((done) => (end = done));
  const runner = {
    start: (r: { workflow: string }, door: string, parent?: string) => {
      calls.push(`start ${r.workflow} ${door} under ${parent}`);
      return { runId: 'child-1' };
    },
    cancel: (id: string) => {
      calls.push(`cancel ${id}`);
      status = 'rolled-back';
      end();
      return { cancelled: true };
    },
    wait: async (id: string) => {
      calls.push(`wait ${id}`);
      await ended;
      return { status } as RunSummary;
    },
    detail: (id: string) => ({ id, status }) as RunDetail,
  };
  const finish = () => {
    status = 'succeeded';
    end();
  };
  return { runner, calls, finish };
}

describe('a child run (engine/child-run)', () => {
  it('is started under its parent and waited for', async () => {
    const { runner, calls, finish } = fakeRunner();
    const result = runChild(runner, { workflow: 'backup-restore', params: {} }, 'parent-1');
    finish();
    await expect(result).resolves.toEqual({ runId: 'child-1', status: 'succeeded' });
    expect(calls).toEqual(['start backup-restore workflow under parent-1', 'wait child-1']);
  });

  it('is cancelled when its parent is, and still waited for until it ends', async () => {
    const { runner, calls } = fakeRunner();
    const parent = new AbortController();
    const result = runChild(runner, { workflow: 'backup-restore', params: {} }, 'p', parent.signal);
    parent.abort();
    await expect(result).resolves.toMatchObject({ runId: 'child-1', status: 'rolled-back' });
    expect(calls).toEqual([
      'start backup-restore workflow under p',
      'wait child-1',
      'cancel child-1',
    ]);
  });

  it('is cancelled at once when the parent was cancelled before it started', async () => {
    const { runner, calls } = fakeRunner();
    const parent = new AbortController();
    parent.abort();
    const result = runChild(runner, { workflow: 'x', params: {} }, 'p', parent.signal);
    await expect(result).resolves.toMatchObject({ status: 'rolled-back' });
    expect(calls).toContain('cancel child-1');
  });
});
