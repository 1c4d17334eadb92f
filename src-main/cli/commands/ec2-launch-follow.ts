import type { Ec2Instance, Ec2SshReady, Host } from '../../contract/index';
import type { CliContext } from '../cli-context';

export interface FollowScope {
  account: string;
  region: string;
  instanceIds: string[];
  /** When the whole wait gives up (Date.now() based). */
  deadline: number;
}

const describe = (i: Ec2Instance) =>
  [
    i.state,
    i.availabilityZone,
    i.publicIp && `public ${i.publicIp}`,
    i.privateIp && `private ${i.privateIp}`,
  ]
    .filter(Boolean)
    .join('  ');

/** Seconds left before the deadline (at least 1). */
const secondsLeft = (f: FollowScope) => Math.max(1, Math.ceil((f.deadline - Date.now()) / 1000));

/**
 * Until the launched instances run: the core's wait (core/aws/launch/instance-running, the one
 * the restore-test workflow uses too — a new id EC2 does not know yet is waited for, a stopped
 * or terminated one fails with its state), then each instance's line on stderr.
 */
export async function followToRunning(ctx: CliContext, f: FollowScope): Promise<Ec2Instance[]> {
  ctx.out.info(`${f.instanceIds.join(', ')}  waiting until running…`);
  const rows = await ctx.call('ec2.instances.waitRunning', {
    account: f.account,
    region: f.region,
    instanceIds: f.instanceIds,
    timeoutSec: secondsLeft(f),
  });
  for (const i of rows) ctx.out.info(`${i.instanceId}  ${describe(i)}`);
  return rows;
}

/** Then until sshd answers at the address Opsdeck would SSH to (the core's choice and wait). */
export async function followToSsh(
  ctx: CliContext,
  f: FollowScope,
  port: number,
): Promise<Ec2SshReady[]> {
  const ready: Ec2SshReady[] = [];
  for (const instanceId of f.instanceIds) {
    ctx.out.info(`${instanceId}  waiting for SSH on port ${port}…`);
    const r = await ctx.call('ec2.instances.waitForSsh', {
      account: f.account,
      region: f.region,
      instanceId,
      port,
      timeoutSec: secondsLeft(f),
    });
    ctx.out.info(
      `${instanceId}  SSH ready (${r.banner}) at ${r.address}:${r.port}; login ${r.user}${r.keyPath ? ` with ${r.keyPath}` : ''}`,
    );
    ready.push(r);
  }
  return ready;
}

/** Each instance into the host inventory (or its host refreshed), as the wizard's SSH button. */
export async function addLaunchedToInventory(ctx: CliContext, f: FollowScope): Promise<Host[]> {
  const hosts: Host[] = [];
  for (const instanceId of f.instanceIds) {
    const { host, created } = await ctx.call('ec2.instances.addToInventory', {
      account: f.account,
      region: f.region,
      instanceId,
    });
    ctx.out.info(
      `${instanceId}  ${created ? 'added to' : 'refreshed in'} the inventory as ${host.name} (${host.user}@${host.address})`,
    );
    hosts.push(host);
  }
  return hosts;
}
