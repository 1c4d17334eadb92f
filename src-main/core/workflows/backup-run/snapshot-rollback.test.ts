import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BackupRunParams, Ec2Snapshot } from '../../../contract';
import type { FakeEc2 } from '../../../../testing/aws/fake-ec2';
import { FAST, serviceOn, startFake } from '../../../../testing/aws/fake-setup';
import { testHost } from '../../../../testing/core/test-host';
import { createAwsEffects } from '../../aws/workflow-effects';
import { BackupCatalog } from '../../backups/catalog';
import { BACKUP_TAG, noteCreateSent } from '../../backups/snapshot/set-snapshots';
import type { BackupCtx } from '../../backups/types';
import { createEventBus } from '../../event-bus';
import { Redactor } from '../../redact';
import { BackupsRepo } from '../../store/backups-repo';
import { openDatabase } from '../../store/database';
import { createMysqlEffects } from '../engine/mysql-effects';
import { createSshEffects } from '../engine/ssh-effects';
import type { StepContext } from '../engine/definition';
import { createSnapshotSet } from '../../aws/actions/snapshots';
import { CATALOGUE, PLAN, type Taken } from './outputs';
import { deleteSnapshots } from './snapshot-steps';

/**
 * The rollback of an EBS snapshot set (the take step's undo) over the fake EC2, when the run
 * does not know every snapshot it made: CreateSnapshots takes no client token, so an answer lost
 * on the way back (the SDK's retry then makes a second set), a cancel while the call was in
 * flight or a crash right after it leaves tagged snapshots the run never recorded. The undo must
 * find them by the backup's tag and delete them — and say which — not leave them billed in EC2.
 */
let fake: FakeEc2;
let env: Awaited<ReturnType<typeof serviceOn>>;
const AWS = { account: 'fake', region: 'us-east-1' };
const db1 = testHost('db1');

beforeAll(async () => {
  fake = await startFake({ regions: ['us-east-1'], timing: { ...FAST, snapshotMs: 60_000 } });
  env = await serviceOn(fake, { maxAttempts: 3 });
});
afterAll(async () => {
  env.aws.destroy();
  await fake.close();
});

let instanceId = '';
let dataVolumes: string[] = [];
let runs = 0;
let backupId = '';
let changes: string[] = [];
let logs: string[] = [];
let catalog: BackupCatalog;

beforeEach(() => {
  fake.faults.clear();
  fake.received.length = 0;
  fake.seed({ instancesPerRegion: 1, rootVolumes: false });
  const region = fake.region('us-east-1');
  const instance = [...region.instances.values()].find((i) => i.state === 'running')!;
  instanceId = instance.instanceId;
  // Only this test's volumes on the instance (an earlier test's are gone).
  for (const v of [...region.volumes.values()])
    if (v.attachment?.instanceId === instanceId) region.volumes.delete(v.volumeId);
  // Two data volumes (a RAID0 of two members) attached to the instance.
  dataVolumes = ['/dev/sdf', '/dev/sdg'].map((device) => {
    const volumeId = fake.world.id('vol');
    region.volumes.set(volumeId, {
      volumeId,
      size: 10,
      volumeType: 'gp3',
      zone: instance.zone,
      state: 'in-use',
      snapshotId: '',
      createTime: new Date(),
      encrypted: false,
      tags: new Map(),
      attachment: {
        instanceId,
        device,
        state: 'attached',
        attachTime: new Date(),
        deleteOnTermination: false,
      },
    });
    return volumeId;
  });
  backupId = `20261207T2300Z-db1-r${++runs}`;
  changes = [];
  logs = [];
  const repo = new BackupsRepo(openDatabase(':memory:'));
  catalog = new BackupCatalog({
    repo,
    bus: createEventBus(),
    clock: { now: () => new Date() },
    stores: {
      host: () => db1,
      ssh: () => Promise.reject(new Error('no SSH in this test')),
      s3: () => Promise.reject(new Error('no S3 in this test')),
    },
  });
  catalog.create({
    id: backupId,
    kind: 'snapshot',
    tool: 'ebs',
    compression: 'none',
    destination: 'ec2://fake/us-east-1',
    location: `ec2://fake/us-east-1/${instanceId}/${backupId}`,
    hostId: db1.id,
    hostName: db1.name,
    startedAt: new Date().toISOString(),
  });
});

/** A step's (or its undo's) context: real SSH/MySQL/AWS effects, the run's changes kept. */
function backupCtx(signal = new AbortController().signal): BackupCtx {
  const common = { redactor: new Redactor(), signal, log: () => undefined, audit: () => undefined };
  return {
    ssh: createSshEffects({
      executor: { exec: () => Promise.reject(new Error('no SSH in this test')) },
      ...common,
    }),
    mysql: createMysqlEffects(common),
    aws: createAwsEffects({ aws: async () => env.aws, door: 'cli', ...common }),
    signal,
    log: (text) => void logs.push(text),
    dryRun: false,
    runId: `run-${runs}`,
    host: () => db1,
    progress: () => undefined,
    changed: (text) => void changes.push(text),
    changes: () => changes,
    leftFile: () => undefined,
    removedFile: () => undefined,
  };
}

/** The take step's context as its undo sees it: the plan, the catalog entry, what it saved. */
function undoCtx(saved?: Taken): StepContext<BackupRunParams, Taken> {
  const outputs: Record<string, unknown> = {
    [PLAN.id]: {
      ec2: {
        ...AWS,
        instanceId,
        members: dataVolumes.map((volumeId, n) => ({ volumeId, device: `/dev/md0:${n}` })),
      },
    },
    [CATALOGUE.id]: { backupId, destination: 'ec2://fake/us-east-1', location: '' },
  };
  return {
    ...backupCtx(),
    saved,
    get: (ref: { id: string }) => outputs[ref.id],
    find: (ref: { id: string }) => outputs[ref.id],
  } as unknown as StepContext<BackupRunParams, Taken>;
}

