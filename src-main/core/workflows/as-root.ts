import { OpsdeckError, type Host } from '../../contract';
import { asRoot, needsSudo } from '../ssh/privilege';
import type { ExecResult, ShellOptions, StepContext } from './engine/definition';

/**
 * Workflow commands that need root on a host (through `sudo -n` for a login that is not root):
 * reads may run while planning, writes are planned, run and audited like any other.
 */
type Ssh = Pick<StepContext<unknown>, 'ssh'>;

export const rootRead = (ctx: Ssh, host: Host, command: string, options?: ShellOptions) =>
  ctx.ssh.read(host, asRoot(host, command), options);

export const rootWrite = (ctx: Ssh, host: Host, command: string, options?: ShellOptions) =>
  ctx.ssh.write(host, asRoot(host, command), options);

/** Fails early, with what to do, when sudo would ask for a password (it never waits: -n). */
export async function checkSudo(ctx: Ssh, host: Host, needsRootFor: string): Promise<void> {
  if (!needsSudo(host)) return;
  const r: ExecResult = await ctx.ssh.read(host, 'sudo -n true', { okCodes: [0, 1, 127] });
  if (r.code !== 0)
    throw new OpsdeckError(
      'SUDO_PASSWORD_REQUIRED',
      r.code === 127
        ? `${host.user} on ${host.name} is not root and there is no sudo, and ${needsRootFor} needs root.`
        : `${host.user} on ${host.name} cannot run sudo without a password, and ${needsRootFor} needs root.`,
      'Allow it without a password for that user (NOPASSWD in sudoers), or log in as root, then resume.',
    );
}
