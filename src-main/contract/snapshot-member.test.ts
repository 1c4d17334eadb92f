import { describe, expect, it } from 'vitest';
import { formatSnapshotMember } from './backups';

describe('formatSnapshotMember', () => {
  it('names the snapshot, its volume and device; a device not known says so', () => {
    expect(
      formatSnapshotMember({ snapshotId: 'snap-1', volumeId: 'vol-1', device: '/dev/sdf' }),
    ).toBe('snap-1 (vol-1, /dev/sdf)');
    expect(formatSnapshotMember({ snapshotId: 'snap-2', volumeId: 'vol-2', device: '' })).toBe(
      'snap-2 (vol-2, unknown device)',
    );
  });
});
