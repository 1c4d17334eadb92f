import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  DisassociateAddressCommand,
  ReleaseAddressCommand,
} from '@aws-sdk/client-ec2';
import { OpsdeckError, type Ec2Address } from '../../../contract';
import { listAddresses } from '../resources/addresses';
import { nameTagSpec } from '../tags';
import { audited, type ActionContext } from './action-context';
import { requireConfirmation } from './confirm';

async function addressOf(ctx: ActionContext, allocationId: string): Promise<Ec2Address> {
  const [address] = await listAddresses(ctx, [allocationId]);
  if (!address) {
    throw new OpsdeckError(
      'AWS_NOT_FOUND',
      `No elastic IP ${allocationId} in ${ctx.account.name}/${ctx.region}.`,
      'Refresh the list; it may have been released, or it lives in another region.',
    );
  }
  return address;
}

export async function allocateAddress(ctx: ActionContext, name?: string) {
  const tags = nameTagSpec('elastic-ip', name);
  const out = await audited(
    ctx,
    {
      action: 'ec2.addresses.allocate',
      operation: 'AllocateAddress',
      resource: name ?? 'new address',
      detail: `allocate elastic IP${name ? ` named ${name}` : ''}`,
    },
    (client) =>
      client.send(
        new AllocateAddressCommand({ Domain: 'vpc', ...(tags ? { TagSpecifications: tags } : {}) }),
      ),
  );
  const [row] = await listAddresses(ctx, out.AllocationId ? [out.AllocationId] : undefined);
  return (
    row ?? {
      region: ctx.region,
      publicIp: out.PublicIp ?? '',
      allocationId: out.AllocationId ?? '',
      associationId: '',
      instanceId: '',
      networkInterfaceId: '',
      privateIp: '',
      domain: out.Domain ?? 'vpc',
      name: name ?? '',
      tags: name ? { Name: name } : {},
    }
  );
}

async function associate(
  ctx: ActionContext,
  action: string,
  address: Ec2Address,
  instanceId: string,
  allowReassociation: boolean,
) {
  const moving = address.instanceId && address.instanceId !== instanceId;
  const detail = moving
    ? `move ${address.publicIp} from ${address.instanceId} to ${instanceId}`
    : `associate ${address.publicIp} with ${instanceId}`;
  const out = await audited(
    ctx,
    {
      action,
      operation: 'AssociateAddress',
      resource: `${address.allocationId} (${address.publicIp})`,
      detail,
    },
    (client) =>
      client.send(
        new AssociateAddressCommand({
          AllocationId: address.allocationId,
          InstanceId: instanceId,
          AllowReassociation: allowReassociation,
        }),
      ),
  );
  return {
    results: [
      {
        region: ctx.region,
        resourceId: address.allocationId,
        detail: `${detail}${out.AssociationId ? ` (${out.AssociationId})` : ''}`,
      },
    ],
  };
}

export async function associateAddress(
  ctx: ActionContext,
  allocationId: string,
  instanceId: string,
  allowReassociation: boolean,
) {
  const address = await addressOf(ctx, allocationId);
  return associate(ctx, 'ec2.addresses.associate', address, instanceId, allowReassociation);
}

/** Move an elastic IP to another instance in one step (AssociateAddress with reassociation). */
export async function moveAddress(ctx: ActionContext, allocationId: string, instanceId: string) {
  const address = await addressOf(ctx, allocationId);
  return associate(ctx, 'ec2.addresses.move', address, instanceId, true);
}

export async function disassociateAddress(ctx: ActionContext, allocationId: string) {
  const address = await addressOf(ctx, allocationId);
  if (!address.associationId) {
    return {
      results: [
        {
          region: ctx.region,
          resourceId: allocationId,
          detail: `${address.publicIp} was not associated`,
        },
      ],
    };
  }
  await audited(
    ctx,
    {
      action: 'ec2.addresses.disassociate',
      operation: 'DisassociateAddress',
      resource: `${allocationId} (${address.publicIp})`,
      detail: `disassociate ${address.publicIp} from ${address.instanceId || address.networkInterfaceId}`,
    },
    (client) =>
      client.send(new DisassociateAddressCommand({ AssociationId: address.associationId })),
  );
  return {
    results: [
      {
        region: ctx.region,
        resourceId: allocationId,
        detail: `disassociated from ${address.instanceId || address.networkInterfaceId}`,
      },
    ],
  };
}

export async function releaseAddress(ctx: ActionContext, allocationId: string, confirm?: string) {
  const address = await addressOf(ctx, allocationId);
  requireConfirmation({
    confirm,
    accepted: [address.publicIp, allocationId, address.name],
    action: `Releasing elastic IP ${address.publicIp} (${allocationId}) in ${ctx.account.name}/${ctx.region}`,
    typeWhat: 'the public IP, the allocation id or its Name tag',
  });
  await audited(
    ctx,
    {
      action: 'ec2.addresses.release',
      operation: 'ReleaseAddress',
      resource: `${allocationId} (${address.publicIp})`,
      detail: `release ${address.publicIp} (${allocationId})`,
    },
    (client) => client.send(new ReleaseAddressCommand({ AllocationId: allocationId })),
  );
  return {
    results: [
      { region: ctx.region, resourceId: allocationId, detail: `released ${address.publicIp}` },
    ],
  };
}
