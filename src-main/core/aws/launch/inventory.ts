import { existsSync } from 'node:fs';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { OpsdeckError, type Ec2Instance, type Ec2SshTarget, type Host } from '../../../contract';
import type { HostService } from '../../inventory/host-service';
import type { ActionContext } from '../actions/action-context';
import { keyPathFor } from '../actions/key-pairs';
import { listInstances } from '../resources/instances';
import { inScope } from '../scope';
import { hostOfInstance } from './host-of-instance';
import { guessLoginUser } from './login-user';

export { hostOfInstance };

const LABEL = /^[A-Za-z0-9][A-Za-z0-9._:=/-]*$/;
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A host label from free text: disallowed characters become `_`, at most 64 characters. */
export function toLabel(text: string): string | undefined {
  const s = text
    .replace(/[^A-Za-z0-9._:=/-]/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return LABEL.test(s) ? s : undefined;
}

/** Tags that tie a host to its instance: `ec2:<id>`, `region:<r>`, `aws:<account>`, EC2 tags. */
export function inventoryTags(account: string, i: Ec2Instance): string[] {
  const tags = [`ec2:${i.instanceId}`, `region:${i.region}`, toLabel(`aws:${account}`)];
  for (const [k, v] of Object.entries(i.tags)) {
    if (k === 'Name' || k.startsWith('aws:')) continue;
    tags.push(toLabel(v ? `${k}=${v}` : k));
  }
  return [...new Set(tags.filter((t): t is string => t !== undefined))].slice(0, 64);
}

/** Addresses to reach an instance, best first: public IP, public DNS, private IP, private DNS. */
export function addressCandidates(i: Ec2Instance): Ec2SshTarget['addresses'] {
  const out: Ec2SshTarget['addresses'] = [];
  if (i.publicIp)
    out.push({
      kind: 'public IP',
      address: i.publicIp,
      note: 'reachable from anywhere the security group allows',
    });
  if (i.publicDns)
    out.push({ kind: 'public DNS', address: i.publicDns, note: 'resolves to the public IP' });
  if (i.privateIp)
    out.push({
      kind: 'private IP',
      address: i.privateIp,
      note: 'inside the VPC: VPN, peering or a jump host',
    });
  if (i.privateDns)
    out.push({ kind: 'private DNS', address: i.privateDns, note: 'inside the VPC' });
  return out;
}

/** The inventory name: the Name tag when it is a valid host name, else the instance id. */
export function hostNameFor(i: Ec2Instance): string {
  const name = i.name.trim().replace(/\s+/g, '-').slice(0, 64);
  return HOST_NAME.test(name) ? name : i.instanceId;
}

async function imageOf(ctx: ActionContext, imageId: string) {
  if (!imageId) return undefined;
  try {
    const out = await inScope(ctx, 'DescribeImages', (c) =>
      c.send(new DescribeImagesCommand({ ImageIds: [imageId] })),
    );
    const img = out.Images?.[0];
    return img
      ? {
          name: img.Name,
          description: img.Description,
          ownerId: img.OwnerId,
          ownerAlias: img.ImageOwnerAlias,
          platform: img.PlatformDetails ?? img.Platform,
        }
      : undefined;
  } catch {
    return undefined; // deregistered or not shared any more: guess without it
  }
}

/**
 * How to SSH to an instance: the best address, the login user guessed from its AMI, the key pair's
 * private key if Opsdeck's key store has it. The GUI shows this for editing; the CLI can take it
 * as is.
 */
export async function sshTarget(
  ctx: ActionContext,
  hosts: HostService,
  instanceId: string,
): Promise<Ec2SshTarget> {
  const [instance] = await listInstances(ctx, [instanceId]);
  if (!instance) {
    throw new OpsdeckError(
      'NOT_FOUND',
      `Instance ${instanceId} was not found in ${ctx.account.name}/${ctx.region}.`,
      'Refresh the instances table; it may have been terminated.',
    );
  }
  const addresses = addressCandidates(instance);
  const login = guessLoginUser(await imageOf(ctx, instance.imageId));
  const keyPath = instance.keyName ? keyPathFor(ctx, instance.keyName) : undefined;
  const existing = hostOfInstance(hosts.list(), instanceId);
  return {
    instanceId,
    region: ctx.region,
    hostName: existing?.name ?? hostNameFor(instance),
    addresses,
    address: addresses[0]?.address ?? '',
    user: login.user,
    userReason: login.reason,
    keyName: instance.keyName,
    ...(keyPath && existsSync(keyPath) ? { keyPath } : {}),
    ...(existing ? { existingHostId: existing.id } : {}),
    tags: inventoryTags(ctx.account.name, instance),
  };
}

export interface AddToInventoryOptions {
  instanceId: string;
  /** Overrides of what sshTarget chose. */
  address?: string | undefined;
  user?: string | undefined;
  keyPath?: string | undefined;
  name?: string | undefined;
}

/**
 * Add the instance to the host inventory (source `ec2`), or refresh the host made from it before:
 * address, user, key and the `ec2:`/`region:`/`aws:` tags; tags the user added by hand stay.
 */
export async function addToInventory(
  ctx: ActionContext,
  hosts: HostService,
  o: AddToInventoryOptions,
): Promise<{ host: Host; created: boolean }> {
  const t = await sshTarget(ctx, hosts, o.instanceId);
  const address = o.address?.trim() || t.address;
  if (!address) {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `Instance ${o.instanceId} has no address yet.`,
      'Wait until it is running (a stopped instance has no public IP), then try again.',
    );
  }
  const keyPath = o.keyPath?.trim() || t.keyPath;
  const fields = {
    address,
    user: o.user?.trim() || t.user,
    auth: keyPath ? ('key' as const) : ('agent' as const),
    ...(keyPath ? { keyPath } : {}),
  };
  const existing = t.existingHostId ? hosts.get(t.existingHostId) : undefined;
  if (existing) {
    const kept = existing.tags.filter((x) => !/^(ec2|region|aws):/.test(x));
    const host = await hosts.update(existing.id, {
      ...fields,
      tags: [...new Set([...t.tags, ...kept])].slice(0, 64),
    });
    return { host, created: false };
  }
  const wanted = o.name?.trim() || t.hostName;
  const taken = (n: string) => hosts.list().some((h) => h.name.toLowerCase() === n.toLowerCase());
  const name =
    [wanted, `${wanted}-${ctx.region}`, o.instanceId].find((n) => !taken(n)) ?? o.instanceId;
  const host = await hosts.add(
    {
      name,
      ...fields,
      groups: ['ec2'],
      tags: t.tags,
      notes: `EC2 instance ${o.instanceId} in ${ctx.account.name}/${ctx.region}`,
    },
    'ec2',
  );
  return { host, created: true };
}
