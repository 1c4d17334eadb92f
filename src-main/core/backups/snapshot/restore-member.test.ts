import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { toErrorShape } from '../../../contract';
import type { FakeEc2 } from '../../../../testing/aws/fake-ec2';
import { FAST, serviceOn, startFake } from '../../../../testing/aws/fake-setup';
import { testHost } from '../../../../testing/core/test-host';
import { createAwsEffects } from '../../aws/workflow-effects';
import { Redactor } from '../../redact';
import { createMysqlEffects } from '../../workflows/engine/mysql-effects';
import { createSshEffects } from '../../workflows/engine/ssh-effects';
import type { BackupCtx } from '../types';
import {
  memberClientToken,
  RESTORE_RUN_TAG,
  restoreMember,
  SCRATCH_RUN_TAG,
  type SetTarget,
} from './restore-set';

/**
 * One member of a snapshot set restored onto a scratch instance, over the fake EC2: the volume
 * is tagged with the run and flagged DeleteOnTermination once attached; a resume finds the volume
 * an earlier attempt made (by its tags) instead of creating a second one.
 */
let fake: FakeEc2;
let env: Awaited<ReturnType<typeof serviceOn>>;
const onto = testHost('scratch');
const member = { volumeId: 'vol-source-data', snapshotId: '', device: '/dev/sdf' };

beforeAll(async () => {
  fake = await startFake({
    regions: ['us-east-1'],
    timing: { ...FAST, volumeCreatingMs: 100, attachingMs: 100 },
  });
  env = await serviceOn(fake);
});
afterAll(async () => {
  env.aws.destroy();
  await fake.close();
});

const region = () => fake.region('us-east-1');
let RUN = '';
let runs = 0;
/** The run's changes (persisted by the engine; the member's client token counts them). */
let changes: string[] = [];
let target: SetTarget;
let other = '';
beforeEach(() => {
  fake.seed({ instancesPerRegion: 2, rootVolumes: false });
  const running = [...region().instances.values()].filter((i) => i.state === 'running');
  const [mine, theirs] = running.slice(-2);
  other = theirs?.instanceId ?? '';
  const snapshotId = fake.world.id('snap');
  region().snapshots.set(snapshotId, {
    snapshotId,
    volumeId: member.volumeId,
    volumeSize: 10,
    state: 'completed',
    startTime: new Date(),
    doneAt: 0,
    description: '',
    ownerId: '123456789012',
    encrypted: false,
    tags: new Map(),
  });
  member.snapshotId = snapshotId;
  target = {
    aws: { account: 'fake', region: 'us-east-1' },
    instanceId: mine?.instanceId ?? '',
    zone: mine?.zone ?? '',
    devices: ['/dev/sdp'],
  };
  RUN = `run-member-${++runs}`;
  changes = [];
  fake.requests.length = 0;
  fake.faults.clear();
  region().hideNewVolumes = 0;
});

/** The volume as the host sees it once attached: lsblk lists /dev/sdp. */
const LSBLK = JSON.stringify({
  blockdevices: [{ name: 'sdp', path: '/dev/sdp', size: 10 * 2 ** 30, type: 'disk' }],
});

function backupCtx(): BackupCtx {
  const signal = new AbortController().signal;
  const common = {
    redactor: new Redactor(),
    signal,
    log: () => undefined,
    audit: () => undefined,
  };
  return {
    ssh: createSshEffects({
      executor: {
        exec: async (_h, command) => ({
          code: 0,
          stdout: command.startsWith('lsblk') ? LSBLK : '',
          stderr: '',
          durationMs: 1,
        }),
      },
      ...common,
    }),
    mysql: createMysqlEffects(common),
    aws: createAwsEffects({ aws: async () => env.aws, door: 'cli', ...common }),
    signal,
    log: () => undefined,
    dryRun: false,
    runId: RUN,
    host: () => onto,
    progress: () => undefined,
    changed: (text) => void changes.push(text),
    changes: () => changes,
    leftFile: () => undefined,
    removedFile: () => undefined,
  };
}

const restore = () =>
  restoreMember(backupCtx(), {
    entry: { id: 'bk-set-1' },
    onto,
    target,
    member,
    device: '/dev/sdp',
    scratchRun: RUN,
  });

const count = (action: string) => fake.requests.filter((r) => r.action === action).length;

/** What a crash right after CreateVolume left: the run's volume, available, attached to nothing. */
function createdBefore(state: 'available' | 'in-use' | 'error' = 'available', on?: string) {
  const id = fake.world.id('vol');
  region().volumes.set(id, {
    volumeId: id,
    size: 10,
    volumeType: 'gp3',
    zone: target.zone,
    state,
    snapshotId: member.snapshotId,
    createTime: new Date(),
    encrypted: false,
    tags: new Map([
      ['opsdeck:restore-of', 'bk-set-1'],
      ['opsdeck:member', member.volumeId],
      [RESTORE_RUN_TAG, RUN],
      [SCRATCH_RUN_TAG, RUN],
    ]),
    ...(on
      ? {
          attachment: {
            instanceId: on,
            device: '/dev/sdp',
            state: 'attached' as const,
            attachTime: new Date(),
            deleteOnTermination: false,
          },
        }
      : {}),
  });
  return id;
}

