import { describe, expect, it } from 'vitest';
import { explain, runWorkflow } from '../../../../testing/core/lab-suite';
import { newInstanceSuite } from '../../../../testing/aws/new-instance-suite';

/**
 * EC2 refuses the launch: nothing runs, so the rollback must not search for an instance whose
 * answer was "lost" — the run rolls back at once with EC2's own error.
 */
describe('backup-restore-new-instance: RunInstances refused', { timeout: 300_000 }, () => {
  const { suite, ours, params } = newInstanceSuite();

  it("RunInstances refused (InvalidAMIID.NotFound): the run rolls back with EC2's error, no lost-answer search, no instance", async () => {
    const before = ours().length;
    suite.fake.faults.fail('InvalidAMIID.NotFound', {
      action: 'RunInstances',
      message: `The image id '[${suite.imageId}]' does not exist`,
    });
    try {
      const r = await runWorkflow(suite.t, {
        workflow: 'backup-restore-new-instance',
        params: params(),
      });
      // A regression (the refusal taken for a lost answer) fails the undo after 120 s instead.
      expect(r.status, explain(r)).toBe('rolled-back');
      // EC2's own refusal, not the undo's "one may still run, billed".
      expect(r.error?.code).toBe('AWS_NOT_FOUND');
      expect(r.error?.message).toContain(`The image id '[${suite.imageId}]' does not exist`);
      const logs = r.logs.map((l) => l.text).join('\n');
      expect(logs).not.toContain('answer was lost');
      expect(logs).not.toContain('looking again');
      expect(ours().slice(before)).toHaveLength(0);
    } finally {
      suite.fake.faults.clear();
    }
  });
});
