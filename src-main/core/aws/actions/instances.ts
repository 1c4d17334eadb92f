import {
  GetConsoleOutputCommand,
  RebootInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type InstanceStateChange,
} from '@aws-sdk/client-ec2';
import type { Ec2ActionResult } from '../../../contract';
import { listInstances } from '../resources/instances';
import { inScope } from '../scope';
import { audited, labelled, type ActionContext } from './action-context';
import { requireConfirmation } from './confirm';

const changes = (ctx: ActionContext, list: InstanceStateChange[] | undefined): Ec2ActionResult[] =>
  (list ?? []).map((c) => ({
    region: ctx.region,
    resourceId: c.InstanceId ?? '',
    detail: `${c.PreviousState?.Name ?? '?'} → ${c.CurrentState?.Name ?? '?'}`,
  }));

export async function startInstances(ctx: ActionContext, instanceIds: string[]) {
  const out = await audited(
    ctx,
    {
      action: 'ec2.instances.start',
      operation: 'StartInstances',
      resource: instanceIds.join(', '),
      detail: `start ${instanceIds.join(', ')}`,
    },
    (client) => client.send(new StartInstancesCommand({ InstanceIds: instanceIds })),
  );
  return { results: changes(ctx, out.StartingInstances) };
}

export async function stopInstances(ctx: ActionContext, instanceIds: string[], force = false) {
  const out = await audited(
    ctx,
    {
      action: 'ec2.instances.stop',
      operation: 'StopInstances',
      resource: instanceIds.join(', '),
      detail: `stop${force ? ' (forced)' : ''} ${instanceIds.join(', ')}`,
    },
    (client) => client.send(new StopInstancesCommand({ InstanceIds: instanceIds, Force: force })),
  );
  return { results: changes(ctx, out.StoppingInstances) };
}

export async function rebootInstances(ctx: ActionContext, instanceIds: string[]) {
  await audited(
    ctx,
    {
      action: 'ec2.instances.reboot',
      operation: 'RebootInstances',
      resource: instanceIds.join(', '),
      detail: `reboot ${instanceIds.join(', ')}`,
    },
    (client) => client.send(new RebootInstancesCommand({ InstanceIds: instanceIds })),
  );
  return {
    results: instanceIds.map((id) => ({ region: ctx.region, resourceId: id, detail: 'rebooting' })),
  };
}

/**
 * Terminate: the instances are looked up first so the confirmation (and the audit record) names
 * exactly what is destroyed. One instance: confirm with its id or Name tag; several: their count.
 */
export async function terminateInstances(
  ctx: ActionContext,
  instanceIds: string[],
  confirm: string | undefined,
) {
  const found = await listInstances(ctx, instanceIds);
  const names = found.map((i) => labelled(i.instanceId, i.name));
  const only = found.length === 1 ? found[0] : undefined;
  requireConfirmation({
    confirm,
    accepted: only ? [only.instanceId, only.name] : [String(found.length)],
    action: `Terminating ${names.join(', ')} in ${ctx.account.name}/${ctx.region}`,
    typeWhat: only ? 'the instance id or its Name tag' : `the number of instances being terminated`,
  });
  const out = await audited(
    ctx,
    {
      action: 'ec2.instances.terminate',
      operation: 'TerminateInstances',
      resource: names.join(', '),
      detail: `terminate ${names.join(', ')}`,
    },
    (client) => client.send(new TerminateInstancesCommand({ InstanceIds: instanceIds })),
  );
  return { results: changes(ctx, out.TerminatingInstances) };
}

/**
 * Terminate one instance the caller launched itself (a workflow's scratch instance): no
 * describe-and-confirm first — right after RunInstances, DescribeInstances may not list it yet,
 * and the id came from RunInstances, not from a user. Audited like any termination.
 */
export async function terminateLaunched(ctx: ActionContext, instanceId: string) {
  const out = await audited(
    ctx,
    {
      action: 'ec2.instances.terminate',
      operation: 'TerminateInstances',
      resource: instanceId,
      detail: `terminate ${instanceId} (launched by this run)`,
    },
    (client) => client.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] })),
  );
  return { results: changes(ctx, out.TerminatingInstances) };
}

/** Console output (a read: not audited). EC2 returns it base64-encoded. */
export async function consoleOutput(ctx: ActionContext, instanceId: string, latest = false) {
  const out = await inScope(
    ctx,
    'GetConsoleOutput',
    (client) =>
      client.send(
        new GetConsoleOutputCommand({
          InstanceId: instanceId,
          ...(latest ? { Latest: true } : {}),
        }),
      ),
    instanceId,
  );
  return {
    instanceId,
    timestamp: out.Timestamp ? out.Timestamp.toISOString() : '',
    output: out.Output ? Buffer.from(out.Output, 'base64').toString('utf8') : '',
  };
}
