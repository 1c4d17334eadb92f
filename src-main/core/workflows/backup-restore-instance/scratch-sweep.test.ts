import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeEc2 } from '../../../../testing/aws/fake-ec2';
import type { FakeVolume } from '../../../../testing/aws/fake-ec2/state';
import { quietAwsEffects, serviceOn, startFake } from '../../../../testing/aws/fake-setup';
import { terminateLaunched } from '../../aws/actions/instances';
import { SCRATCH_RUN_TAG } from '../../backups/snapshot/restore-set';
import { endWithVolumes, RESTORE_OF_TAG, volumesLeft, type SweepCtx } from './scratch-volumes';

/** Each test is its own run (the volumes of the one before are not its own). */
let RUN = '';
let runs = 0;
const BACKUP = 'bk-set-1';
let fake: FakeEc2;
let env: Awaited<ReturnType<typeof serviceOn>>;

beforeAll(async () => {
  fake = await startFake({ regions: ['us-east-1'] });
  env = await serviceOn(fake);
});
afterAll(async () => {
  env.aws.destroy();
  await fake.close();
});

const region = () => fake.region('us-east-1');
let instanceId = '';
let other = '';
beforeEach(() => {
  // Two fresh running instances: the run's scratch instance and someone else's.
  fake.seed({ instancesPerRegion: 2, rootVolumes: false });
  const running = [...region().instances.values()].filter((i) => i.state === 'running');
  instanceId = running.at(-2)?.instanceId ?? '';
  other = running.at(-1)?.instanceId ?? '';
  fake.requests.length = 0;
  RUN = `run-sweep-${++runs}`;
});

/** A volume made from the snapshots, in the state a crash or a failed CreateVolume left it. */
function volume(
  o: Partial<FakeVolume> & { on?: { instanceId: string; state: 'attaching' | 'attached' } },
  tags: Record<string, string> = { [SCRATCH_RUN_TAG]: RUN, [RESTORE_OF_TAG]: BACKUP },
): string {
  const id = fake.world.id('vol');
  const zone = region().instances.get(instanceId)?.zone ?? 'us-east-1a';
  region().volumes.set(id, {
    volumeId: id,
    size: 10,
    volumeType: 'gp3',
    zone,
    state: o.on ? 'in-use' : (o.state ?? 'available'),
    snapshotId: 'snap-1',
    createTime: new Date(),
    encrypted: false,
    tags: new Map(Object.entries(tags)),
    ...(o.on
      ? {
          attachment: {
            instanceId: o.on.instanceId,
            device: '/dev/sdp',
            state: o.on.state,
            attachTime: new Date(),
            deleteOnTermination: false,
          },
        }
      : {}),
  });
  return id;
}

/** A step's context over the fake (what the undo and the finish hand the sweep). */
function sweepCtx() {
  const logs: { text: string; level: string }[] = [];
  const changes: string[] = [];
  const signal = new AbortController().signal;
  const ctx: SweepCtx = {
    aws: quietAwsEffects(env.aws, signal),
    runId: RUN,
    dryRun: false,
    signal,
    log: (text, level = 'info') => logs.push({ text, level }),
    changed: (text) => changes.push(text),
    params: { backupId: BACKUP, launch: { account: 'fake', region: 'us-east-1' } },
  };
  return { ctx, logs, changes };
}

/** The undo's end of the instance, as instance-steps hands it (TerminateInstances). */
async function undo(ctx: SweepCtx, ids = [instanceId]) {
  return endWithVolumes(
    ctx,
    ids,
    async (id) => {
      await ctx.aws.write({ account: 'fake', region: 'us-east-1' }, `terminate ${id}`, (a) =>
        terminateLaunched(a, id),
      );
    },
    // Far below the test's timeout: a wait for an `error` volume to become available fails it.
    { pollMs: 50, waitMs: 8000 },
  );
}

const actions = () => fake.requests.map((r) => r.action);
const exists = (id: string) => region().volumes.has(id);
const ended = () =>
  ['shutting-down', 'terminated'].includes(region().instances.get(instanceId)?.state ?? '');

describe('the scratch volumes at undo/finish (terminate first, then sweep)', () => {
  it('terminates the instance and deletes an `error` volume and an `attaching` one, never waiting on them', async () => {
    const broken = volume({ state: 'error' });
    const attaching = volume({ on: { instanceId, state: 'attaching' } });
    const { ctx, logs } = sweepCtx();
    expect(await undo(ctx)).toEqual([]);
    expect(ended()).toBe(true);
    expect(exists(broken) && region().volumes.get(broken)?.state !== 'deleting').toBe(false);
    expect(exists(attaching) && region().volumes.get(attaching)?.state !== 'deleting').toBe(false);
    // Terminated before any volume was touched; the `error` volume deleted without a wait.
    const a = actions();
    expect(a.indexOf('TerminateInstances')).toBeGreaterThanOrEqual(0);
    expect(a.indexOf('TerminateInstances')).toBeLessThan(a.indexOf('DeleteVolume'));
    expect(a).not.toContain('ModifyInstanceAttribute');
    expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('deletes a volume that was created and never attached', async () => {
    const never = volume({ state: 'available' });
    await undo(sweepCtx().ctx);
    expect(region().volumes.get(never)?.state ?? 'gone').toMatch(/deleting|gone/);
  });

  it('flags an attached volume DeleteOnTermination, so it goes with the instance', async () => {
    const attached = volume({ on: { instanceId, state: 'attached' } });
    await undo(sweepCtx().ctx);
    expect(region().volumes.get(attached)?.attachment?.deleteOnTermination ?? true).toBe(true);
    expect(actions().indexOf('ModifyInstanceAttribute')).toBeLessThan(
      actions().indexOf('TerminateInstances'),
    );
  });

  it('refuses to delete a volume not tagged with this run’s backup, names it, and still terminates', async () => {
    const foreign = volume({}, { [SCRATCH_RUN_TAG]: RUN, [RESTORE_OF_TAG]: 'bk-someone-else' });
    const { ctx, logs, changes } = sweepCtx();
    expect(await undo(ctx)).toEqual([foreign]);
    expect(ended()).toBe(true);
    expect(region().volumes.get(foreign)?.state).toBe('available');
    expect(actions()).not.toContain('DeleteVolume');
    expect(logs.find((l) => l.level === 'warn')?.text).toContain(foreign);
    expect(volumesLeft(changes)).toEqual([foreign]);
  });

  it('leaves a volume attached to another instance alone, naming it, after terminating', async () => {
    const moved = volume({ on: { instanceId: other, state: 'attached' } });
    const { ctx, logs } = sweepCtx();
    expect(await undo(ctx)).toEqual([moved]);
    expect(ended()).toBe(true);
    expect(region().volumes.get(moved)?.attachment?.instanceId).toBe(other);
    expect(logs.find((l) => l.text.includes(moved))?.text).toContain(other);
  });
});

describe('volumesLeft (the run’s "left behind")', () => {
  it('names a volume left until a later attempt deleted it', () => {
    const left = 'vol-1 left (made from the snapshots): could not be deleted: x';
    expect(volumesLeft([left])).toEqual(['vol-1']);
    expect(volumesLeft([left, left])).toEqual(['vol-1']);
    expect(volumesLeft([left, 'vol-1 deleted'])).toEqual([]);
  });
});
