import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { OpsdeckError, ProvisionVolumesParams, type PlannedAction } from '../../../contract';
import type { FakeEc2 } from '../../../../testing/aws/fake-ec2';
import { attachVolume, createVolume } from '../../aws/actions/volumes';
import { serviceOn, startFake } from '../../../../testing/aws/fake-setup';
import { testEngine } from '../../../../testing/core/workflow-runner';
import { PROVISION_TAG, provisionVolumesWorkflow } from './provision-volumes';

let fake: FakeEc2;
let env: Awaited<ReturnType<typeof serviceOn>>;
const workflow = provisionVolumesWorkflow({ pollMs: 50, timeoutMs: 5000 });
/** The SSH half's steps: all skipped when the params have no `disk`. */
const DISK_STEPS = workflow.steps.map((s) => s.id).filter((id) => id.startsWith('disk-'));

beforeAll(async () => {
  fake = await startFake({
    regions: ['us-east-1'],
    timing: { volumeCreatingMs: 150, attachingMs: 150 },
  });
  fake.seed({ instancesPerRegion: 3 });
  env = await serviceOn(fake);
});
afterAll(async () => {
  env.aws.destroy();
  await fake.close();
});

/**
 * The provisioning through the real engine (no SSH: the plan stops at the host lookup, a run
 * skips the disk half). A plan's actions go to `plan`; a failed run throws its error.
 */
async function execute(params: unknown, plan?: PlannedAction[]) {
  const e = testEngine([workflow], {
    executor: { exec: () => Promise.reject(new Error('no SSH in this test')) },
    aws: async () => env.aws,
    audit: env.audit,
    host: (id) => {
      throw new OpsdeckError('NOT_FOUND', `No host ${id}.`, 'none');
    },
  });
  const request = { workflow: 'provision-volumes', params };
  if (plan) {
    const p = await e.runner.plan(request);
    plan.push(...p.steps.flatMap((s) => s.actions));
    return {
      output: {},
      logs: [],
      skipped: p.steps.filter((s) => s.alreadyDone || s.notRequested).map((s) => s.id),
      runId: '',
    };
  }
  const { runId } = e.runner.start(request, 'cli');
  const done = await e.runner.wait(runId);
  if (done.error) throw new OpsdeckError(done.error.code, done.error.message, done.error.hint);
  const d = e.runner.detail(runId);
  return {
    output: d.output,
    logs: d.logs.map((l) => l.text),
    skipped: d.steps.filter((s) => s.status === 'skipped').map((s) => s.id),
    runId,
  };
}

const volumesOf = async (instanceId: string) =>
  (await env.aws.volumes({ account: 'fake' })).rows.filter((v) =>
    v.tags[PROVISION_TAG]?.startsWith(`${instanceId}:`),
  );

