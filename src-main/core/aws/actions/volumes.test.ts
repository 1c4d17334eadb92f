import { describe, expect, it } from 'vitest';
import { failure } from '../../../../testing/aws/failure';
import { fakeSuite } from '../../../../testing/aws/fake-suite';
import { createSnapshot, deleteSnapshot } from './snapshots';
import {
  attachVolume,
  createVolume,
  deleteVolume,
  detachVolume,
  setDeleteOnTermination,
} from './volumes';

const t = fakeSuite();

describe('volumes and snapshots', () => {
  it('creates, attaches, detaches, snapshots, restores and deletes', async () => {
    const ctx = t.env.ctx('us-west-2');
    const list = await t.instancesIn('us-west-2');
    const host = list.find((i) => i.availabilityZone === 'us-west-2a' && i.state === 'running')!;
    const elsewhere = list.find(
      (i) => i.availabilityZone === 'us-west-2b' && i.state === 'running',
    )!;

    const volume = await createVolume(ctx, {
      availabilityZone: 'us-west-2a',
      sizeGiB: 50,
      volumeType: 'gp3',
      name: 'data-1',
    });
    expect(volume).toMatchObject({ state: 'creating', sizeGiB: 50, name: 'data-1' });
    t.fake.advance(1200);
    const volumeState = async () =>
      (await t.env.aws.volumes({ account: 'fake', region: 'us-west-2' })).rows.find(
        (v) => v.volumeId === volume.volumeId,
      );
    expect((await volumeState())?.state).toBe('available');

    const mismatch = await failure(attachVolume(ctx, volume.volumeId, elsewhere.instanceId, 'sdf'));
    expect(mismatch.code).toBe('AWS_INVALID_ZONE');
    expect(mismatch.message).toContain('us-west-2a');
    expect(mismatch.message).toContain('us-west-2b');

    const attached = await attachVolume(ctx, volume.volumeId, host.instanceId, 'sdf');
    expect(attached.results[0]?.detail).toBe(`attaching to ${host.instanceId} as /dev/sdf`);
    expect((await volumeState())?.attachments[0]).toMatchObject({
      state: 'attaching',
      device: '/dev/sdf',
    });
    t.fake.advance(600);
    expect((await volumeState())?.attachments[0]?.state).toBe('attached');

    const inUse = await failure(deleteVolume(ctx, volume.volumeId, 'data-1'));
    expect(inUse.code).toBe('AWS_DEPENDENCY_VIOLATION');
    expect(inUse.hint).toMatch(/detach it first/);

    await detachVolume(ctx, volume.volumeId, host.instanceId);
    t.fake.advance(600);
    expect(await volumeState()).toMatchObject({ state: 'available', attachments: [] });

    const snapshot = await createSnapshot(ctx, volume.volumeId, 'before upgrade', 'data-1-snap');
    expect(snapshot).toMatchObject({
      state: 'pending',
      volumeId: volume.volumeId,
      name: 'data-1-snap',
    });
    t.fake.advance(1000);
    const progress = (
      await t.env.aws.snapshots({ account: 'fake', region: 'us-west-2' })
    ).rows.find((s) => s.snapshotId === snapshot.snapshotId);
    expect(progress?.state).toBe('pending');
    expect(progress?.progress).toMatch(/^[1-9]\d%$/);
    t.fake.advance(1200);

    const restored = await createVolume(ctx, {
      availabilityZone: 'us-west-2b',
      volumeType: 'gp3',
      snapshotId: snapshot.snapshotId,
    });
    expect(restored).toMatchObject({ sizeGiB: 50, snapshotId: snapshot.snapshotId });

    const refused = await failure(deleteSnapshot(ctx, snapshot.snapshotId, 'wrong'));
    expect(refused.code).toBe('CONFIRMATION_REQUIRED');
    await deleteSnapshot(ctx, snapshot.snapshotId, 'data-1-snap');
    await deleteVolume(ctx, volume.volumeId, volume.volumeId);
    t.fake.advance(600);
    expect(await volumeState()).toBeUndefined();
  });

  it('sets DeleteOnTermination on an attachment (ModifyInstanceAttribute); an unmapped device is refused', async () => {
    const ctx = t.env.ctx('us-west-2');
    const host = (await t.instancesIn('us-west-2')).find(
      (i) => i.availabilityZone === 'us-west-2a' && i.state === 'running',
    )!;
    const volume = await createVolume(ctx, {
      availabilityZone: 'us-west-2a',
      sizeGiB: 5,
      volumeType: 'gp3',
    });
    t.fake.advance(1200);
    await attachVolume(ctx, volume.volumeId, host.instanceId, 'sdq');
    t.fake.advance(600);
    const state = async () =>
      (await t.env.aws.volumes({ account: 'fake', region: 'us-west-2' })).rows.find(
        (v) => v.volumeId === volume.volumeId,
      );
    expect((await state())?.attachments[0]?.deleteOnTermination).toBe(false);
    const out = await setDeleteOnTermination(ctx, {
      instanceId: host.instanceId,
      device: 'sdq',
      volumeId: volume.volumeId,
      deleteOnTermination: true,
    });
    expect(out.results[0]?.detail).toContain('DeleteOnTermination true');
    expect((await state())?.attachments[0]).toMatchObject({
      device: '/dev/sdq',
      deleteOnTermination: true,
    });
    const notMapped = await failure(
      setDeleteOnTermination(ctx, {
        instanceId: host.instanceId,
        device: '/dev/sdz',
        volumeId: volume.volumeId,
        deleteOnTermination: true,
      }),
    );
    expect(notMapped.message).toContain('/dev/sdz');
  });

  it('explains a snapshot that an AMI still uses', async () => {
    const ctx = t.env.ctx('eu-west-1');
    const [snap] = (await t.env.aws.snapshots({ account: 'fake', region: 'eu-west-1' })).rows;
    const err = await failure(deleteSnapshot(ctx, snap!.snapshotId, snap!.snapshotId));
    expect(err.code).toBe('AWS_DEPENDENCY_VIOLATION');
    expect(err.message).toContain(snap!.snapshotId);
    expect(err.hint).toMatch(/deregister that AMI/);
  });

  it('explains a zone that does not exist', async () => {
    const err = await failure(
      createVolume(t.env.ctx(), { availabilityZone: 'us-east-1z', sizeGiB: 1, volumeType: 'gp3' }),
    );
    expect(err.code).toBe('AWS_INVALID_ZONE');
    expect(err.message).toContain('us-east-1z');
    expect(err.hint).toMatch(/zones listed/);
  });
});
