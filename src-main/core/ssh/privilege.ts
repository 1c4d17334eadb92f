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

/**
 * A pipeline as root whose status is its first failing stage's (`set -o pipefail`), also through
 * sudo: `asRoot`'s `sh` is dash on Debian and Ubuntu, which has no pipefail, so a failing
 * `mariadb-dump | zstd` under sudo would exit 0 with zstd and a cut stream would pass as whole.
 * As root the supervisor's bash already has pipefail.
 */
export const asRootPipeline = (host: Pick<Host, 'user' | 'profile'>, command: string) =>
  needsSudo(host) ? `sudo -n bash -c ${shellQuote(`set -o pipefail; ${command}`)}` : command;

/**
 * A bash script as root (PIPESTATUS, arrays), also where root's login shell is not bash: for a
 * command run by plain exec, not under the supervisor (whose `bash -c` is bash already).
 */
export const asRootBash = (host: Pick<Host, 'user' | 'profile'>, script: string) =>
  `${needsSudo(host) ? 'sudo -n ' : ''}bash -c ${shellQuote(script)}`;
