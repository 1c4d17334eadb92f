import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../../contract';
import type { FakeEc2 } from '../../../../testing/aws/fake-ec2';
import { explain, runWorkflow } from '../../../../testing/core/lab-suite';
import { labInventory, labInventoryPath, stockAddress } from '../../../../testing/lab/lab';
import { rootSql } from '../../../../testing/lab/stock-lab';
import {
  newInstanceSuite,
  type NewInstanceSuite,
} from '../../../../testing/aws/new-instance-suite';

/**
 * A restore test on a new instance, end to end: the fake EC2 launches it (RunInstances with the
 * launch wizard's input) and hands it stock2's address, so the "new instance" is a fresh Debian
 * MariaDB with sshd — logged in as `admin` (guessed from the Debian AMI) with passwordless sudo.
 * The restore and its verification are real; the instance is terminated afterwards, and after a
 * failure, unless it is kept.
 */
describe(
  'backup-restore-new-instance: fake EC2 + stock2 as the new instance',
  { timeout: 300_000 },
  () => {
    let fake: FakeEc2;
    let t: NewInstanceSuite['t'];
    let backupId: string;
    const { suite, region, ours, settled, params } = newInstanceSuite();
    beforeAll(() => void ({ fake, t, backupId } = suite));

    it('plans the launch, the wait, the restore and the termination without launching anything', async () => {
      const plan = await t.core.workflows.plan({
        workflow: 'backup-restore-new-instance',
        params: params(),
      });
      expect(plan.steps.map((s) => s.id)).toEqual([
        'check',
        'launch',
        'ready',
        'mysql',
        'restore',
        'finish',
      ]);
      const writes = plan.steps.flatMap((s) =>
        s.actions.filter((a) => a.write).map((a) => a.detail),
      );
      expect(writes[0]).toMatch(
        /^launch restore-scratch \(t3\.large, ami-\w+\), tagged opsdeck:restore-run=/,
      );
      expect(writes).toContain(
        'wait until sshd answers on <the launched instance> (port 22), then add it to the inventory',
      );
      expect(writes.at(-1)).toBe('terminate <the launched instance> (the restore test is over)');
      expect(ours()).toEqual([]);
    });

    it('a snapshot set: planned with its volumes deleted with the instance; refused for an instance in another region, before anything is launched', async () => {
      const before = ours().length;
      const at = new Date().toISOString();
      const snapshotSet = (destination: string) => {
        const snap = t.core.backups.create({
          id: `snap-${Date.now()}-${destination.length}`,
          kind: 'snapshot',
          tool: 'ebs-snapshot',
          hostId: t.core.hosts.get('peer1').id,
          hostName: 'peer1',
          startedAt: at,
          compression: 'none',
          destination,
          location: '',
        });
        t.core.backups.note(snap.id, {
          snapshots: [
            { volumeId: 'vol-0a1b2c3d', snapshotId: 'snap-0a1b2c3d', device: '/dev/nvme1n1' },
          ],
        });
        t.core.backups.finish(snap.id, {
          status: 'succeeded',
          finishedAt: at,
          bytes: 0,
          durationMs: 1,
        });
        return snap;
      };
      // The account's default region (us-east-1 on the fake) is the launch's region.
      const here = snapshotSet('ec2://fake/default');
      const plan = await t.core.workflows.plan({
        workflow: 'backup-restore-new-instance',
        params: { ...params(), backupId: here.id },
      });
      const writes = plan.steps.flatMap((s) =>
        s.actions.filter((a) => a.write).map((a) => a.detail),
      );
      expect(writes).toContainEqual(
        expect.stringContaining(
          'ModifyInstanceAttribute DeleteOnTermination=true — the volumes are deleted with the instance',
        ),
      );
      const elsewhere = snapshotSet('ec2://fake/eu-west-1');
      const r = await runWorkflow(t, {
        workflow: 'backup-restore-new-instance',
        params: { ...params(), backupId: elsewhere.id },
      });
      expect(r.error?.code, explain(r)).toBe('INVALID_PARAMS');
      expect(r.error?.message).toContain(
        `${elsewhere.id} is an EBS snapshot set in fake/eu-west-1`,
      );
      expect(r.error?.hint).toContain('--account fake --region eu-west-1');
      expect(ours()).toHaveLength(before);
    });

    it('launches, waits for SSH, restores and verifies on the instance, then terminates it and forgets its host', async () => {
      const r: RunDetail = await runWorkflow(t, {
        workflow: 'backup-restore-new-instance',
        params: params(),
      });
      expect(r.status, explain(r)).toBe('succeeded');
      const logs = r.logs.map((l) => l.text);
      expect(logs).toContain('Added host restore-scratch (admin@' + stockAddress(2) + ':22, key).');

      // The test itself was a backup-restore child run onto the instance's host, and it passed.
      const test = t.core.backups.get(backupId).restoreTest;
      expect(test).toMatchObject({ status: 'passed', host: 'restore-scratch' });
      const child = t.core.workflows.detail(test?.runId ?? '');
      expect(child.workflow).toBe('backup-restore');
      expect(child.status, explain(child)).toBe('succeeded');
      expect(
        logs.some((l) => l.startsWith(`Restore test run ${child.id} ended succeeded — passed`)),
      ).toBe(true);

      // Real data on the "instance" (stock2), read back as root over its socket — its key was
      // forgotten with the instance (below), so stock2 is trusted again as the lab trusts it.
      await t.call('hosts.importLab', { path: labInventoryPath });
      const rows = await rootSql(t, 'stock2', 'SELECT body FROM app.notes ORDER BY id');
      expect(rows.map((x) => x.body)).toEqual(['before the setup', 'second row']);

      // Its stored host key is forgotten with it (AWS recycles the address), audited.
      expect(
        logs.some((l) => l.endsWith(`of ${stockAddress(2)} forgotten: AWS reuses the address.`)),
      ).toBe(true);
      const audit = await t.call('audit.list', { limit: 200 });
      expect(
        audit.some((a) => a.action === 'ssh.host-key.forget' && a.target === 'restore-scratch'),
      ).toBe(true);

      // Terminated, host gone, both audited.
      const [instance] = ours();
      expect(['shutting-down', 'terminated']).toContain(instance?.state);
      expect(t.core.hosts.list().some((h) => h.name === 'restore-scratch')).toBe(false);
      const actions = (await t.call('audit.list', { limit: 200 })).map((a) => a.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'backup-restore-new-instance: ec2.instances.launch',
          'backup-restore-new-instance: ec2.instances.terminate',
        ]),
      );
    });

    it('a failed test (the login refused) leaves no instance and no host behind', async () => {
      const before = ours().length;
      const r = await runWorkflow(t, {
        workflow: 'backup-restore-new-instance',
        params: params({
          ssh: { user: 'nosuchuser', keyPath: labInventory().sshKey, timeoutSec: 120 },
        }),
      });
      expect(r.status, explain(r)).not.toBe('succeeded');
      expect(r.error?.code).toBe('SSH_AUTH_FAILED');
      const launched = ours().slice(before);
      expect(launched).toHaveLength(1);
      expect(['shutting-down', 'terminated']).toContain(launched[0]?.state);
      expect(t.core.hosts.list().some((h) => h.name === 'restore-scratch')).toBe(false);
      // The backup's restore test is still the one that passed: this run never judged the backup.
      expect(t.core.backups.get(backupId).restoreTest?.status).toBe('passed');
    });

    it('EC2 not listing the new id yet (NotFound after RunInstances) is waited out, and the undo terminates that id directly', async () => {
      const before = ours().length;
      // Right after RunInstances, EC2 may not know the new id for a few seconds.
      fake.faults.fail('InvalidInstanceID.NotFound', {
        action: 'DescribeInstances',
        after: 'RunInstances',
        count: 3,
      });
      fake.faults.fail('InvalidInstanceID.NotFound', {
        action: 'TerminateInstances',
        after: 'RunInstances',
        count: 2,
      });
      try {
        const r = await runWorkflow(t, {
          workflow: 'backup-restore-new-instance',
          params: params({
            ssh: { user: 'nosuchuser', keyPath: labInventory().sshKey, timeoutSec: 120 },
          }),
        });
        // It failed where the login was refused, not on the NotFound.
        expect(r.error?.code, explain(r)).toBe('SSH_AUTH_FAILED');
        const launched = ours().slice(before);
        expect(launched).toHaveLength(1);
        const id = launched[0]?.instanceId ?? '';
        expect(['shutting-down', 'terminated']).toContain(launched[0]?.state);
        expect(r.logs.map((l) => l.text)).toContain(`${id} is not known to EC2 yet: trying again.`);
        expect(t.core.hosts.list().some((h) => h.tags.includes(`ec2:${id}`))).toBe(false);
      } finally {
        fake.faults.clear();
      }
    });

    it('a cancel during the restore reaches the child run: both stop, the instance is terminated', async () => {
      const before = ours().length;
      const testBefore = t.core.backups.get(backupId).restoreTest?.runId;
      let parent = '';
      let child = '';
      // Cancel the parent as soon as a step of its backup-restore child runs (state, not time).
      const stop = t.bus.subscribe((m) => {
        if (m.topic !== 'workflow.event' || child || !parent) return;
        const e = m.payload;
        if (e.type !== 'step' || e.runId === parent || e.step.status !== 'running') return;
        if (t.core.workflows.detail(e.runId).workflow !== 'backup-restore') return;
        child = e.runId;
        setImmediate(() => t.core.workflows.cancel(parent));
      });
      try {
        parent = t.core.workflows.start(
          { workflow: 'backup-restore-new-instance', params: params() },
          'cli',
        ).runId;
        // Bounded, so a cancel that does not reach the child fails here with both runs' logs.
        await Promise.race([
          t.core.workflows.wait(parent),
          new Promise((done) => setTimeout(done, 120_000)),
        ]);
      } finally {
        stop();
      }
      const r = t.core.workflows.detail(parent);
      expect(child, explain(r)).not.toBe('');
      // The child was cancelled with its parent (not left to finish its restore).
      const c = t.core.workflows.detail(child);
      expect(['cancelled', 'rolled-back'], explain(c)).toContain(c.status);
      expect(['cancelled', 'rolled-back'], explain(r)).toContain(r.status);
      const launched = ours().slice(before);
      expect(launched).toHaveLength(1);
      expect(['shutting-down', 'terminated']).toContain(launched[0]?.state);
      expect(t.core.hosts.list().some((h) => h.name === 'restore-scratch')).toBe(false);
      // A cancelled test never judged the backup.
      expect(t.core.backups.get(backupId).restoreTest?.runId).toBe(testBefore);
    });

    it('a resume after a crash between RunInstances and recording it launches exactly one instance; the user data never reaches the runs table', async () => {
      // A new instance is empty: stock2 (standing in for it) loses what earlier tests restored.
      await rootSql(t, 'stock2', 'DROP DATABASE IF EXISTS app');
      const before = ours().length;
      const secret = 'bootstrap-token-5ecr3t-' + Date.now();
      const userData = `#!/bin/sh\necho ${secret} > /root/token\n`;
      const runInstances = () => fake.received.filter((r) => r.action === 'RunInstances').length;
      const sent = runInstances();
      // RunInstances is carried out but its answer never arrives: the run cannot record the id
      // (as after a crash right after sending). Kept, so the undo leaves it for the resume.
      // Every attempt the SDK makes (it retries a dropped connection) loses its answer.
      fake.faults.loseAnswer(10, { action: 'RunInstances' });
      const { runId } = await t.call('workflows.start', {
        workflow: 'backup-restore-new-instance',
        params: params({
          keepInstance: true,
          launch: { ...params().launch, userData },
        }),
      });
      await settled(runId);
      fake.faults.clear();
      const sentFirst = runInstances();
      expect(sentFirst).toBeGreaterThan(sent);
      const first = t.core.workflows.detail(runId);
      expect(first.status, explain(first)).toBe('failed');
      const launched = ours().slice(before);
      expect(launched).toHaveLength(1);
      const id = launched[0]?.instanceId ?? '';
      expect(first.error?.message).toContain(`Kept as asked: ${id} still runs`);
      // Only what was saved before RunInstances went out: no id.
      expect(first.output.launch).toMatchObject({ instanceId: '', sent: true });

      // EC2 does not list it yet when the run resumes: only the client token stops a 2nd launch.
      region().unlisted.set(id, 1);
      t.core.workflows.resume(runId);
      await settled(runId);
      const r = t.core.workflows.detail(runId);
      expect(r.status, explain(r)).toBe('succeeded');
      expect(runInstances()).toBe(sentFirst + 1);
      expect(
        ours()
          .slice(before)
          .map((i) => i.instanceId),
      ).toEqual([id]);
      expect(r.output.launch).toMatchObject({ instanceId: id });
      expect(region().clientTokens.get(`restore-${runId}-0`)?.instanceIds).toEqual([id]);

      // The instance got the user data; the run's row holds a vault reference only, and no byte
      // of the database has the secret. The vault's copy goes when the run is over.
      expect(Buffer.from(region().instances.get(id)?.userData ?? '', 'base64').toString()).toBe(
        userData,
      );
      const ref = String(r.params.userDataRef);
      expect(ref).toMatch(/^vault:[0-9a-f-]{36}$/);
      expect(JSON.stringify(r.params)).not.toContain(secret);
      for (const f of readdirSync(t.home).filter((n) => n.startsWith('opsdeck.db')))
        expect(readFileSync(join(t.home, f)).includes(secret), f).toBe(false);
      await expect(t.core.vault.get(ref)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });

      // Kept: end it here (the next test launches onto stock2 again).
      const kept = region().instances.get(id);
      if (kept) kept.state = 'terminated';
      const host = t.core.hosts.list().find((h) => h.tags.includes(`ec2:${id}`));
      if (host) await t.core.hosts.remove([host.id]);
    });

    it('a resume after a rollback launches again with a new client token: one live instance; the vault keeps the user data until the run succeeds', async () => {
      await rootSql(t, 'stock2', 'DROP DATABASE IF EXISTS app');
      const before = ours().length;
      const userData = '#!/bin/sh\necho rollback-then-resume > /root/mark\n';
      // The wait for "running" is refused once after the launch: the run fails, the undo
      // terminates the instance and the run ends rolled back.
      fake.faults.fail('UnauthorizedOperation', {
        action: 'DescribeInstances',
        after: 'RunInstances',
        status: 403,
        count: 1,
      });
      const { runId } = await t.call('workflows.start', {
        workflow: 'backup-restore-new-instance',
        params: params({ launch: { ...params().launch, userData } }),
      });
      await settled(runId);
      fake.faults.clear();
      const first = t.core.workflows.detail(runId);
      expect(first.status, explain(first)).toBe('rolled-back');
      const [gone] = ours().slice(before);
      expect(['shutting-down', 'terminated']).toContain(gone?.state);
      // Documented lifetime: a rolled-back run can be resumed, so its user data stays in the vault.
      const ref = String(first.params.userDataRef);
      await expect(t.core.vault.get(ref)).resolves.toBe(userData);

      t.core.workflows.resume(runId);
      await settled(runId);
      const r = t.core.workflows.detail(runId);
      expect(r.status, explain(r)).toBe('succeeded');
      const launched = ours().slice(before);
      expect(launched).toHaveLength(2);
      const second = launched[1]?.instanceId ?? '';
      expect(second).not.toBe(gone?.instanceId);
      expect(r.output.launch).toMatchObject({ instanceId: second });
      // Two tokens: the second launch was not answered with the terminated instance.
      expect(region().clientTokens.get(`restore-${runId}-0`)?.instanceIds).toEqual([
        gone?.instanceId,
      ]);
      expect(region().clientTokens.get(`restore-${runId}-1`)?.instanceIds).toEqual([second]);
      // While it ran, exactly one of them was live; now the test passed, both are ended.
      expect(launched.every((i) => ['shutting-down', 'terminated'].includes(i.state))).toBe(true);
      await expect(t.core.vault.get(ref)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    });

    it('a lost RunInstances answer with the new instance not listed yet: the undo looks again and terminates it', async () => {
      const before = ours().length;
      fake.faults.loseAnswer(10, { action: 'RunInstances' });
      // EC2 lists the new instance only from the 4th DescribeInstances on.
      region().hideNewInstances = 3;
      try {
        const r = await runWorkflow(t, {
          workflow: 'backup-restore-new-instance',
          params: params(),
        });
        expect(r.status, explain(r)).toBe('rolled-back');
        const launched = ours().slice(before);
        expect(launched).toHaveLength(1);
        expect(['shutting-down', 'terminated']).toContain(launched[0]?.state);
        const logs = r.logs.map((l) => l.text).join('\n');
        expect(logs).toContain('no instance tagged opsdeck:restore-run=');
        expect(logs).not.toContain('nothing to terminate');
      } finally {
        region().hideNewInstances = 0;
        fake.faults.clear();
      }
    });

    it('a kept instance stays after a failure, and the run says it is still billed', async () => {
      const before = ours().length;
      const r = await runWorkflow(t, {
        workflow: 'backup-restore-new-instance',
        params: params({
          keepInstance: true,
          ssh: { user: 'nosuchuser', keyPath: labInventory().sshKey, timeoutSec: 120 },
        }),
      });
      // Not "rolled back": the instance still runs, and the run's own error says so.
      expect(r.status, explain(r)).toBe('failed');
      const [kept] = ours().slice(before);
      expect(kept?.state).toBe('running');
      const id = kept?.instanceId ?? '';
      expect(r.error?.message).toContain(`Kept as asked: ${id} still runs and is still billed`);
      expect(r.error?.hint).toContain(`opsdeck ec2 terminate ${id} --confirm ${id}`);
      expect(r.error?.hint).not.toMatch(/^Rolled back/);
      expect(r.logs.map((l) => l.text).join('\n')).toContain(
        `${id} still runs. It is still billed: terminate it with \`opsdeck ec2 terminate ${id} --confirm ${id}\``,
      );
      expect(t.core.hosts.list().some((h) => h.tags.includes(`ec2:${id}`))).toBe(true);
    });
  },
);
