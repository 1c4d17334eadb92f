import { describe, expect, it } from 'vitest';
import type { Ec2Volume } from '../../../contract';
import { volumeFates } from './scratch-volumes';

const vol = (id: string, o: Partial<Ec2Volume> = {}): Ec2Volume => ({
  region: 'us-east-1',
  volumeId: id,
  name: '',
  sizeGiB: 10,
  volumeType: 'gp3',
  state: 'in-use',
  availabilityZone: 'us-east-1a',
  encrypted: false,
  snapshotId: 'snap-1',
  createTime: '',
  attachments: [],
  tags: { 'opsdeck:scratch-run': 'r1', 'opsdeck:restore-of': 'bk1' },
  ...o,
});
const on = (instanceId: string, deleteOnTermination: boolean, state = 'attached') => ({
  instanceId,
  device: '/dev/sdp',
  state,
  deleteOnTermination,
});

const RUN = { runId: 'r1', backupId: 'bk1' };

describe('volumeFates (what the undo and the finish do with the volumes made from the snapshots)', () => {
  it('lets flagged volumes go with the instance, flags the unflagged, deletes the unattached', () => {
    const f = volumeFates(
      [
        vol('vol-go', { attachments: [on('i-1', true)] }),
        vol('vol-flag', { attachments: [on('i-1', false)] }),
        vol('vol-attaching', { attachments: [on('i-1', false, 'attaching')] }),
        vol('vol-broken', { state: 'error' }),
        vol('vol-free', { state: 'available' }),
        vol('vol-new', { state: 'creating' }),
        vol('vol-gone', { state: 'deleting' }),
      ],
      ['i-1'],
      RUN,
    );
    expect(f.goWith.map((v) => v.volumeId)).toEqual(['vol-go']);
    expect(f.toFlag.map((v) => v.volumeId)).toEqual(['vol-flag']);
    expect(f.afterEnd.map((v) => v.volumeId)).toEqual(['vol-attaching']);
    expect(f.toDelete.map((v) => v.volumeId)).toEqual(['vol-broken', 'vol-free', 'vol-new']);
    expect(f.elsewhere).toEqual([]);
  });

  it('never touches a volume someone attached to another instance', () => {
    const f = volumeFates(
      [vol('vol-moved', { attachments: [on('i-other', false)] })],
      ['i-1'],
      RUN,
    );
    expect(f.elsewhere.map((v) => v.volumeId)).toEqual(['vol-moved']);
    expect([...f.goWith, ...f.toFlag, ...f.toDelete]).toEqual([]);
  });

  it('never touches a volume whose tags name another run or backup', () => {
    const f = volumeFates(
      [
        vol('vol-other-backup', {
          state: 'available',
          tags: { 'opsdeck:scratch-run': 'r1', 'opsdeck:restore-of': 'bk2' },
        }),
        vol('vol-untagged', { state: 'available', tags: {} }),
      ],
      ['i-1'],
      RUN,
    );
    expect(f.foreign.map((v) => v.volumeId)).toEqual(['vol-other-backup', 'vol-untagged']);
    expect(f.toDelete).toEqual([]);
  });

  it('counts a detached attachment as none (the volume is deleted)', () => {
    const f = volumeFates(
      [vol('vol-d', { attachments: [on('i-1', false, 'detached')] })],
      ['i-1'],
      RUN,
    );
    expect(f.toDelete.map((v) => v.volumeId)).toEqual(['vol-d']);
  });
});
