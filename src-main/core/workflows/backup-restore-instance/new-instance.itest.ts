import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRestoreNewInstanceParamsIn, RunDetail } from '../../../contract';
import type { FakeEc2 } from '../../../../testing/aws/fake-ec2';
import {
  addDebianImage,
  labWithFakeEc2,
  launchesAsLabHost,
} from '../../../../testing/aws/fake-ec2-lab';
import type { labServices } from '../../../../testing/core/ssh-fixture';
import { explain, runWorkflow } from '../../../../testing/core/lab-suite';
import { labInventory, SUDO_LOGIN, stockAddress } from '../../../../testing/lab/lab';
import { addStockLogin, resetStock, rootSql, seedNotes } from '../../../../testing/lab/stock-lab';

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
    let t: Awaited<ReturnType<typeof labServices>>;
    let imageId: string;
    let backupId: string;
    const local = mkdtempSync(join(tmpdir(), 'opsdeck-new-instance-'));
    const region = () => fake.region('us-east-1');
    const ours = () =>
      [...region().instances.values()].filter((i) => i.tags.get('opsdeck:restore-test'));
    const params = (extra: Partial<BackupRestoreNewInstanceParamsIn> = {}) => ({
      backupId,
      launch: {
        account: 'fake',
        region: 'us-east-1',
        name: 'restore-scratch',
        imageId,
        instanceType: 't3.large',
        keyName: 'deploy',
      },
      ssh: { keyPath: labInventory().sshKey, timeoutSec: 120 },
      ...extra,
    });

    beforeAll(async () => {
      resetStock('stock1', 'stock2');
      ({ fake, t } = await labWithFakeEc2(1));
      imageId = addDebianImage(fake);
      launchesAsLabHost(fake, stockAddress(2));
      await addStockLogin(t, 'peer1', 1, SUDO_LOGIN);
      await seedNotes(t, 'peer1');
      await rootSql(t, 'peer1', "INSERT INTO app.notes (body) VALUES ('second row')");
      const r = await runWorkflow(t, {
        workflow: 'backup-run',
        params: { host: 'peer1', kind: 'dump', to: `file://${local}`, parallel: 0 },
      });
      expect(r.status, explain(r)).toBe('succeeded');
      const [e] = t.core.backups.list({ runId: r.id, limit: 1 });
      backupId = e?.id ?? '';
    }, 180_000);
    afterAll(async () => {
      await t?.core.workflows.stopAll();
      await t?.dispose();
      await fake?.close();
      rmSync(local, { recursive: true, force: true });
      resetStock('stock1', 'stock2');
    }, 180_000);

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

      // Real data on the "instance" (stock2), read back as root over its socket.
      const rows = await rootSql(t, 'stock2', 'SELECT body FROM app.notes ORDER BY id');
      expect(rows.map((x) => x.body)).toEqual(['before the setup', 'second row']);

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

    it('a kept instance stays after a failure, and the run says it is still billed', async () => {
      const before = ours().length;
      const r = await runWorkflow(t, {
        workflow: 'backup-restore-new-instance',
        params: params({
          keepInstance: true,
          ssh: { user: 'nosuchuser', keyPath: labInventory().sshKey, timeoutSec: 120 },
        }),
      });
      expect(r.status).not.toBe('succeeded');
      const [kept] = ours().slice(before);
      expect(kept?.state).toBe('running');
      const id = kept?.instanceId ?? '';
      expect(r.logs.map((l) => l.text).join('\n')).toContain(
        `${id} still runs. It is still billed: terminate it with \`opsdeck ec2 terminate ${id} --confirm ${id}\``,
      );
      expect(t.core.hosts.list().some((h) => h.tags.includes(`ec2:${id}`))).toBe(true);
    });
  },
);
