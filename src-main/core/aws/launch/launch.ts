import { existsSync } from 'node:fs';
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { toErrorShape } from '../../../contract';
import type { Ec2LaunchPreview, Ec2LaunchResult, Ec2SecurityGroup } from '../../../contract';
import { audited, type ActionContext } from '../actions/action-context';
import { createKeyPair, keyPathFor } from '../actions/key-pairs';
import { listKeyPairs } from '../resources/key-pairs';
import { listSecurityGroups } from '../resources/security-groups';
import type { AwsScope } from '../scope';
import { blockDeviceMappings, runInstancesCommand, tagSpecifications } from './cli-command';
import type { LaunchSpec } from './launch-spec';

const OPEN = new Set(['0.0.0.0/0', '::/0']);

/** Security groups that let SSH (22) in from anywhere. Pure. */
export function sshOpenToWorld(groups: readonly Ec2SecurityGroup[]): Ec2SecurityGroup[] {
  return groups.filter((g) =>
    g.ingress.some(
      (r) =>
        (r.sourceKind === 'cidr' || r.sourceKind === 'cidr6') &&
        OPEN.has(r.source) &&
        (r.protocol === '-1' ||
          (r.protocol === 'tcp' && (r.fromPort ?? 0) <= 22 && (r.toPort ?? 65535) >= 22)),
    ),
  );
}

/** What deserves a second look before launching, from the spec alone. Pure. */
export function specWarnings(spec: LaunchSpec): string[] {
  const out: string[] = [];
  if (!spec.keyName && !spec.createKeyPair)
    out.push('No key pair: SSH works only if the AMI or the user data installs a key.');
  if (spec.securityGroupIds.length === 0)
    out.push('No security group chosen: EC2 puts the instance in the VPC’s default group.');
  const kept = spec.volumes.filter((v) => !v.deleteOnTermination).map((v) => v.device);
  if (kept.length)
    out.push(`${kept.join(', ')} outlive the instance (not deleted on termination; still billed).`);
  if (spec.count > 1) out.push(`${spec.count} instances will be launched, all named ${spec.name}.`);
  return out;
}

/**
 * The review page: the CLI line, the user data and warnings — including checks that need a read
 * (a key pair of that name already exists; a chosen group opens SSH to the world). A failed read
 * becomes a warning, never an error: the preview must always answer.
 */
export async function previewLaunch(scope: AwsScope, spec: LaunchSpec): Promise<Ec2LaunchPreview> {
  const warnings = specWarnings(spec);
  const checks: Promise<void>[] = [];
  if (spec.createKeyPair) {
    const name = spec.createKeyPair.keyName;
    checks.push(
      listKeyPairs(scope).then((pairs) => {
        if (pairs.some((p) => p.keyName === name))
          warnings.push(
            `A key pair named ${name} already exists in ${scope.region}: choose it instead of creating one.`,
          );
      }),
    );
  }
  if (spec.securityGroupIds.length) {
    checks.push(
      listSecurityGroups(scope, spec.securityGroupIds).then((groups) => {
        for (const g of sshOpenToWorld(groups))
          warnings.push(`${g.groupId} (${g.groupName}) lets SSH in from anywhere (0.0.0.0/0).`);
      }),
    );
  }
  const settled = await Promise.allSettled(checks);
  for (const s of settled)
    if (s.status === 'rejected')
      warnings.push(`Could not check: ${toErrorShape(s.reason).message}`);
  return {
    command: runInstancesCommand(spec, scope.account, scope.region),
    userData: spec.userData,
    warnings,
  };
}

/**
 * Launch: create the key pair first when asked (its private key is saved 0600 in the key store;
 * one an earlier attempt created is reused), then one RunInstances with the tags, volumes, user
 * data and the spec's client token (idempotent: a repeat launches nothing new). Both audited.
 */
