import { setTimeout as sleep } from 'node:timers/promises';
import { OpsdeckError } from '../../contract/errors';
import type { Ec2Instance, Ec2SshReady, Host } from '../../contract/index';
import type { CliContext } from '../cli-context';

/** Like the wizard's follow page: poll every 2 s (the first look sooner). */
const POLL_MS = 2000;
const FIRST_POLL_MS = 300;

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

/**
 * Follow the launched instances until none is pending, printing each state change on stderr.
 * A new instance may not be listed yet (EC2 is eventually consistent): not found is retried.
 */
export async function followToRunning(ctx: CliContext, f: FollowScope): Promise<Ec2Instance[]> {
  const seen = new Map<string, string>();
  let rows: Ec2Instance[] = [];
  await sleep(FIRST_POLL_MS);
  for (;;) {
    try {
      rows = (
        await ctx.call('ec2.instances', {
          account: f.account,
          region: f.region,
          instanceIds: f.instanceIds,
        })
      ).rows;
    } catch (err) {
      if ((err as OpsdeckError).code !== 'AWS_NOT_FOUND') throw err;
    }
    for (const i of rows) {
      const line = describe(i);
      if (seen.get(i.instanceId) !== line) ctx.out.info(`${i.instanceId}  ${line}`);
      seen.set(i.instanceId, line);
    }
    const settled =
      rows.length === f.instanceIds.length && rows.every((i) => i.state !== 'pending');
    if (settled) break;
    if (Date.now() + POLL_MS > f.deadline)
      throw new OpsdeckError(
        'TIMEOUT',
        `${f.instanceIds.join(', ')} still pending after the wait timeout.`,
        'Wait longer (--wait-timeout), or look at `opsdeck ec2 instances` later.',
      );
    await sleep(POLL_MS);
  }
  const failed = rows.find((i) => i.state !== 'running');
  if (failed)
    throw new OpsdeckError(
      'AWS_INCORRECT_STATE',
      `${failed.instanceId} went ${failed.state} instead of running.`,
      `Read why with \`opsdeck ec2 console ${failed.instanceId}\` (capacity, a bad AMI or a volume it cannot create).`,
    );
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
      timeoutSec: Math.max(1, Math.ceil((f.deadline - Date.now()) / 1000)),
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
