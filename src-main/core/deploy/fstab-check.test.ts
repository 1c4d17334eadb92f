import { describe, expect, it } from 'vitest';
import { unmountedFstabEntries } from './fstab-check';

describe('deployment check: fstab mounts present and mounted', () => {
  it('reports fstab entries that are not mounted; swap, noauto and comments are not checked', () => {
    const fstab = [
      '# /etc/fstab',
      'UUID=aaa / ext4 defaults 0 1',
      'UUID=bbb /var/lib/mysql xfs defaults,nofail 0 2',
      '/dev/sdc1 /srv/My\\040Data ext4 defaults 0 2',
      '/swapfile none swap sw 0 0',
      '/dev/sr0 /media/cdrom udf,iso9660 user,noauto 0 0',
    ].join('\n');
    const mounts = [
      '/dev/sda1 / ext4 rw 0 0',
      '/dev/sdc1 /srv/My\\040Data ext4 rw 0 0',
      'proc /proc proc rw 0 0',
    ].join('\n');
    expect(unmountedFstabEntries(fstab, mounts)).toEqual({
      checked: ['/', '/var/lib/mysql', '/srv/My Data'],
      missing: ['/var/lib/mysql'],
    });
  });
});
