import { OpsdeckError, type Host } from '../../../contract';
import { asRoot, needsSudo } from '../../ssh/privilege';
import type { ExecResult, ShellOptions, StepContext } from '../engine/definition';

/** Disk work needs root: a login other than root (or a profile that says so) uses `sudo -n`. */
export { asRoot, needsSudo };

type Ssh = Pick<StepContext<unknown>, 'ssh'>;

export const rootRead = (ctx: Ssh, host: Host, command: string, options?: ShellOptions) =>
  ctx.ssh.read(host, asRoot(host, command), options);

export const rootWrite = (ctx: Ssh, host: Host, command: string, options?: ShellOptions) =>
  ctx.ssh.write(host, asRoot(host, command), options);

/** Fails early, with what to do, when sudo would ask for a password. */
export async function checkSudo(ctx: Ssh, host: Host): Promise<void> {
  if (!needsSudo(host)) return;
  const r: ExecResult = await ctx.ssh.read(host, 'sudo -n true', { okCodes: [0, 1] });
  if (r.code !== 0)
    throw new OpsdeckError(
      'SUDO_PASSWORD_REQUIRED',
      `${host.user} on ${host.name} cannot run sudo without a password, and preparing disks needs root.`,
      'Allow it without a password for that user (NOPASSWD in sudoers), or log in as root, then resume.',
    );
}
