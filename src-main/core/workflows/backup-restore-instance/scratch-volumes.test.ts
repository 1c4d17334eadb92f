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
  tags: {},
  ...o,
});
const on = (instanceId: string, deleteOnTermination: boolean, state = 'attached') => ({
  instanceId,
  device: '/dev/sdp',
  state,
  deleteOnTermination,
});

describe('volumeFates (what the undo and the finish do with the volumes made from the snapshots)', () => {
  it('lets flagged volumes go with the instance, flags the unflagged, deletes the unattached', () => {
    const f = volumeFates(
      [
        vol('vol-go', { attachments: [on('i-1', true)] }),
        vol('vol-flag', { attachments: [on('i-1', false, 'attaching')] }),
        vol('vol-free', { state: 'available' }),
        vol('vol-new', { state: 'creating' }),
        vol('vol-gone', { state: 'deleting' }),
      ],
      ['i-1'],
    );
    expect(f.goWith.map((v) => v.volumeId)).toEqual(['vol-go']);
    expect(f.toFlag.map((v) => v.volumeId)).toEqual(['vol-flag']);
    expect(f.toDelete.map((v) => v.volumeId)).toEqual(['vol-free', 'vol-new']);
    expect(f.elsewhere).toEqual([]);
  });

  it('never touches a volume someone attached to another instance', () => {
    const f = volumeFates([vol('vol-moved', { attachments: [on('i-other', false)] })], ['i-1']);
    expect(f.elsewhere.map((v) => v.volumeId)).toEqual(['vol-moved']);
    expect([...f.goWith, ...f.toFlag, ...f.toDelete]).toEqual([]);
  });

  it('counts a detached attachment as none (the volume is deleted)', () => {
    const f = volumeFates([vol('vol-d', { attachments: [on('i-1', false, 'detached')] })], ['i-1']);
    expect(f.toDelete.map((v) => v.volumeId)).toEqual(['vol-d']);
  });
});
