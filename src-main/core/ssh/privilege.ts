import type { Host } from '../../contract';
import { shellQuote } from '../common/shell';

/**
 * Commands that need root (config edits, service restarts, disk work, reading a server's files):
 * a login other than root, or a profile that says so, runs them through `sudo -n`, which never
 * waits for a password (it fails at once with "a password is required").
 */
export const needsSudo = (host: Pick<Host, 'user' | 'profile'>) =>
  host.profile.sudo || host.user !== 'root';

/** The command as root on that host. */
export const asRoot = (host: Pick<Host, 'user' | 'profile'>, command: string) =>
  needsSudo(host) ? `sudo -n sh -c ${shellQuote(command)}` : command;
