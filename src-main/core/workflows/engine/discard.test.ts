import { describe, expect, it } from 'vitest';
import { OpsdeckError } from '../../../contract';
import { sealedEngine } from '../../../../testing/core/sealed-workflow';
import { testHost } from '../../../../testing/core/test-host';
import type { Step } from './definition';

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
    expect(r).toEqual({
      runId,
      was: 'failed',
      deleted: ['vault:sealed-1'],
      left: [],
      wouldUndo: [],
      discarded: true,
    });
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

  it('refuses a succeeded run whose vault entry is gone, and a running one, with a code, a message and a hint', async () => {
    const ok = sealedEngine();
    const { runId } = await ok.runner.startSealed(
      { workflow: 'sealed', params: { boot: 'boot-token' } },
      'web',
    );
    await ok.runner.wait(runId);
    ok.vault.delete('vault:sealed-1');
    await expect(ok.runner.discard(runId, 'web')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(
        'succeeded: only a failed, cancelled, interrupted or rolled-back run is discarded',
      ),
      hint: expect.stringMatching(/the vault entries its start made are gone .*stays in the history/),
    });
    expect(ok.runner.detail(runId).status).toBe('succeeded');
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
    await expect(e.runner.discard(runId, 'web')).resolves.toMatchObject({
      runId,
      was: 'discarded',
      deleted: ['vault:sealed-1'],
    });
    expect(e.vault.has('vault:sealed-1')).toBe(false);
    // Again: the entry is gone, and no delete is claimed.
    await expect(e.runner.discard(runId, 'web')).resolves.toMatchObject({ deleted: [] });
    expect(e.audit.list(10)[0]?.detail).toBe(
      `run ${runId} (sealed, was discarded): vault entry vault:sealed-1 already gone`,
    );
  });

  it('a succeeded run whose vault entry could not be deleted when it ended: discard deletes that entry only; the run stays succeeded, audited', async () => {
    const e = sealedEngine();
    const { runId } = await e.runner.startSealed(
      { workflow: 'sealed', params: { boot: 'boot-token' } },
      'web',
    );
    expect((await e.runner.wait(runId)).status).toBe('succeeded');
    expect(e.vault.has('vault:sealed-1')).toBe(true);
    const before = e.runner.detail(runId);
    await expect(e.runner.discard(runId, 'cli', { dryRun: true })).resolves.toMatchObject({
      deleted: ['vault:sealed-1'],
      discarded: false,
    });
    expect(e.vault.has('vault:sealed-1')).toBe(true);
    await expect(e.runner.discard(runId, 'cli')).resolves.toEqual({
      runId,
      was: 'succeeded',
      deleted: ['vault:sealed-1'],
      left: [],
      wouldUndo: [],
      discarded: false,
    });
    expect(e.vault.has('vault:sealed-1')).toBe(false);
    expect(e.vault.get('vault:host-password')).toBe('hunter2');
    const after = e.runner.detail(runId);
    expect(after.status).toBe('succeeded');
    expect(after.error).toEqual(before.error);
    expect(after.logs.at(-1)?.text).toBe(
      'Its vault entry vault:sealed-1 (bootRef) was deleted by a discard from the cli door; the run stays succeeded.',
    );
    expect(e.audit.list(10)).toEqual([
      expect.objectContaining({
        action: 'workflows.discard',
        outcome: 'ok',
        runId,
        detail: `run ${runId} (sealed, was succeeded): vault entry vault:sealed-1 deleted; the run stays succeeded`,
      }),
    ]);
    // Once the entry is gone there is nothing left to discard.
    await expect(e.runner.discard(runId, 'cli')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  describe('what is left behind, and a rollback given up only when forced', () => {
    const db1 = testHost('db1');
    /** Moves data aside on db1 (undoable, leaves a file), records a launch, then fails. */
    function undoableRun() {
      const released: string[] = [];
      const moveAside: Step<unknown> = {
        id: 'move',
        title: 'Move the data aside',
        run: async (ctx) => {
          ctx.leftFile(db1, '/var/lib/mysql.old', 'the data before the restore');
          ctx.changed('i-0abc launched');
          ctx.changed('i-0def launched');
          ctx.changed('i-0def terminated');
        },
        undo: async () => undefined,
      };
      const fail: Step<unknown> = {
        id: 'fail',
        title: 'Restore',
        run: async () => {
          throw new OpsdeckError('SSH_REFUSED', 'db1 refused the connection', 'Start sshd.');
        },
      };
      const e = sealedEngine(undefined, undefined, {
        steps: [moveAside, fail],
        leftBehind: (changes) =>
          changes.includes('i-0abc launched') && !changes.includes('i-0abc terminated')
            ? ['instance i-0abc launched and not seen terminated']
            : [],
        onDiscard: (runId) => {
          released.push(runId);
        },
      });
      return { e, released };
    }
    const left = [
      'not undone: “Move the data aside” (done)',
      'file left on db1: /var/lib/mysql.old (the data before the restore)',
      'instance i-0abc launched and not seen terminated',
    ];

    it('names what stays, and refuses without force while a rollback could still undo it: nothing changes', async () => {
      const { e, released } = undoableRun();
      const runId = await failedRun(e);
      await expect(e.runner.discard(runId, 'web', { dryRun: true })).resolves.toEqual({
        runId,
        was: 'failed',
        deleted: ['vault:sealed-1'],
        left,
        wouldUndo: ['Move the data aside'],
        discarded: false,
      });
      await expect(e.runner.discard(runId, 'cli')).rejects.toMatchObject({
        code: 'CONFIRMATION_REQUIRED',
        message: expect.stringContaining(
          'can still be rolled back: discarding gives up the rollback, which would undo “Move the data aside”. Left as it is: not undone: “Move the data aside” (done); file left on db1',
        ),
        hint: expect.stringMatching(
          new RegExp(`^Roll it back first \\(\`opsdeck workflow rollback ${runId}\`.*--force`),
        ),
      });
      expect(e.runner.detail(runId).status).toBe('failed');
      expect(e.vault.has('vault:sealed-1')).toBe(true);
      expect(e.audit.list(10)).toEqual([]);
      expect(released).toEqual([]);
    });

    it('forced: discarded, the rollback given up, what stays in the result, the log and the audit; the workflow releases what it held', async () => {
      const { e, released } = undoableRun();
      const runId = await failedRun(e);
      const r = await e.runner.discard(runId, 'cli', { force: true });
      expect(r).toMatchObject({ discarded: true, left, wouldUndo: ['Move the data aside'] });
      expect(e.runner.detail(runId).status).toBe('discarded');
      expect(released).toEqual([runId]);
      expect(e.runner.detail(runId).logs.map((l) => l.text)).toContain(
        `Discarded from the cli door (it was failed): it will not be resumed, and its rollback was given up; left as it is: ${left.join('; ')}.`,
      );
      expect(e.audit.list(10)[0]?.detail).toBe(
        `run ${runId} (sealed, was failed): vault entry vault:sealed-1 deleted; left as it is: ${left.join('; ')}`,
      );
      expect(() => e.runner.rollback(runId)).toThrow(
        expect.objectContaining({ code: 'WORKFLOW_NO_ROLLBACK' }),
      );
    });

    it('rolled back already: nothing to give up, so no force is needed; the file it left is still named', async () => {
      const { e } = undoableRun();
      const runId = await failedRun(e);
      e.runner.rollback(runId);
      expect((await e.runner.wait(runId)).status).toBe('rolled-back');
      const r = await e.runner.discard(runId, 'web');
      expect(r).toMatchObject({ discarded: true, wouldUndo: [] });
      expect(r.left).not.toContain('not undone: “Move the data aside” (done)');
      expect(r.left).toContain('file left on db1: /var/lib/mysql.old (the data before the restore)');
    });
  });
});
