import { describe, expect, it } from 'vitest';
import { DEFAULT_DISK_FORM, diskFormProblem, diskParams, diskSummary } from './disk-layout';

describe('provision dialog: disk layout', () => {
  it('defaults to XFS at /var/lib/mysql, RAID0 once there are two volumes', () => {
    expect(diskParams(DEFAULT_DISK_FORM, 1)).toEqual({
      filesystem: 'xfs',
      mountpoint: '/var/lib/mysql',
      raid0: false,
      lvm: false,
      allowNonEmptyMountpoint: false,
    });
    expect(diskParams(DEFAULT_DISK_FORM, 2)).toMatchObject({ raid0: true });
    expect(diskSummary(DEFAULT_DISK_FORM, 2)).toContain(
      'stripes them (RAID0), formats XFS and mounts it at /var/lib/mysql',
    );
  });

  it('says what is wrong, and nothing when the disks are left alone', () => {
    const f = { ...DEFAULT_DISK_FORM };
    expect(diskFormProblem({ ...f, mountpoint: 'data' }, 1)).toMatch(
      /^Mountpoint: .*absolute path/,
    );
    expect(diskFormProblem({ ...f, mountpoint: '/var' }, 1)).toMatch(/system directory/);
    expect(diskFormProblem({ ...f, owner: 'My User' }, 1)).toBe('Owner: Use user or user:group');
    expect(diskFormProblem({ ...f, raid0: false }, 2)).toBe(
      'Several devices need RAID0 or LVM to become one filesystem',
    );
    expect(diskFormProblem({ ...f, raid0: false, lvm: true }, 2)).toBeUndefined();
    expect(diskFormProblem({ ...f, raid0: true }, 1)).toBe('RAID0 needs at least 2 devices');
    expect(diskFormProblem({ ...f, readaheadKiB: 'lots' }, 1)).toMatch(/Read-ahead/);
    expect(diskFormProblem({ ...f, prepare: false, mountpoint: '' }, 3)).toBeUndefined();
    expect(diskParams({ ...f, prepare: false }, 1)).toBeUndefined();
    expect(
      diskParams({ ...f, owner: 'mysql:mysql', readaheadKiB: '128', host: 'db7' }, 1),
    ).toMatchObject({
      owner: 'mysql:mysql',
      readaheadKiB: 128,
      hostId: 'db7',
    });
  });
});