describe('restoreMember onto a scratch instance (fake EC2)', () => {
  it('tags the new volume with the run and flags it DeleteOnTermination once attached', async () => {
    const out = await restore();
    const v = region().volumes.get(out.volumeId);
    expect(v?.tags.get(SCRATCH_RUN_TAG)).toBe(RUN);
    expect(v?.attachment).toMatchObject({
      instanceId: target.instanceId,
      state: 'attached',
      deleteOnTermination: true,
    });
    expect(out.path).toBe('/dev/sdp');
    expect([
      count('CreateVolume'),
      count('AttachVolume'),
      count('ModifyInstanceAttribute'),
    ]).toEqual([1, 1, 1]);
  });

  it('a resume after a crash between CreateVolume and AttachVolume creates no second volume', async () => {
    const earlier = createdBefore();
    const out = await restore();
    expect(out.volumeId).toBe(earlier);
    expect(count('CreateVolume')).toBe(0);
    expect(count('AttachVolume')).toBe(1);
    expect(region().volumes.get(earlier)?.attachment?.deleteOnTermination).toBe(true);
  });

  it('refuses at once, naming it, when the earlier volume is attached to another instance', async () => {
    const earlier = createdBefore('in-use', other);
    const err = await restore().then(
      () => undefined,
      (e: unknown) => toErrorShape(e),
    );
    expect(err?.code).toBe('CONFLICT');
    expect(err?.message).toContain(earlier);
    expect(err?.message).toContain(other);
    expect(count('AttachVolume') + count('CreateVolume')).toBe(0);
  });

  it("CreateVolume's answer lost on every attempt, the volume not listed yet: the resume gets that same volume by its client token, no second one", async () => {
    // Every attempt of the SDK loses its answer: the step fails although EC2 made the volume.
    fake.faults.loseAnswer(20, { action: 'CreateVolume' });
    const first = await restore().then(
      () => undefined,
      (e: unknown) => toErrorShape(e),
    );
    expect(first?.code).toBe('AWS_ENDPOINT_UNREACHABLE');
    fake.faults.clear();
    const made = () =>
      [...region().volumes.values()].filter((v) => v.tags.get(RESTORE_RUN_TAG) === RUN);
    expect(made()).toHaveLength(1);
    // EC2's eventual consistency: the resume's DescribeVolumes does not list it yet.
    region().unlisted.set(made()[0]?.volumeId ?? '', 1);
    const out = await restore();
    expect(made().map((v) => v.volumeId)).toEqual([out.volumeId]);
    expect(
      region().volumeTokens.get(
        memberClientToken({ runId: RUN, changes: () => changes }, member.volumeId),
      )?.volume.volumeId,
    ).toBe(out.volumeId);
    expect(region().volumes.get(out.volumeId)?.attachment?.instanceId).toBe(target.instanceId);
    // Recorded once, although two calls of the run were answered with it.
    expect(
      changes.filter((c) => c === `${out.volumeId} created from ${member.snapshotId}`),
    ).toHaveLength(1);
  });

  it('a second volume an earlier attempt made for the member is deleted, not left behind', async () => {
    const kept = createdBefore();
    const duplicate = createdBefore();
    const out = await restore();
    expect(out.volumeId).toBe(kept);
    expect(count('CreateVolume')).toBe(0);
    expect(region().volumes.get(duplicate)?.state ?? 'gone').toMatch(/deleting|gone/);
    expect(changes).toContain(
      `${duplicate} deleted: a second volume made for ${member.volumeId} by this run`,
    );
  });

  it('a volume of an earlier attempt in state error is deleted and a new one made with a new client token', async () => {
    const failed = createdBefore('error');
    const before = memberClientToken({ runId: RUN, changes: () => changes }, member.volumeId);
    const out = await restore();
    expect(out.volumeId).not.toBe(failed);
    expect(region().volumes.get(failed)?.state ?? 'gone').toMatch(/deleting|gone/);
    expect(
      changes.some((c) => c.startsWith(`Volume for ${member.volumeId} given up: ${failed}`)),
    ).toBe(true);
    const after = memberClientToken({ runId: RUN, changes: () => changes }, member.volumeId);
    expect(after).not.toBe(before);
    expect(region().volumeTokens.get(after)?.volume.volumeId).toBe(out.volumeId);
  });

  it('a new volume that goes to error fails the step at once (not after the 10 min wait), deleted; the retry makes a new one', async () => {
    // EC2 fails the volume while it is being created.
    const flip = setInterval(() => {
      for (const v of region().volumes.values())
        if (v.tags.get(RESTORE_RUN_TAG) === RUN && v.state === 'creating') v.state = 'error';
    }, 5);
    onTestFinished(() => clearInterval(flip));
    const started = Date.now();
    const err = await restore().then(
      () => undefined,
      (e: unknown) => toErrorShape(e),
    );
    clearInterval(flip);
    expect(err?.code).toBe('AWS_INCORRECT_STATE');
    expect(Date.now() - started).toBeLessThan(15_000);
    const [failed] = [...region().volumes.values()].filter(
      (v) => v.tags.get(RESTORE_RUN_TAG) === RUN,
    );
    expect(err?.message).toContain(failed?.volumeId);
    expect(failed?.state).toBe('deleting');
    const out = await restore();
    expect(out.volumeId).not.toBe(failed?.volumeId);
    expect(count('CreateVolume')).toBe(2);
    expect(region().volumes.get(out.volumeId)?.attachment?.state).toBe('attached');
  });
});
