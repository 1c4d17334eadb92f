import { describe, expect, it } from 'vitest';
import { parseLsblk } from '../../workflows/prepare-disks/block-devices';
import { dataFilesystem } from './members';

const lsblk = (devices: object[]) => JSON.stringify({ blockdevices: devices });

describe('the EBS volumes under the data dir', () => {
  it('a RAID0 over two NVMe volumes: both members, matched by the by-id links', () => {
    const devs = parseLsblk(
      lsblk([
        { name: 'nvme0n1', path: '/dev/nvme0n1', size: 8e9, type: 'disk', mountpoint: '/' },
        {
          name: 'nvme1n1',
          path: '/dev/nvme1n1',
          size: 1e11,
          type: 'disk',
          children: [
            { name: 'md0', path: '/dev/md0', type: 'raid0', mountpoint: '/var/lib/mysql' },
          ],
        },
        {
          name: 'nvme2n1',
          path: '/dev/nvme2n1',
          size: 1e11,
          type: 'disk',
          children: [
            { name: 'md0', path: '/dev/md0', type: 'raid0', mountpoint: '/var/lib/mysql' },
          ],
        },
      ]),
    );
    const byId = new Map([
      ['/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0aaa', '/dev/nvme1n1'],
      ['/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0bbb', '/dev/nvme2n1'],
    ]);
    const fs = dataFilesystem(
      '/var/lib/mysql /dev/md0 xfs\n/dev/nvme0n1p1',
      devs,
      byId,
      [
        { volumeId: 'vol-0root', device: '/dev/xvda' },
        { volumeId: 'vol-0aaa', device: '/dev/sdf' },
        { volumeId: 'vol-0bbb', device: '/dev/sdg' },
      ],
      'db1',
    );
    expect(fs).toMatchObject({ mountpoint: '/var/lib/mysql', layout: 'raid0', fstype: 'xfs' });
    expect(fs.members).toEqual([
      { device: '/dev/nvme1n1', volumeId: 'vol-0aaa' },
      { device: '/dev/nvme2n1', volumeId: 'vol-0bbb' },
    ]);
  });

  it('refuses a data dir on the root disk (a bind mount of it too) and a disk that is no EBS volume', () => {
    const devs = parseLsblk(
      lsblk([{ name: 'vda', path: '/dev/vda', size: 1e10, type: 'disk', mountpoint: '/' }]),
    );
    expect(() =>
      dataFilesystem('/var/lib/mysql /dev/vda[/srv/db] ext4\n/dev/vda', devs, new Map(), [], 'db1'),
    ).toThrow(/system filesystem/);
    expect(() => dataFilesystem('/ /dev/vda ext4\n/dev/vda', devs, new Map(), [], 'db1')).toThrow(
      /system filesystem/,
    );
    const other = parseLsblk(
      lsblk([{ name: 'sdb', path: '/dev/sdb', size: 1e10, type: 'disk', mountpoint: '/data' }]),
    );
    expect(() =>
      dataFilesystem('/data /dev/sdb ext4\n/dev/vda', other, new Map(), [], 'db1'),
    ).toThrow(/not an EBS volume attached/);
  });
});
