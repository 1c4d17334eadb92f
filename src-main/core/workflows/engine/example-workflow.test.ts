import { describe, expect, it } from 'vitest';
import type { EventMessage, Host, PromptRequest } from '../../../contract';
import { shipRelease } from '../../../../testing/core/example-workflow';
import { testHost } from '../../../../testing/core/test-host';
import { ScriptedExecutor, testEngine } from '../../../../testing/core/workflow-runner';
import type { RemotePipe } from '../../ssh/pipe';

const hosts = ['build', 'web1', 'web2', 'web3'].map((n) => testHost(n));
const params = {
  cluster: 'shop',
  source: 'build',
  path: '/srv/releases/app-1.2.tar.gz',
  hosts: ['web1', 'web2', 'web3'],
};
const SIZE = 3 * 1024 * 1024;

/** A stream that reports progress in three chunks (the real one is ssh/pipe.ts, tested on the lab). */
const pipe: RemotePipe = async (_from, _cmd, _to: Host, _into, options) => {
  for (const done of [SIZE / 3, (2 * SIZE) / 3, SIZE]) options.onProgress?.(done);
  return {
    bytes: SIZE,
    durationMs: 3,
    source: { code: 0, stderr: '' },
    sink: { code: 0, stderr: '' },
  };
};

/** The engine with the release 3 MiB big, and every gate answered as the test says. */
function engine(answer?: { approve: boolean; typed?: string }) {
  const executor = new ScriptedExecutor();
  executor.stdout = (c) => (c.startsWith('stat') ? String(SIZE) : '');
  const e = testEngine([shipRelease], { executor, pipe }, { hosts });
  e.bus.subscribe((m: EventMessage) => {
    const p = m.payload as PromptRequest;
    if (answer && m.topic === 'prompt.request' && p.kind === 'confirm')
      e.prompts.answer({ kind: 'confirm', id: p.id, ...answer }, 'web');
  });
  return { ...e, executor };
}

describe('the example of docs/workflows.md', () => {
  it('plans its locks, gate, undo and point of no return, with one child per host', async () => {
    const e = engine();
    const plan = await e.runner.plan({ workflow: 'ship-release', params });
    expect(plan.locks.map((l) => `${l.kind} ${l.label}`)).toEqual([
      'cluster shop',
      'host web1',
      'host web2',
      'host web3',
    ]);
    expect(plan.rollback).toBe('automatic');
    const byId = Object.fromEntries(plan.steps.map((s) => [s.id, s]));
    expect(byId.drain?.undoable).toBe(true);
    expect(byId.confirm?.gates[0]?.typed).toBe('shop');
    expect(byId.ship?.pointOfNoReturn).toBe(true);
    expect(byId.ship?.children.map((c) => c.title)).toEqual(['web1', 'web2', 'web3']);
  });

  it('runs: waits at the gate, ships to each host with progress, takes the hosts back', async () => {
    const e = engine({ approve: true, typed: 'shop' });
    const { runId } = e.runner.start({ workflow: 'ship-release', params }, 'cli');
    expect((await e.runner.wait(runId)).status).toBe('succeeded');
    const d = e.runner.detail(runId);
    expect(d.steps.find((s) => s.id === 'ship')?.children?.map((c) => c.progress?.percent)).toEqual(
      [100, 100, 100],
    );
    expect(d.changes.map((c) => c.text)).toEqual([
      'web1 is out of the pool',
      'web2 is out of the pool',
      'web3 is out of the pool',
    ]);
    expect(e.runner.locks()).toEqual([]);
  });

  it('a no at the gate puts the hosts back in the pool (the undo of drain)', async () => {
    const e = engine({ approve: false });
    const { runId } = e.runner.start({ workflow: 'ship-release', params }, 'cli');
    expect((await e.runner.wait(runId)).status).toBe('rolled-back');
    expect(e.executor.ran.filter((c) => c.startsWith('rm -f'))).toHaveLength(3);
  });
});
