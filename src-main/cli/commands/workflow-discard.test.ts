import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../testing/cli/run-cli';
import type { RunDetail } from '../../contract';
import { discardQuestion } from './workflow-discard-command';

process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-discard-test-passphrase';
const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-discard-'));
const opsdeck = (...args: string[]) => runCli(home, ...args);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('opsdeck workflow discard', () => {
  let runId = '';
  beforeAll(async () => {
    // A run that fails at once: its host refuses SSH (nothing listens on port 1).
    expect((await opsdeck('hosts', 'add', 'gone1', '127.0.0.1', '--port', '1')).code).toBe(0);
    await opsdeck('workflow', 'run', 'collect-facts', '--host', 'gone1');
    const runs = JSON.parse((await opsdeck('--json', 'workflow', 'runs')).stdout) as {
      id: string;
      status: string;
    }[];
    expect(runs.map((r) => r.status)).toEqual(['failed']);
    runId = runs[0]?.id ?? '';
  });

  it('asks first: without a terminal or --yes nothing is discarded', async () => {
    const r = await opsdeck('workflow', 'discard', runId);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Not confirmed: Discard Collect');
    expect(r.stderr).toContain('It can never be resumed or rolled back.');
    expect(r.stderr).toContain('Run again with --yes');
    const d = JSON.parse((await opsdeck('--json', 'workflow', 'show', runId)).stdout);
    expect(d.status).toBe('failed');
  });

  it('discards a stopped run with --yes: never resumed after, still in the history, audited', async () => {
    const r = await opsdeck('workflow', 'discard', runId, '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Run ${runId} discarded (it was failed).`);
    const runs = JSON.parse((await opsdeck('--json', 'workflow', 'runs')).stdout);
    expect(runs).toEqual([expect.objectContaining({ id: runId, status: 'discarded' })]);
    const resume = await opsdeck('workflow', 'resume', runId);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toContain('This run was discarded.');
    const audit = JSON.parse((await opsdeck('--json', 'audit')).stdout) as { action: string }[];
    expect(audit.map((a) => a.action)).toContain('workflows.discard');
  });

  describe('the question', () => {
    const run = {
      id: '0123456789abcdef',
      title: 'Restore test on a new instance',
      subject: 'bk-1 → new t3.micro',
    };
    const detail = (status: RunDetail['status']) => ({ ...run, status });

    it('names the rollback given up and every thing left as it is', () => {
      const q = discardQuestion(detail('failed'), {
        deleted: ['vault:x'],
        wouldUndo: ['Launch the instance'],
        left: ['not undone: “Launch the instance” (done)', 'instance i-0abc launched and not seen terminated'],
      });
      expect(q).toBe(
        [
          'Discard Restore test on a new instance on bk-1 → new t3.micro (run 01234567, failed)? It can never be resumed or rolled back. Its rollback is given up: it would undo “Launch the instance”.',
          'Left as it is (put it right by hand):',
          '  - not undone: “Launch the instance” (done)',
          '  - instance i-0abc launched and not seen terminated',
          'Discard it?',
        ].join('\n'),
      );
    });

    it('a succeeded run: only its vault entry goes; it stays succeeded', () => {
      expect(
        discardQuestion(detail('succeeded'), { deleted: ['vault:x'], wouldUndo: [], left: [] }),
      ).toBe(
        'Delete the vault entry vault:x left by Restore test on a new instance on bk-1 → new t3.micro (run 01234567, succeeded)? The run stays succeeded; nothing else changes.',
      );
    });
  });
});
