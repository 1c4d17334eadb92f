import type { SFTPWrapper } from 'ssh2';
import { describe, expect, it } from 'vitest';
import type { Host } from '../../contract';
import { Sftp } from './sftp-session';

/**
 * Status mapping of SFTP errors. The lab logs in as root, which no permission stops, so the
 * server's SSH_FX_PERMISSION_DENIED (3) answer is played by a stand-in channel here.
 */
const host = { name: 'db7', user: 'deploy' } as Host;
const status = (code: number, message: string) => Object.assign(new Error(message), { code });
const answering = (err: Error) => {
  const fail = (...args: unknown[]) => (args[args.length - 1] as (e: Error) => void)(err);
  return new Sftp(
    { readdir: fail, ext_openssh_hardlink: fail, realpath: fail } as unknown as SFTPWrapper,
    host,
  );
};

describe('Sftp errors', () => {
  it('reports permission denied with its own code, naming host, path and user', async () => {
    await expect(answering(status(3, 'Permission denied')).readdir('/root')).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: 'Permission denied to list /root on db7 (as deploy).',
    });
  });

  it('reports a missing path as NOT_FOUND', async () => {
    await expect(answering(status(2, 'No such file')).realpath('/nope')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: '/nope does not exist on db7.',
    });
  });

  it('a refused hard link (protected_hardlinks) is "no link", so backups fall back to a copy', async () => {
    expect(await answering(status(3, 'Permission denied')).hardlink('/a', '/a.bak')).toBe(false);
    expect(await answering(status(8, 'Unsupported')).hardlink('/a', '/a.bak')).toBe(false);
    await expect(
      answering(status(2, 'No such file')).hardlink('/a', '/a.bak'),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
