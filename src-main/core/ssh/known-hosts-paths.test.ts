import { describe, expect, it } from 'vitest';
import { defaultKnownHostsFiles } from './known-hosts-paths';

describe('defaultKnownHostsFiles (what OpenSSH reads by default, read-only here)', () => {
  it('Linux and macOS: the user files, then the system-wide /etc/ssh/ssh_known_hosts(2)', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      expect(defaultKnownHostsFiles({ platform, home: '/home/ops', env: {} })).toEqual([
        '/home/ops/.ssh/known_hosts',
        '/home/ops/.ssh/known_hosts2',
        '/etc/ssh/ssh_known_hosts',
        '/etc/ssh/ssh_known_hosts2',
      ]);
    }
  });

  it("Windows: the user's files, then %ProgramData%\\ssh\\ssh_known_hosts (Win32-OpenSSH)", () => {
    expect(
      defaultKnownHostsFiles({
        platform: 'win32',
        home: 'C:\\Users\\ops',
        env: { ProgramData: 'D:\\ProgramData' },
      }),
    ).toEqual([
      'C:\\Users\\ops\\.ssh\\known_hosts',
      'C:\\Users\\ops\\.ssh\\known_hosts2',
      'D:\\ProgramData\\ssh\\ssh_known_hosts',
      'D:\\ProgramData\\ssh\\ssh_known_hosts2',
    ]);
    expect(
      defaultKnownHostsFiles({ platform: 'win32', home: 'C:\\Users\\ops', env: {} }),
    ).toContain('C:\\ProgramData\\ssh\\ssh_known_hosts');
  });
});
