import { describe, expect, it } from 'vitest';
import { OpsdeckError, READ_WITH_SUDO_OFFER, type Host } from '../../contract';
import { testHost } from '../../../testing/core/test-host';
import { readHostFile, type HostFileDeps } from './host-file';

/**
 * Who decides to read through sudo when SFTP is denied: the host profile, not the login. The
 * SFTP read is made to fail with PERMISSION_DENIED (fault injection); `exec` answers `sudo -n true`
 * as the login's sudoers would, and the read script as a host would.
 */
function deps(sudoWorks: boolean, commands: string[]): HostFileDeps {
  return {
    pool: { acquire: () => Promise.reject(new Error('no SFTP in this test')) },
    files: {
      read: () =>
        Promise.reject(new OpsdeckError('PERMISSION_DENIED', 'Permission denied', 'denied')),
    },
    exec: (_host, command) => {
      commands.push(command);
      if (command === 'sudo -n true')
        return Promise.resolve(
          sudoWorks
            ? { code: 0, stdout: '', stderr: '' }
            : { code: 1, stdout: '', stderr: 'sudo: a password is required\n' },
        );
      const data = Buffer.from('secret = 1\n');
      return Promise.resolve({
        code: 0,
        stdout: `OK ${data.length} 1700000000 600 0 0 /etc/x.cnf\n${data.toString('base64')}\n`,
        stderr: '',
      });
    },
  } as HostFileDeps;
}
const host = (user: string, sudo: boolean): Host =>
  testHost('db1', { user, profile: { ...testHost('db1').profile, sudo } });

describe('readHostFile when SFTP is denied', () => {
  it('profile says sudo: reads through sudo -n as before', async () => {
    const commands: string[] = [];
    const f = await readHostFile(deps(true, commands), host('admin', true), '/etc/x.cnf', 1000);
    expect(f).toMatchObject({ via: 'sudo', text: 'secret = 1\n' });
    expect(commands).toEqual(["sudo -n sh -s -- '/etc/x.cnf' '1000'"]);
  });

  it('profile without sudo, login may sudo: denied, offering "Read with sudo" and --sudo', async () => {
    const commands: string[] = [];
    const err = await readHostFile(deps(true, commands), host('admin', false), '/etc/x.cnf', 1000)
      .then(() => undefined)
      .catch((e: OpsdeckError) => e);
    expect(err).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(err?.message).toBe(
      "admin may not read /etc/x.cnf on db1 (permission denied), and db1's profile does not say to read through sudo.",
    );
    expect(err?.hint).toContain(READ_WITH_SUDO_OFFER);
    expect(err?.hint).toContain('--sudo');
    expect(commands).toEqual(['sudo -n true']);
  });

  it('profile without sudo, sudo wants a password: denied, no offer, says what to do', async () => {
    const err = await readHostFile(
      deps(false, []),
      host('deploy', false),
      '/etc/x.cnf',
      1000,
    ).catch((e: OpsdeckError) => e);
    expect(err).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect((err as OpsdeckError).hint).not.toContain(READ_WITH_SUDO_OFFER);
    expect((err as OpsdeckError).hint).toMatch(/deploy may not use sudo -n on db1.*NOPASSWD/);
  });

  it('asked for sudo: reads through sudo without trying SFTP', async () => {
    const commands: string[] = [];
    const f = await readHostFile(
      deps(false, commands),
      host('admin', false),
      '/etc/x.cnf',
      1000,
      true,
    );
    expect(f.via).toBe('sudo');
    expect(commands).toHaveLength(1);
  });
});
