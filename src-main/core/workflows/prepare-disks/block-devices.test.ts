import { describe, expect, it } from 'vitest';
import { findDevice, parseByIdLinks, parseLsblk } from './block-devices';
import { findEbsDevice, ebsByIdLink, ebsSerial, attachNameCandidates } from './ebs-devices';
import { NITRO, NITRO_BY_ID, PLAIN, XEN } from '../../../../testing/disks/lsblk-samples';

describe('parseLsblk', () => {
  it('flattens the tree; an array under each member is one device naming both parents', () => {
    const devices = parseLsblk(XEN);
    expect(devices.map((d) => d.name)).toEqual(['xvda', 'xvda1', 'xvdf', 'md127', 'xvdg', 'xvdh']);
    expect(findDevice(devices, 'md127')).toMatchObject({
      type: 'raid0',
      fstype: 'xfs',
      label: 'mysql',
      mountpoint: '/var/lib/mysql',
      parents: ['xvdf', 'xvdg'],
    });
    expect(findDevice(devices, '/dev/xvdf')?.children).toEqual(['md127']);
    expect(findDevice(devices, '/dev/xvda')?.children).toEqual(['xvda1']);
  });

  it('reads old lsblk (no PATH, every value a string) and leaves empty columns out', () => {
    const nvme1 = findDevice(parseLsblk(NITRO), '/dev/nvme1n1');
    expect(nvme1).toEqual({
      name: 'nvme1n1',
      path: '/dev/nvme1n1',
      sizeBytes: 107374182400,
      type: 'disk',
      serial: 'vol0123456789abcdef0',
      parents: [],
      children: [],
    });
  });

  it('takes the first of lsblk 2.37+ mountpoints, and knows the path without a PATH column', () => {
    const [d] = parseLsblk(
      JSON.stringify({ blockdevices: [{ name: 'sdb', type: 'disk', mountpoints: [null] }] }),
    );
    expect(d).toMatchObject({ path: '/dev/sdb', sizeBytes: 0 });
    const [lv] = parseLsblk(JSON.stringify({ blockdevices: [{ name: 'vg_a-lv_a', type: 'lvm' }] }));
    expect(lv?.path).toBe('/dev/mapper/vg_a-lv_a');
    expect(d?.mountpoint).toBeUndefined();
    const [m] = parseLsblk(
      JSON.stringify({
        blockdevices: [{ name: 'sdc', type: 'disk', mountpoints: ['/data', '/x'] }],
      }),
    );
    expect(m?.mountpoint).toBe('/data');
  });

  it('refuses output that is not JSON, saying which lsblk is needed', () => {
    expect(() => parseLsblk('lsblk: unknown option -- J')).toThrow(/lsblk did not print JSON/);
  });

  it('reads the recorded plain machine', () => {
    const devices = parseLsblk(PLAIN);
    expect(findDevice(devices, '/dev/vda')?.mountpoint).toBe('/');
    expect(findDevice(devices, 'loop1')).toMatchObject({ fstype: 'xfs', label: 'other' });
  });
});

describe('finding an EBS volume on the instance', () => {
  const nitro = parseLsblk(NITRO);
  const links = parseByIdLinks(NITRO_BY_ID);

  it('knows the serial and the udev link of a volume', () => {
    expect(ebsSerial('vol-0123456789abcdef0')).toBe('vol0123456789abcdef0');
    expect(ebsByIdLink('vol-0abc')).toBe('/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0abc');
    expect(links.get(ebsByIdLink('vol-0123456789abcdef0'))).toBe('/dev/nvme1n1');
    expect(attachNameCandidates('/dev/sdh')).toEqual(['/dev/xvdh', '/dev/sdh']);
    expect(attachNameCandidates('/dev/nvme1n1')).toEqual(['/dev/nvme1n1']);
  });

  it('Nitro: by the udev link, else by the NVMe serial — never by the attach name', () => {
    expect(
      findEbsDevice({ volumeId: 'vol-0123456789abcdef0', device: '/dev/sdf' }, nitro, links),
    ).toEqual({
      path: '/dev/nvme1n1',
      via: '/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0',
    });
    // nvme2n1 has no by-id link (udev rules missing): its serial still names it.
    expect(
      findEbsDevice({ volumeId: 'vol-0fedcba9876543210', device: '/dev/sdg' }, nitro, links),
    ).toEqual({ path: '/dev/nvme2n1', via: 'NVMe serial vol0fedcba9876543210' });
    // Not attached yet: nothing, even though /dev/sdh might mean anything.
    expect(
      findEbsDevice({ volumeId: 'vol-0999', device: '/dev/sdh' }, nitro, links),
    ).toBeUndefined();
  });

  it('Xen: /dev/sdh shows up as /dev/xvdh', () => {
    expect(
      findEbsDevice({ volumeId: 'vol-0aaa', device: '/dev/sdh' }, parseLsblk(XEN), new Map()),
    ).toEqual({
      path: '/dev/xvdh',
      via: '/dev/sdh → /dev/xvdh',
    });
  });

  it('elsewhere: the attach name itself', () => {
    const devices = parseLsblk(
      JSON.stringify({ blockdevices: [{ name: 'sdf', path: '/dev/sdf', type: 'disk' }] }),
    );
    expect(findEbsDevice({ volumeId: 'vol-0aaa', device: '/dev/sdf' }, devices, new Map())).toEqual(
      {
        path: '/dev/sdf',
        via: 'attach name',
      },
    );
  });
});

describe('device names from the host on command lines (issue 12 #3)', () => {
  const listing = (device: Record<string, unknown>) =>
    JSON.stringify({ blockdevices: [{ name: 'xvda', type: 'disk', size: 1 }, device] });

  it('refuses a listing with a device name or path that could be an option or holds control characters', () => {
    for (const odd of [
      { name: '-rf', type: 'disk' },
      { name: 'xvdf', path: '--force', type: 'disk' },
      { name: 'xvdf', path: '/tmp/xvdf', type: 'disk' },
      { name: 'xvd\nf', type: 'disk' },
    ])
      expect(() => parseLsblk(listing(odd))).toThrow(
        expect.objectContaining({ code: 'SSH_COMMAND_FAILED' }),
      );
  });

  it('by-id links holding control characters are ignored', () => {
    const links = parseByIdLinks(
      '/dev/disk/by-id/nvme-a\t/dev/nvme1n1\n/dev/disk/by-id/x\t/dev/x\u001b[2J\n',
    );
    expect([...links.keys()]).toEqual(['/dev/disk/by-id/nvme-a']);
  });
});
