import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toErrorShape } from '../../../contract';
import type { FakeEc2 } from '../../../../testing/aws/fake-ec2';
import { FAST, serviceOn, startFake } from '../../../../testing/aws/fake-setup';
import { testHost } from '../../../../testing/core/test-host';
import { createAwsEffects } from '../../aws/workflow-effects';
import { Redactor } from '../../redact';
import { createMysqlEffects } from '../../workflows/engine/mysql-effects';
import { createSshEffects } from '../../workflows/engine/ssh-effects';
import type { BackupCtx } from '../types';
import { RESTORE_RUN_TAG, restoreMember, SCRATCH_RUN_TAG, type SetTarget } from './restore-set';

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
  fake.requests.length = 0;
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
    changed: () => undefined,
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
function createdBefore(state: 'available' | 'in-use' = 'available', on?: string) {
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
});
