import { describe, expect, it } from 'vitest';
import { parseLsblk, type BlockDevice } from './block-devices';
import { assessDevices } from './device-rules';
import { DiskLayout } from '../../../contract';
import { NITRO, PLAIN, XEN } from '../../../../testing/disks/lsblk-samples';

const layout = (o: Record<string, unknown> = {}) =>
  DiskLayout.parse({ mountpoint: '/var/lib/mysql', ...o });
const none = { pvGroups: new Map<string, string>() };
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string; hint: string };
  }
  throw new Error('not refused');
};

describe('which devices may be used', () => {
  it('blank disks are blank; names resolve to lsblk paths', () => {
    expect(
      assessDevices(
        'db',
        parseLsblk(NITRO),
        ['nvme1n1', '/dev/nvme2n1'],
        layout({ raid0: true }),
        none,
      ),
    ).toEqual([
      { path: '/dev/nvme1n1', kind: 'blank' },
      { path: '/dev/nvme2n1', kind: 'blank' },
    ]);
  });

  it('refuses the root disk (partitions), a filesystem, and a missing or repeated device', () => {
    const nitro = parseLsblk(NITRO);
    expect(
      refusal(() => assessDevices('db', nitro, ['/dev/nvme0n1'], layout(), none)),
    ).toMatchObject({
      code: 'CONFLICT',
      message: '/dev/nvme0n1 on db has partitions (/dev/nvme0n1p1, /dev/nvme0n1p128).',
      hint: expect.stringContaining('wipefs -a /dev/nvme0n1'),
    });
    expect(
      refusal(() => assessDevices('db', nitro, ['/dev/nvme0n1p1'], layout(), none)).message,
    ).toBe(
      '/dev/nvme0n1p1 on db already has a xfs filesystem labelled / (UUID e6c3a4ee-3c2d-4a3e-9a2f-1bb1d1b1c1a1), mounted at /.',
    );
    expect(
      refusal(() => assessDevices('db', parseLsblk(PLAIN), ['/dev/vda'], layout(), none)).message,
    ).toBe('/dev/vda on db is mounted at /.');
    expect(refusal(() => assessDevices('db', nitro, ['/dev/sdz'], layout(), none))).toMatchObject({
      code: 'NOT_FOUND',
      message: '/dev/sdz is not a block device on db.',
    });
    expect(
      refusal(() =>
        assessDevices('db', nitro, ['/dev/nvme1n1', 'nvme1n1'], layout({ raid0: true }), none),
      ).code,
    ).toBe('INVALID_PARAMS');
  });

  it('an array this layout made is ours; any other layout is refused', () => {
    const xen = parseLsblk(XEN);
    const existing = { mdName: 'md127', pvGroups: new Map<string, string>() };
    expect(
      assessDevices('db', xen, ['/dev/xvdf', '/dev/xvdg'], layout({ raid0: true }), existing),
    ).toEqual([
      { path: '/dev/xvdf', kind: 'ours' },
      { path: '/dev/xvdg', kind: 'ours' },
    ]);
    expect(
      refusal(() =>
        assessDevices('db', xen, ['/dev/xvdf', '/dev/xvdg'], layout({ lvm: true }), existing),
      ).message,
    ).toBe('/dev/xvdf on db is part of /dev/md127 (raid0).');
    // The same array under another name (another layout's) is not ours either.
    expect(
      refusal(() =>
        assessDevices('db', xen, ['/dev/xvdf', '/dev/xvdg'], layout({ raid0: true }), none),
      ).code,
    ).toBe('CONFLICT');
    expect(refusal(() => assessDevices('db', xen, ['/dev/md127'], layout(), none)).message).toBe(
      '/dev/md127 on db is a raid0 device, not a disk.',
    );
  });

  it('an unassembled md member, a foreign PV and a partition table are refused; our PV is ours', () => {
    const one = (d: Partial<BlockDevice>) =>
      parseLsblk(
        JSON.stringify({ blockdevices: [{ name: 'sdb', path: '/dev/sdb', type: 'disk', ...d }] }),
      );
    expect(
      refusal(() =>
        assessDevices('h', one({ fstype: 'linux_raid_member' }), ['/dev/sdb'], layout(), none),
      ).hint,
    ).toContain('mdadm --examine /dev/sdb');
    const pvs = new Map([['/dev/sdb', 'vg_mysql']]);
    expect(
      assessDevices('h', one({ fstype: 'LVM2_member' }), ['/dev/sdb'], layout({ lvm: true }), {
        pvGroups: pvs,
      }),
    ).toEqual([{ path: '/dev/sdb', kind: 'ours' }]);
    expect(
      refusal(() =>
        assessDevices(
          'h',
          one({ fstype: 'LVM2_member' }),
          ['/dev/sdb'],
          layout({ lvm: true, name: 'other' }),
          { pvGroups: pvs },
        ),
      ).message,
    ).toBe('/dev/sdb on h is an LVM physical volume of volume group vg_mysql.');
    const withTable = one({}).map((d) => ({ ...d, ptType: 'gpt' }));
    expect(refusal(() => assessDevices('h', withTable, ['/dev/sdb'], layout(), none)).message).toBe(
      '/dev/sdb on h has a gpt partition table.',
    );
  });

  it('a filesystem of this layout (type and label) on a single disk is ours', () => {
    const xfs = parseLsblk(
      JSON.stringify({
        blockdevices: [{ name: 'sdb', type: 'disk', fstype: 'xfs', label: 'mysql' }],
      }),
    );
    expect(assessDevices('h', xfs, ['/dev/sdb'], layout(), none)).toEqual([
      { path: '/dev/sdb', kind: 'ours' },
    ]);
    expect(
      refusal(() => assessDevices('h', xfs, ['/dev/sdb'], layout({ filesystem: 'ext4' }), none))
        .code,
    ).toBe('CONFLICT');
  });
});
