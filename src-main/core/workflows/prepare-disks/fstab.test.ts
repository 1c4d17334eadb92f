import { describe, expect, it } from 'vitest';
import { fstabStatus, parseFstab } from './fstab';

const FSTAB = `# /etc/fstab: static file system information.
UUID=0f2a4e1c-7a55-4c1e-8d7b-2b8c7e2f9a11 /               ext4    errors=remount-ro 0       1
/dev/xvdb   /mnt/with\\040space  auto  defaults,nofail  0 2
LABEL=mysql /var/lib/mysql xfs defaults,noatime,nofail 0 2

`;

describe('/etc/fstab', () => {
  it('parses entries, skipping comments and decoding \\040', () => {
    expect(parseFstab(FSTAB).map((e) => [e.spec, e.file, e.vfstype])).toEqual([
      ['UUID=0f2a4e1c-7a55-4c1e-8d7b-2b8c7e2f9a11', '/', 'ext4'],
      ['/dev/xvdb', '/mnt/with space', 'auto'],
      ['LABEL=mysql', '/var/lib/mysql', 'xfs'],
    ]);
  });

  it('present once, absent, or a conflict that names the other line', () => {
    const ours = parseFstab('UUID=u1 /data xfs defaults,noatime,nofail 0 2\n');
    expect(fstabStatus('h', ours, 'u1', '/data')).toBe('present');
    expect(fstabStatus('h', ours, 'u2', '/data2')).toBe('absent');
    expect(() => fstabStatus('h', parseFstab(FSTAB), 'u9', '/var/lib/mysql')).toThrow(
      '/etc/fstab on h already mounts LABEL=mysql at /var/lib/mysql.',
    );
    expect(() => fstabStatus('h', ours, 'u1', '/elsewhere')).toThrow(
      '/etc/fstab on h already mounts UUID=u1 at /data.',
    );
    expect(() =>
      fstabStatus(
        'h',
        parseFstab(`${'UUID=u1 /data xfs defaults 0 2\n'.repeat(2)}`),
        'u1',
        '/data',
      ),
    ).toThrow('lists /data 2 times');
    // Before mkfs there is no UUID yet: any line for the mountpoint is someone else's.
    expect(() => fstabStatus('h', ours, undefined, '/data')).toThrow(
      'already mounts UUID=u1 at /data',
    );
  });
});