describe('provision-volumes (EBS half)', () => {
  it('plans the creates and attaches without touching anything', async () => {
    const [target] = (await env.aws.instances({ account: 'fake' })).rows;
    const plan: PlannedAction[] = [];
    await execute(
      {
        account: 'fake',
        instanceId: target!.instanceId,
        volumes: [
          { device: '/dev/sdf', sizeGiB: 100, name: 'data' },
          { device: '/dev/sdg', sizeGiB: 20, volumeType: 'io2', iops: 1000 },
        ],
      },
      plan,
    );
    const writes = plan.filter((a) => a.write).map((a) => a.detail);
    expect(writes).toEqual([
      `create gp3 volume 100 GiB in ${target!.availabilityZone} for /dev/sdf`,
      `create io2 volume 20 GiB in ${target!.availabilityZone} for /dev/sdg`,
      `attach (new volume for /dev/sdf) to ${target!.instanceId} as /dev/sdf`,
      `attach (new volume for /dev/sdg) to ${target!.instanceId} as /dev/sdg`,
    ]);
    expect(plan.every((a) => a.kind === 'aws' && a.target === 'aws:fake/us-east-1')).toBe(true);
    expect(await volumesOf(target!.instanceId)).toEqual([]);
  });

  it('creates the volumes in the instance zone, attaches them, and is idempotent', async () => {
    const [, target] = (await env.aws.instances({ account: 'fake' })).rows;
    const params = {
      account: 'fake',
      instanceId: target!.instanceId,
      volumes: [
        { device: '/dev/sdf', sizeGiB: 50, name: 'mysql-data' },
        { device: '/dev/sdg', sizeGiB: 10, name: 'mysql-binlog' },
      ],
    };
    const first = await execute(params);
    expect(first.skipped).toEqual(['find-devices', ...DISK_STEPS]);
    expect(DISK_STEPS).toContain('disk-filesystem');
    const volumes = await volumesOf(target!.instanceId);
    expect(volumes).toHaveLength(2);
    for (const v of volumes) {
      expect(v.availabilityZone).toBe(target!.availabilityZone);
      expect(v.attachments).toEqual([
        expect.objectContaining({ instanceId: target!.instanceId, state: 'attached' }),
      ]);
    }
    expect(volumes.map((v) => v.name).sort()).toEqual(['mysql-binlog', 'mysql-data']);
    const audit = env.audit.list(20).filter((r) => r.runId === first.runId);
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'provision-volumes: ec2.volumes.create',
        'provision-volumes: ec2.volumes.attach',
      ]),
    );

    const again = await execute(params);
    expect(again.skipped).toEqual(['create', 'attach', 'find-devices', ...DISK_STEPS]);
    expect(await volumesOf(target!.instanceId)).toHaveLength(2);
  });

  it("CreateVolume's answer lost on every attempt, the volume not listed yet: the resume makes no second volume (same client token)", async () => {
    // An instance of its own (the other tests count the volumes of theirs).
    fake.seed({ instancesPerRegion: 1 });
    const rows = (await env.aws.instances({ account: 'fake' })).rows;
    const instanceId = rows.filter((i) => i.state === 'running').at(-1)!.instanceId;
    const e = testEngine([workflow], {
      executor: { exec: () => Promise.reject(new Error('no SSH in this test')) },
      aws: async () => env.aws,
      audit: env.audit,
      host: (id) => {
        throw new OpsdeckError('NOT_FOUND', `No host ${id}.`, 'none');
      },
    });
    fake.faults.loseAnswer(20, { action: 'CreateVolume' });
    onTestFinished(() => void fake.faults.clear());
    const request = {
      workflow: 'provision-volumes',
      params: { account: 'fake', instanceId, volumes: [{ device: '/dev/sdh', sizeGiB: 10 }] },
    };
    const { runId } = e.runner.start(request, 'cli');
    expect((await e.runner.wait(runId)).error?.code).toBe('AWS_ENDPOINT_UNREACHABLE');
    fake.faults.clear();
    const made = await volumesOf(instanceId);
    expect(made).toHaveLength(1);
    // EC2's eventual consistency: the resume's reads do not list it yet.
    fake.region('us-east-1').unlisted.set(made[0]!.volumeId, 2);
    e.runner.resume(runId);
    const done = await e.runner.wait(runId);
    expect(done.error).toBeUndefined();
    const after = await volumesOf(instanceId);
    expect(after.map((v) => v.volumeId)).toEqual([made[0]!.volumeId]);
    expect(after[0]?.attachments[0]?.instanceId).toBe(instanceId);
  });

  it('refuses a device that a volume it did not create already uses', async () => {
    const [, , third] = (await env.aws.instances({ account: 'fake' })).rows;
    const someone = env.aws.context({ account: 'fake' }, 'cli');
    const foreign = await createVolume(someone, {
      availabilityZone: third!.availabilityZone,
      sizeGiB: 1,
      volumeType: 'gp3',
    });
    fake.advance(500);
    await attachVolume(someone, foreign.volumeId, third!.instanceId, '/dev/sdj');
    const conflict = await execute({
      account: 'fake',
      instanceId: third!.instanceId,
      volumes: [{ device: '/dev/sdj', sizeGiB: 5 }],
    }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(OpsdeckError);
    expect(conflict).toMatchObject({
      code: 'CONFLICT',
      hint: expect.stringContaining('free device'),
    });
    expect((conflict as OpsdeckError).message).toContain(foreign.volumeId);
    expect(await volumesOf(third!.instanceId)).toEqual([]);
  });

  it('names the missing inventory host before touching anything', async () => {
    const [target] = (await env.aws.instances({ account: 'fake' })).rows;
    const plan: PlannedAction[] = [];
    const failed = await execute(
      {
        account: 'fake',
        instanceId: target!.instanceId,
        volumes: [{ device: '/dev/sdf', sizeGiB: 1 }],
        disk: { mountpoint: '/var/lib/mysql' },
      },
      plan,
    ).catch((e: unknown) => e);
    expect(failed).toMatchObject({
      code: 'NOT_FOUND',
      message: `No inventory host is tied to ${target!.instanceId}, so Opsdeck cannot SSH to it to prepare the disks.`,
      hint: expect.stringContaining('Add the instance to the inventory'),
    });
    expect(plan.filter((a) => a.kind === 'ssh')).toEqual([]);
  });

  it('validates its parameters', () => {
    expect(
      ProvisionVolumesParams.safeParse({
        account: 'fake',
        instanceId: 'i-0abc',
        volumes: [
          { device: '/dev/sdf', sizeGiB: 1 },
          { device: '/dev/sdf', sizeGiB: 2 },
        ],
      }).success,
    ).toBe(false);
    expect(
      ProvisionVolumesParams.safeParse({
        account: 'fake',
        instanceId: 'i-0abc',
        volumes: [{ device: '/dev/sda1' }],
      }).success,
    ).toBe(false);
  });

  it('validates the disk part against the volumes', () => {
    const base = {
      account: 'fake',
      instanceId: 'i-0abc',
      volumes: [
        { device: '/dev/sdf', sizeGiB: 1 },
        { device: '/dev/sdg', sizeGiB: 1 },
      ],
    };
    const parse = (disk: Record<string, unknown>) =>
      ProvisionVolumesParams.safeParse({ ...base, disk });
    expect(parse({ mountpoint: '/var/lib/mysql', raid0: true }).success).toBe(true);
    expect(parse({ mountpoint: '/var/lib/mysql', lvm: true }).success).toBe(true);
    const twoWithoutStripe = parse({ mountpoint: '/var/lib/mysql' });
    expect(twoWithoutStripe.error?.issues[0]?.message).toContain('RAID0 or LVM');
    expect(parse({ mountpoint: '/var', raid0: true }).success).toBe(false);
    expect(parse({ mountpoint: 'var/lib/mysql', raid0: true }).success).toBe(false);
    expect(parse({ mountpoint: '/data/../etc', raid0: true }).success).toBe(false);
    const defaults = ProvisionVolumesParams.parse({
      ...base,
      volumes: [base.volumes[0]],
      disk: { mountpoint: '/var/lib/mysql' },
    });
    expect(defaults.disk).toMatchObject({
      filesystem: 'xfs',
      raid0: false,
      lvm: false,
      allowNonEmptyMountpoint: false,
      chunkKiB: 256,
    });
  });
});
