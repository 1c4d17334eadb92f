import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { BackupRestoreNewInstanceParamsIn } from '../../src-main/contract';
import type { FakeEc2 } from './fake-ec2';
import { addDebianImage, labWithFakeEc2, launchesAsLabHost } from './fake-ec2-lab';
import type { labServices } from '../core/ssh-fixture';
import { explain, runWorkflow } from '../core/lab-suite';
import { labInventory, labInventoryPath, SUDO_LOGIN, stockAddress } from '../lab/lab';
import { addStockLogin, resetStock, rootSql, seedNotes } from '../lab/stock-lab';

/** What a new-instance itest works with; `fake`, `t`, `imageId`, `backupId` are set in beforeAll. */
export interface NewInstanceSuite {
  fake: FakeEc2;
  t: Awaited<ReturnType<typeof labServices>>;
  imageId: string;
  backupId: string;
}

/**
 * The lab of the new-instance itests, registered in the calling describe: the fake EC2 launches
 * "new instances" as stock2, peer1 has a dump backup to restore, and every test must leave the
 * instance labWithFakeEc2 made (not the workflow's) running.
 */
export function newInstanceSuite() {
  const s = {} as NewInstanceSuite;
  const local = mkdtempSync(join(tmpdir(), 'opsdeck-new-instance-'));
  const region = () => s.fake.region('us-east-1');
  const ours = () =>
    [...region().instances.values()].filter((i) => i.tags.get('opsdeck:restore-test'));
  /** The instance labWithFakeEc2 made (not this workflow's): never touched by it. */
  const others = () =>
    [...region().instances.values()]
      .filter((i) => !i.tags.get('opsdeck:restore-test'))
      .map((i) => `${i.instanceId} ${i.state}`);
  let othersBefore: string[] = [];
  /** The run's end, or its state after 150 s (a hang then fails on its status, with its log). */
  const settled = (runId: string) =>
    Promise.race([
      s.t.core.workflows.wait(runId),
      new Promise((done) => setTimeout(done, 150_000)),
    ]);
  const params = (extra: Partial<BackupRestoreNewInstanceParamsIn> = {}) => ({
    backupId: s.backupId,
    launch: {
      account: 'fake',
      region: 'us-east-1',
      name: 'restore-scratch',
      imageId: s.imageId,
      instanceType: 't3.large',
      keyName: 'deploy',
    },
    ssh: { keyPath: labInventory().sshKey, timeoutSec: 120 },
    ...extra,
  });

  beforeAll(async () => {
    resetStock('stock1', 'stock2');
    ({ fake: s.fake, t: s.t } = await labWithFakeEc2(1));
    const { t } = s;
    s.imageId = addDebianImage(s.fake);
    launchesAsLabHost(s.fake, stockAddress(2));
    await addStockLogin(t, 'peer1', 1, SUDO_LOGIN);
    await seedNotes(t, 'peer1');
    await rootSql(t, 'peer1', "INSERT INTO app.notes (body) VALUES ('second row')");
    const r = await runWorkflow(t, {
      workflow: 'backup-run',
      params: { host: 'peer1', kind: 'dump', to: `file://${local}`, parallel: 0 },
    });
    expect(r.status, explain(r)).toBe('succeeded');
    const [e] = t.core.backups.list({ runId: r.id, limit: 1 });
    s.backupId = e?.id ?? '';
    othersBefore = others();
    expect(othersBefore).toHaveLength(1);
    expect(othersBefore[0]).toMatch(/ running$/);
  }, 180_000);
  afterEach(async () => {
    // Terminating the wrong id would go unnoticed without this: the other instance still runs.
    if (othersBefore.length) expect(others()).toEqual(othersBefore);
    // A terminated scratch host's key was forgotten: stock2 (the next "new instance") is trusted
    // again, as the lab inventory trusts it.
    await s.t?.call('hosts.importLab', { path: labInventoryPath });
  });
  afterAll(async () => {
    await s.t?.core.workflows.stopAll();
    await s.t?.dispose();
    await s.fake?.close();
    rmSync(local, { recursive: true, force: true });
    resetStock('stock1', 'stock2');
  }, 180_000);

  return { suite: s, region, ours, settled, params };
}
