import { OpsdeckError, type Ec2SshReady } from '../../../contract';
import type { HostService } from '../../inventory/host-service';
import type { ActionContext } from '../actions/action-context';
import { sshTarget } from './inventory';
import { waitForSsh } from './ssh-ready';

export interface InstanceSshWait {
  instanceId: string;
  port: number;
  timeoutMs: number;
  /** Stops the wait (the caller went away). */
  signal?: AbortSignal;
}

/**
 * Until sshd answers at the address Opsdeck would SSH to (sshTarget's choice): the launch
 * wizard's and `opsdeck ec2 launch --wait`'s last step.
 */
export async function waitForInstanceSsh(
  ctx: ActionContext,
  hosts: HostService,
  o: InstanceSshWait,
): Promise<Ec2SshReady> {
  const target = await sshTarget(ctx, hosts, o.instanceId);
  if (!target.address)
    throw new OpsdeckError(
      'NOT_FOUND',
      `${o.instanceId} has no address to SSH to.`,
      'Give it a public IP (an elastic IP, or a subnet that assigns one) or reach it through a VPN.',
    );
  const ready = await waitForSsh({
    address: target.address,
    port: o.port,
    timeoutMs: o.timeoutMs,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  return {
    ...ready,
    instanceId: o.instanceId,
    user: target.user,
    ...(target.keyPath ? { keyPath: target.keyPath } : {}),
  };
}
