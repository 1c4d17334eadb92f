import { describe, expect, it, vi } from 'vitest';
import { OpsdeckError } from '../../../contract';
import { explain } from '../../../../testing/core/lab-suite';
import { rootSql } from '../../../../testing/lab/stock-lab';
import { newInstanceSuite } from '../../../../testing/aws/new-instance-suite';

/**
 * Resuming a restore test whose instance went away behind the run's back: the launch generation
 * of that instance has ended (the old client token would be answered with the gone instance),
 * so the resume launches with the next token — exactly one live instance, never a wedged run.
 */
describe(
  'backup-restore-new-instance: resume after the instance went away',
  { timeout: 300_000 },
  () => {
    const { suite, region, ours, settled, params } = newInstanceSuite();
    const live = (before: number) =>
      ours()
        .slice(before)
        .filter((i) => !['shutting-down', 'terminated'].includes(i.state));

    /** A run that stopped with its instance kept (the wait for "running" refused once). */
    async function stoppedWithKeptInstance(extra: Parameters<typeof params>[0] = {}) {
      await rootSql(suite.t, 'stock2', 'DROP DATABASE IF EXISTS app');
      suite.fake.faults.fail('UnauthorizedOperation', {
        action: 'DescribeInstances',
        after: 'RunInstances',
        status: 403,
        count: 1,
      });
      const { runId } = await suite.t.call('workflows.start', {
        workflow: 'backup-restore-new-instance',
        params: params({ keepInstance: true, ...extra }),
      });
      await settled(runId);
      suite.fake.faults.clear();
      const first = suite.t.core.workflows.detail(runId);
      expect(first.status, explain(first)).toBe('failed');
      return runId;
    }

    /** The state the gone instance had when the run saw it (it moves on to terminated). */
    const goneState = (changes: readonly { text: string }[]) =>
      /\b(shutting-down|terminated)\b/.exec(
        changes.find((c) => c.text.startsWith('Launch 0'))?.text ?? '',
      )?.[1];

    /** Terminated as a person would, from the Instances table (not by the run). */
    const terminateByHand = (id: string) =>
      suite.t.call('ec2.instances.terminate', {
        account: 'fake',
        region: 'us-east-1',
        instanceIds: [id],
        confirm: id,
      });

    /** The kept instance of a finished test goes (the next test launches onto stock2 again). */
    async function endKept(id: string) {
      const kept = region().instances.get(id);
      if (kept) kept.state = 'terminated';
      const host = suite.t.core.hosts.list().find((h) => h.tags.includes(`ec2:${id}`));
      if (host) await suite.t.core.hosts.remove([host.id]);
    }

    it('the recorded instance terminated by hand: the resume ends its launch, launches with the next token (one live instance), and a vault delete failure at the end is a warning, not a rollback', async () => {
      const before = ours().length;
      const runId = await stoppedWithKeptInstance({
        launch: { ...params().launch, userData: '#!/bin/sh\necho resume-after-hand-terminate\n' },
      });
      const [gone] = ours().slice(before);
      const goneId = gone?.instanceId ?? '';
      expect(suite.t.core.workflows.detail(runId).output.launch).toMatchObject({
        instanceId: goneId,
      });
      await terminateByHand(goneId);

      // The vault cannot delete the user data's copy when the passed test ends.
      const ref = String(suite.t.core.workflows.detail(runId).params.userDataRef);
      const failing = vi
        .spyOn(suite.t.core.vault, 'delete')
        .mockRejectedValue(new OpsdeckError('PERMISSION_DENIED', 'vault file is read-only', ''));
      let deletes: unknown[][] = [];
      try {
        suite.t.core.workflows.resume(runId);
        await settled(runId);
      } finally {
        deletes = [...failing.mock.calls];
        failing.mockRestore();
      }
      const r = suite.t.core.workflows.detail(runId);
      // Without ending the generation, RunInstances answers with the terminated instance and the
      // wait fails "went terminated".
      expect(r.status, explain(r)).toBe('succeeded');
      expect(r.changes.map((c) => c.text).filter((c) => c.startsWith('Launch '))).toEqual([
        `Launch 0 undone: ${goneId} is ${goneState(r.changes)} (found so on resume) (client token restore-${runId}-0; a resume launches with a new one).`,
      ]);
      const [next] = live(before);
      expect(live(before)).toHaveLength(1);
      expect(next?.instanceId).not.toBe(goneId);
      expect(r.output.launch).toMatchObject({ instanceId: next?.instanceId });
      expect(region().clientTokens.get(`restore-${runId}-1`)?.instanceIds).toEqual([
        next?.instanceId,
      ]);
      // The vault's failure did not roll back a passed test: a warning names the entry.
      expect(deletes).toEqual([[ref]]);
      const warning = r.logs.find((l) => l.text.includes(`vault copy of the user data (${ref})`));
      expect(warning?.level).toBe('warn');
      expect(warning?.text).toContain('vault file is read-only');
      await endKept(next?.instanceId ?? '');
    });

    it('the answer of RunInstances lost, then its instance terminated by hand: RunInstances answering with the terminated instance ends that launch and launches once more', async () => {
      const before = ours().length;
      const runs = () => suite.fake.received.filter((r) => r.action === 'RunInstances').length;
      await rootSql(suite.t, 'stock2', 'DROP DATABASE IF EXISTS app');
      suite.fake.faults.loseAnswer(10, { action: 'RunInstances' });
      const { runId } = await suite.t.call('workflows.start', {
        workflow: 'backup-restore-new-instance',
        params: params({ keepInstance: true }),
      });
      await settled(runId);
      suite.fake.faults.clear();
      const first = suite.t.core.workflows.detail(runId);
      expect(first.status, explain(first)).toBe('failed');
      expect(first.output.launch).toMatchObject({ instanceId: '', sent: true });
      const [gone] = ours().slice(before);
      const goneId = gone?.instanceId ?? '';
      await terminateByHand(goneId);

      const sent = runs();
      suite.t.core.workflows.resume(runId);
      await settled(runId);
      const r = suite.t.core.workflows.detail(runId);
      expect(r.status, explain(r)).toBe('succeeded');
      // The old token answered with the terminated instance, the new one launched.
      expect(runs()).toBe(sent + 2);
      expect(r.changes.map((c) => c.text).filter((c) => c.startsWith('Launch '))).toEqual([
        `Launch 0 undone: RunInstances answered with ${goneId}, ${goneState(r.changes)} (client token restore-${runId}-0; a resume launches with a new one).`,
      ]);
      const [next] = live(before);
      expect(live(before)).toHaveLength(1);
      expect(region().clientTokens.get(`restore-${runId}-1`)?.instanceIds).toEqual([
        next?.instanceId,
      ]);
      expect(r.output.launch).toMatchObject({ instanceId: next?.instanceId });
      await endKept(next?.instanceId ?? '');
    });
  },
);
