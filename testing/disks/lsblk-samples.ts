/**
 * `lsblk -J -b -o NAME,PATH,SIZE,TYPE,SERIAL,FSTYPE,LABEL,UUID,MOUNTPOINT,PKNAME` as printed by
 * three kinds of machine. PLAIN was recorded on this project's Debian 12 test machine (util-linux
 * 2.38, with two loop devices); NITRO follows Amazon Linux 2's util-linux 2.30, which has no PATH
 * column (the fallback command leaves it out) and prints every value as a string; XEN follows Ubuntu 22.04 (2.37) on a Xen instance, with a RAID0 from
 * an earlier run (the array is listed under each member).
 */

export const PLAIN = JSON.stringify({
  blockdevices: [
    {
      name: 'vda',
      path: '/dev/vda',
      size: 274877906944,
      type: 'disk',
      serial: null,
      fstype: null,
      label: null,
      uuid: null,
      mountpoint: '/',
      pkname: null,
    },
    {
      name: 'loop0',
      path: '/dev/loop0',
      size: 314572800,
      type: 'loop',
      serial: null,
      fstype: null,
      label: null,
      uuid: null,
      mountpoint: null,
      pkname: null,
    },
    {
      name: 'loop1',
      path: '/dev/loop1',
      size: 314572800,
      type: 'loop',
      serial: null,
      fstype: 'xfs',
      label: 'other',
      uuid: 'b68a99b3-a41d-4348-ab9b-c06de3084bb8',
      mountpoint: null,
      pkname: null,
    },
  ],
});

export const NITRO = JSON.stringify({
  blockdevices: [
    {
      name: 'nvme0n1',

      size: '8589934592',
      type: 'disk',
      serial: 'vol0f1e2d3c4b5a69788',
      fstype: null,
      label: null,
      uuid: null,
      mountpoint: null,
      pkname: null,
      children: [
        {
          name: 'nvme0n1p1',

          size: '8578400256',
          type: 'part',
          serial: null,
          fstype: 'xfs',
          label: '/',
          uuid: 'e6c3a4ee-3c2d-4a3e-9a2f-1bb1d1b1c1a1',
          mountpoint: '/',
          pkname: 'nvme0n1',
        },
        {
          name: 'nvme0n1p128',

          size: '1048576',
          type: 'part',
          serial: null,
          fstype: null,
          label: null,
          uuid: null,
          mountpoint: null,
          pkname: 'nvme0n1',
        },
      ],
    },
    {
      name: 'nvme1n1',

      size: '107374182400',
      type: 'disk',
      serial: 'vol0123456789abcdef0',
      fstype: null,
      label: null,
      uuid: null,
      mountpoint: null,
      pkname: null,
    },
    {
      name: 'nvme2n1',

      size: '107374182400',
      type: 'disk',
      serial: 'vol0fedcba9876543210',
      fstype: null,
      label: null,
      uuid: null,
      mountpoint: null,
      pkname: null,
    },
  ],
});

/** /dev/disk/by-id on that Nitro instance (BY_ID_COMMAND output). */
export const NITRO_BY_ID = [
  '/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0f1e2d3c4b5a69788\t/dev/nvme0n1',
  '/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0f1e2d3c4b5a69788-part1\t/dev/nvme0n1p1',
  '/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0\t/dev/nvme1n1',
  '/dev/disk/by-id/nvme-nvme.1d0f-766f6c30313233343536373839616263646566\t/dev/nvme1n1',
  '',
].join('\n');

const md127 = {
  name: 'md127',
  path: '/dev/md127',
  size: 21458059264,
  type: 'raid0',
  serial: null,
  fstype: 'xfs',
  label: 'mysql',
  uuid: '5d7a9c4e-0c1b-4f55-9a0e-2f3b4c5d6e7f',
  mountpoint: '/var/lib/mysql',
};
export const XEN = JSON.stringify({
  blockdevices: [
    {
      name: 'xvda',
      path: '/dev/xvda',
      size: 8589934592,
      type: 'disk',
      serial: null,
      fstype: null,
      label: null,
      uuid: null,
      mountpoint: null,
      pkname: null,
      children: [
        {
          name: 'xvda1',
          path: '/dev/xvda1',
          size: 8588869120,
          type: 'part',
          serial: null,
          fstype: 'ext4',
          label: 'cloudimg-rootfs',
          uuid: '0f2a4e1c-7a55-4c1e-8d7b-2b8c7e2f9a11',
          mountpoint: '/',
          pkname: 'xvda',
        },
      ],
    },
    {
      name: 'xvdf',
      path: '/dev/xvdf',
      size: 10737418240,
      type: 'disk',
      serial: null,
      fstype: 'linux_raid_member',
      label: 'ip-10-0-0-12:mysql',
      uuid: '9b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
      mountpoint: null,
      pkname: null,
      children: [{ ...md127, pkname: 'xvdf' }],
    },
    {
      name: 'xvdg',
      path: '/dev/xvdg',
      size: 10737418240,
      type: 'disk',
      serial: null,
      fstype: 'linux_raid_member',
      label: 'ip-10-0-0-12:mysql',
      uuid: '9b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
      mountpoint: null,
      pkname: null,
      children: [{ ...md127, pkname: 'xvdg' }],
    },
    {
      name: 'xvdh',
      path: '/dev/xvdh',
      size: 53687091200,
      type: 'disk',
      serial: null,
      fstype: null,
      label: null,
      uuid: null,
      mountpoint: null,
      pkname: null,
    },
  ],
});
