import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export interface KnownHostsPathsEnv {
  platform: NodeJS.Platform;
  home: string;
  env: Record<string, string | undefined>;
}

/**
 * The known_hosts files OpenSSH reads by default (ssh_config(5) UserKnownHostsFile and
 * GlobalKnownHostsFile): the user's own, then the system-wide ones an administrator (or
 * configuration management) maintains for every user. Opsdeck reads them, never writes them.
 */
export function defaultKnownHostsFiles(
  at: KnownHostsPathsEnv = { platform: process.platform, home: homedir(), env: process.env },
): string[] {
  const path = at.platform === 'win32' ? win32 : posix;
  const user = ['known_hosts', 'known_hosts2'].map((f) => path.join(at.home, '.ssh', f));
  const systemDir =
    at.platform === 'win32'
      ? path.join(at.env.ProgramData ?? 'C:\\ProgramData', 'ssh')
      : '/etc/ssh';
  const system = ['ssh_known_hosts', 'ssh_known_hosts2'].map((f) => path.join(systemDir, f));
  return [...user, ...system];
}