export async function launchInstances(
  ctx: ActionContext,
  spec: LaunchSpec,
  hooks: { beforeSend?: () => void } = {},
): Promise<Ec2LaunchResult> {
  const preview = await previewLaunch(ctx, spec);
  const reused = await reusableKeyPair(ctx, spec);
  const created =
    spec.createKeyPair && !reused
      ? await createKeyPair(ctx, spec.createKeyPair.keyName, spec.createKeyPair.keyType)
      : undefined;
  const keyPair = created ?? reused;
  const keyName = keyPair?.keyName ?? spec.keyName;
  const what = `${spec.count > 1 ? `${spec.count}× ` : ''}${spec.name} (${spec.instanceType}, ${spec.imageId}${spec.zone ? `, ${spec.zone}` : ''})`;
  const out = await audited(
    ctx,
    {
      action: 'ec2.instances.launch',
      operation: 'RunInstances',
      resource: what,
      detail: `launch ${what}${keyName ? ` key ${keyName}` : ''}${spec.securityGroupIds.length ? ` groups ${spec.securityGroupIds.join(',')}` : ''}${spec.volumes.length ? ` volumes ${spec.volumes.map((v) => `${v.device}:${v.sizeGiB}GiB`).join(',')}` : ''}`,
    },
    (client) => {
      // Right before RunInstances goes out (after the preview and key pair calls).
      hooks.beforeSend?.();
      return client.send(
        new RunInstancesCommand({
          ImageId: spec.imageId,
          InstanceType: spec.instanceType as never,
          MinCount: spec.count,
          MaxCount: spec.count,
          ...(spec.clientToken ? { ClientToken: spec.clientToken } : {}),
          ...(spec.zone ? { Placement: { AvailabilityZone: spec.zone } } : {}),
          ...(keyName ? { KeyName: keyName } : {}),
          ...(spec.securityGroupIds.length ? { SecurityGroupIds: spec.securityGroupIds } : {}),
          ...(spec.userData
            ? { UserData: Buffer.from(spec.userData, 'utf8').toString('base64') }
            : {}),
          ...(spec.volumes.length ? { BlockDeviceMappings: blockDeviceMappings(spec) } : {}),
          TagSpecifications: tagSpecifications(spec),
        }),
      );
    },
  );
  return {
    ...preview,
    region: ctx.region,
    reservationId: out.ReservationId ?? '',
    instanceIds: (out.Instances ?? []).map((i) => i.InstanceId ?? '').filter(Boolean),
    states: Object.fromEntries(
      (out.Instances ?? []).flatMap((i) =>
        i.InstanceId ? [[i.InstanceId, i.State?.Name ?? 'pending']] : [],
      ),
    ),
    ...(reused
      ? {
          warnings: [
            ...preview.warnings.filter((w) => !w.startsWith(`A key pair named ${reused.keyName} `)),
            `Key pair ${reused.keyName} exists and its private key is in Opsdeck's key store (${reused.keyPath}): used instead of creating it again.`,
          ],
        }
      : {}),
    ...(keyPair ? { keyPair: { keyName: keyPair.keyName, keyPath: keyPair.keyPath } } : {}),
  };
}

/**
 * The key pair the spec asks to create, when it exists already and its private key is in
 * Opsdeck's key store — made by an earlier attempt of this launch (CreateKeyPair succeeded,
 * RunInstances failed or the run stopped before recording it): used as it is, since creating it
 * again would fail. A pair whose key file is missing (or a key file without its pair) is not
 * reused: createKeyPair says why.
 */
async function reusableKeyPair(ctx: ActionContext, spec: LaunchSpec) {
  if (!spec.createKeyPair) return undefined;
  const { keyName } = spec.createKeyPair;
  const keyPath = keyPathFor(ctx, keyName);
  if (!existsSync(keyPath)) return undefined;
  const pairs = await listKeyPairs(ctx, [keyName]).catch((err: unknown) => {
    if (toErrorShape(err).code === 'AWS_NOT_FOUND') return [];
    throw err;
  });
  return pairs.some((p) => p.keyName === keyName) ? { keyName, keyPath } : undefined;
}
