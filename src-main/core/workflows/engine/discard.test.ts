import { describe, expect, it } from 'vitest';
import { OpsdeckError } from '../../../contract';
import { sealedEngine } from '../../../../testing/core/sealed-workflow';

describe('discard: a stopped run set aside for good', () => {
  const failing = () =>
    sealedEngine(undefined, async () => {
      throw new OpsdeckError('SSH_REFUSED', 'db1 refused the connection', 'Start sshd.');
    });
  async function failedRun(e: ReturnType<typeof sealedEngine>) {
    const { runId } = await e.runner.startSealed(
      { workflow: 'sealed', params: { boot: 'boot-token' } },
      'web',
    );
    expect((await e.runner.wait(runId)).status).toBe('failed');
    return runId;
  }

  it('deletes its vault entry, marks it discarded (never resumed or rolled back), keeps its history, audits it', async () => {
    const e = failing();
    const runId = await failedRun(e);
    expect(e.vault.get('vault:sealed-1')).toBe('boot-token');
    const r = await e.runner.discard(runId, 'cli');
    expect(r).toEqual({ runId, was: 'failed', deleted: ['vault:sealed-1'] });
    expect(e.vault.has('vault:sealed-1')).toBe(false);
    expect(e.vault.get('vault:host-password')).toBe('hunter2');
    const d = e.runner.detail(runId);
    expect(d.status).toBe('discarded');
    // Why it stopped stays readable; the hint no longer offers a resume.
    expect(d.error).toMatchObject({ code: 'SSH_REFUSED', message: 'db1 refused the connection' });
    expect(d.error?.hint).toMatch(/^Discarded: it will not be resumed/);
    expect(d.logs.map((l) => l.text)).toEqual(
      expect.arrayContaining([
        'Discarded from the cli door (it was failed): it will not be resumed.',
        'Its vault entry vault:sealed-1 (bootRef) was deleted.',
      ]),
    );
    expect(e.runner.recent(10).map((x) => [x.id, x.status])).toEqual([[runId, 'discarded']]);
    expect(e.events.some((ev) => ev.type === 'run' && ev.run.status === 'discarded')).toBe(true);
    expect(e.audit.list(10)).toEqual([
      expect.objectContaining({
        action: 'workflows.discard',
        door: 'cli',
        outcome: 'ok',
        runId,
        detail: `run ${runId} (sealed, was failed): vault entry vault:sealed-1 deleted`,
      }),
    ]);
    expect(() => e.runner.resume(runId)).toThrow(
      expect.objectContaining({
        code: 'WORKFLOW_NOT_RESUMABLE',
        message: 'This run was discarded.',
      }),
    );
    expect(() => e.runner.rollback(runId)).toThrow(
      expect.objectContaining({ code: 'WORKFLOW_NO_ROLLBACK' }),
    );
  });

  it('refuses a succeeded run and a running one with a code, a message and a hint', async () => {
    const ok = sealedEngine();
    const { runId } = await ok.runner.startSealed(
      { workflow: 'sealed', params: { boot: 'boot-token' } },
      'web',
    );
    await ok.runner.wait(runId);
    await expect(ok.runner.discard(runId, 'web')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(
        'succeeded: only a failed, cancelled, interrupted or rolled-back run is discarded',
      ),
      hint: expect.stringContaining('stays in the history'),
    });
    let release = () => undefined as void;
    const held = new Promise<void>((done) => (release = done));
    const going = sealedEngine(undefined, () => held);
    const run = await going.runner.startSealed(
      { workflow: 'sealed', params: { boot: 'boot-token' } },
      'web',
    );
    await expect(going.runner.discard(run.runId, 'web')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('is still going'),
      hint: expect.stringContaining(`opsdeck workflow cancel ${run.runId}`),
    });
    expect(going.vault.get('vault:sealed-1')).toBe('boot-token');
    release();
    expect((await going.runner.wait(run.runId)).status).toBe('succeeded');
  });

  it('a vault entry that cannot be deleted: the run is discarded anyway and says so; discarding it again deletes it', async () => {
    const e = failing();
    const runId = await failedRun(e);
    const remove = e.vault.delete.bind(e.vault);
    e.vault.delete = () => {
      throw new OpsdeckError(
        'PERMISSION_DENIED',
        'vault file is read-only',
        'Fix its permissions.',
      );
    };
    await expect(e.runner.discard(runId, 'web')).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: `Run ${runId.slice(0, 8)} is discarded, but its vault entry vault:sealed-1 could not be deleted: vault file is read-only`,
      hint: 'Fix its permissions. Then discard it again: only the entry is deleted then.',
    });
    expect(e.runner.detail(runId).status).toBe('discarded');
    expect(e.audit.list(10)[0]).toMatchObject({ outcome: 'failed' });
    e.vault.delete = remove;
    await expect(e.runner.discard(runId, 'web')).resolves.toEqual({
      runId,
      was: 'discarded',
      deleted: ['vault:sealed-1'],
    });
    expect(e.vault.has('vault:sealed-1')).toBe(false);
  });
});