/** CreateSnapshots as the take step sends it (the change noted first, the backup's tag on each). */
async function createSet(ctx: BackupCtx) {
  noteCreateSent(ctx, backupId);
  return ctx.aws.write(AWS, `CreateSnapshots of ${instanceId}`, (a) =>
    createSnapshotSet(a, {
      instanceId,
      exclude: [],
      description: `opsdeck backup ${backupId} of db1:/var/lib/mysql`,
      tags: { [BACKUP_TAG]: backupId, 'opsdeck:host': 'db1' },
    }),
  );
}

const tagged = (id = backupId): Ec2Snapshot[] =>
  [...fake.region('us-east-1').snapshots.values()]
    .filter((s) => s.tags.get(BACKUP_TAG) === id)
    .map((s) => ({ snapshotId: s.snapshotId }) as Ec2Snapshot);
const ids = (rows: readonly { snapshotId: string }[]) => rows.map((r) => r.snapshotId).sort();

describe('rolling back an EBS snapshot set', { timeout: 60_000 }, () => {
  it("CreateSnapshots' answer lost on every attempt (nothing recorded, as after a crash right after it): the undo finds each set by its tag and deletes it", async () => {
    // Another backup's set is not touched.
    const before = backupId;
    backupId = `${before}-other`;
    await createSet(backupCtx());
    const others = ids(tagged());
    backupId = before;
    fake.faults.loseAnswer(10, { action: 'CreateSnapshots' });
    const err = await createSet(backupCtx()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'AWS_ENDPOINT_UNREACHABLE' });
    fake.faults.clear();
    // Each SDK attempt made a set of both volumes: three sets, none of them known to the run.
    const made = ids(tagged());
    expect(made).toHaveLength(3 * dataVolumes.length);

    await deleteSnapshots(undoCtx(), { catalog } as never);

    expect(tagged()).toEqual([]);
    expect(ids(tagged(`${before}-other`))).toEqual(others);
    for (const id of made)
      expect(changes).toContain(`snapshot ${id} deleted: the run was rolled back`);
    // Named in the catalog entry before they were deleted, and in the log.
    expect(ids(catalog.find(backupId)?.snapshots ?? [])).toEqual(made);
    // Each with its volume's device on the instance (the volumes are still members).
    const devices = new Map(dataVolumes.map((v, n) => [v, `/dev/md0:${n}`]));
    for (const s of catalog.find(backupId)?.snapshots ?? [])
      expect(s.device).toBe(devices.get(s.volumeId));
    expect(logs.join('\n')).toContain(`by the tag ${BACKUP_TAG}=${backupId}`);
    expect(logs.join('\n')).toContain(`(${dataVolumes[0]}, /dev/md0:0)`);
  });

  it("one answer lost, the SDK's retry answered: the recorded set and the unrecorded one are both deleted", async () => {
    fake.faults.loseAnswer(1, { action: 'CreateSnapshots' });
    const answered = (await createSet(backupCtx())) ?? [];
    expect(answered).toHaveLength(dataVolumes.length);
    expect(tagged()).toHaveLength(2 * dataVolumes.length);
    const recorded = answered.map((s) => ({ ...s, device: '/dev/sdf' }));
    catalog.note(backupId, { snapshots: recorded });
    await deleteSnapshots(
      undoCtx({ bytes: 0, durationMs: 0, coordinates: {}, tables: [], snapshots: recorded }),
      { catalog } as never,
    );
    expect(tagged()).toEqual([]);
  });

  it('a rollback run again after it stopped half-way: a snapshot already gone counts as deleted', async () => {
    const answered = (await createSet(backupCtx())) ?? [];
    const [first] = answered;
    fake.region('us-east-1').snapshots.delete(first!.snapshotId);
    const recorded = answered.map((s) => ({ ...s, device: '/dev/sdf' }));
    await deleteSnapshots(
      undoCtx({ bytes: 0, durationMs: 0, coordinates: {}, tables: [], snapshots: recorded }),
      { catalog } as never,
    );
    expect(tagged()).toEqual([]);
    expect(changes).toContain(
      `snapshot ${first!.snapshotId} was already gone: the run was rolled back`,
    );
  });

  it('cancelled while CreateSnapshots was in flight: the undo waits for the set EC2 is still making, then deletes it', async () => {
    fake.faults.delay(1500, { action: 'CreateSnapshots' });
    const cancel = new AbortController();
    const call = createSet(backupCtx(cancel.signal)).then(
      () => undefined,
      (e: unknown) => e,
    );
    // Cancelled once EC2 has the call: the client gives up, EC2 carries on.
    await expect.poll(() => fake.received.some((r) => r.action === 'CreateSnapshots')).toBe(true);
    cancel.abort();
    expect(await call).toMatchObject({ code: 'CANCELLED' });
    expect(tagged()).toEqual([]);
    await deleteSnapshots(undoCtx(), { catalog } as never);
    expect(tagged()).toEqual([]);
    expect(
      changes.filter(
        (c) => c.startsWith('snapshot ') && c.endsWith('deleted: the run was rolled back'),
      ),
    ).toHaveLength(dataVolumes.length);
  });

  it('a set that was never asked for (the lock timed out before CreateSnapshots): nothing to find, no wait', async () => {
    const started = Date.now();
    await deleteSnapshots(undoCtx(), { catalog } as never);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(changes).toEqual([]);
  });
});
