import {
  AuthorizeSecurityGroupIngressCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import {
  OpsdeckError,
  toErrorShape,
  type Ec2FailedRegion,
  type Ec2ReplaceCidrResult,
  type Ec2Rule,
  type Ec2SecurityGroup,
} from '../../../contract';
import { audited, type ActionContext } from './action-context';
import { requireConfirmation } from './confirm';
import { describeRule, toIpPermission, type IngressLike } from './security-groups';

type Change = Ec2ReplaceCidrResult['changes'][number];

const CIDR4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const CIDR6 = /^[0-9a-fA-F:]+\/\d{1,3}$/;

function family(cidr: string): 4 | 6 {
  const v4 = CIDR4.exec(cidr);
  if (v4 && v4.slice(1, 5).every((o) => Number(o) <= 255) && Number(v4[5]) <= 32) return 4;
  if (CIDR6.test(cidr) && Number(cidr.split('/')[1]) <= 128) return 6;
  throw new OpsdeckError(
    'INVALID_PARAMS',
    `"${cidr}" is not a CIDR block.`,
    'Write it as address/prefix, e.g. 203.0.113.0/24 or 2001:db8::/32.',
  );
}

/** Every ingress rule whose source is exactly `cidr`, per group. */
export function findCidr(groups: Ec2SecurityGroup[], cidr: string) {
  return groups
    .map((group) => ({
      group,
      rules: group.ingress.filter(
        (r) => (r.sourceKind === 'cidr' || r.sourceKind === 'cidr6') && r.source === cidr,
      ),
    }))
    .filter((g) => g.rules.length > 0);
}

const isDuplicate = (err: unknown) =>
  (err as { name?: string } | undefined)?.name === 'InvalidPermission.Duplicate';

const asIngress = (rule: Ec2Rule, source: string): IngressLike => ({
  protocol: rule.protocol,
  fromPort: rule.fromPort,
  toPort: rule.toPort,
  source,
  description: rule.description || undefined,
});

export interface ReplaceCidrOptions {
  from: string;
  to: string;
  plan: boolean;
  confirm?: string;
  /** The account's groups in the scope (one region or all), with regions that could not be read. */
  groups: Ec2SecurityGroup[];
  failedRegions: Ec2FailedRegion[];
  /** The action context of a region. */
  contextFor(region: string): ActionContext;
}

/**
 * "Replace this CIDR in every group that has it": for each matching ingress rule, allow the new
 * CIDR first (same protocol, ports, description), then revoke the old one — access never
 * disappears in between. A rule that already allows the new CIDR only loses the old one.
 */
export async function replaceCidr(options: ReplaceCidrOptions): Promise<Ec2ReplaceCidrResult> {
  const { from, to } = options;
  if (family(from) !== family(to)) {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `${from} and ${to} are not of the same IP version.`,
      'Replace an IPv4 block with an IPv4 block, or IPv6 with IPv6.',
    );
  }
  if (from === to) {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      'The old and new CIDR are the same.',
      'Nothing to do.',
    );
  }
  const matches = findCidr(options.groups, from);
  const base = (group: Ec2SecurityGroup, rule: Ec2Rule) => ({
    region: group.region,
    groupId: group.groupId,
    groupName: group.groupName,
    protocol: rule.protocol,
    ...(rule.fromPort !== undefined ? { fromPort: rule.fromPort } : {}),
    ...(rule.toPort !== undefined ? { toPort: rule.toPort } : {}),
  });
  // Nothing to replace needs no confirmation.
  if (options.plan || !matches.length) {
    return {
      planned: options.plan,
      changes: matches.flatMap(({ group, rules }) =>
        rules.map((rule) => ({ ...base(group, rule), outcome: 'planned' as const })),
      ),
      failedRegions: options.failedRegions,
    };
  }
  const ruleCount = matches.reduce((n, m) => n + m.rules.length, 0);
  requireConfirmation({
    confirm: options.confirm,
    accepted: [from],
    action: `Replacing ${from} with ${to} in ${ruleCount} rule(s) of ${matches.length} group(s) (${matches.map((m) => m.group.groupId).join(', ') || 'none'})`,
    typeWhat: 'the CIDR being replaced',
  });
  const changes: Change[] = [];
  for (const { group, rules } of matches) {
    const ctx = options.contextFor(group.region);
    for (const rule of rules) {
      try {
        await audited(
          ctx,
          {
            action: 'ec2.securityGroups.replaceCidr',
            operation: 'AuthorizeSecurityGroupIngress',
            resource: `${group.groupId} (${group.groupName})`,
            detail: `replace ${describeRule(rule)} with ${to} on ${group.groupId}`,
          },
          async (client) => {
            try {
              await client.send(
                new AuthorizeSecurityGroupIngressCommand({
                  GroupId: group.groupId,
                  IpPermissions: [toIpPermission(asIngress(rule, to))],
                }),
              );
            } catch (err) {
              if (!isDuplicate(err)) throw err;
            }
            await client.send(
              new RevokeSecurityGroupIngressCommand({
                GroupId: group.groupId,
                IpPermissions: [toIpPermission(asIngress(rule, from))],
              }),
            );
          },
        );
        changes.push({ ...base(group, rule), outcome: 'replaced' });
      } catch (err) {
        changes.push({ ...base(group, rule), outcome: 'failed', error: toErrorShape(err) });
      }
    }
  }
  return { planned: false, changes, failedRegions: options.failedRegions };
}
