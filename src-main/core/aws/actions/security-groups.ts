import {
  AuthorizeSecurityGroupIngressCommand,
  RevokeSecurityGroupIngressCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { OpsdeckError, type Ec2IngressRule } from '../../../contract';
import { audited, type ActionContext } from './action-context';

/** A rule as the contract takes it, or as read back from a group (any protocol name/number). */
export interface IngressLike {
  protocol: string;
  fromPort?: number | undefined;
  toPort?: number | undefined;
  source: string;
  description?: string | undefined;
}

const portsOf = (rule: IngressLike) => {
  if (rule.protocol === '-1') return {};
  if (rule.protocol === 'icmp' || rule.protocol === 'icmpv6')
    return { FromPort: rule.fromPort ?? -1, ToPort: rule.toPort ?? -1 };
  if (rule.fromPort === undefined) {
    if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') return {};
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `A ${rule.protocol} rule needs a port.`,
      'Give fromPort (and toPort for a range), e.g. 22 or 8000–8099.',
    );
  }
  return { FromPort: rule.fromPort, ToPort: rule.toPort ?? rule.fromPort };
};

/** One contract rule → one SDK permission with one source. */
export function toIpPermission(rule: IngressLike): IpPermission {
  const description = rule.description ? { Description: rule.description } : {};
  const source = rule.source.startsWith('sg-')
    ? { UserIdGroupPairs: [{ GroupId: rule.source, ...description }] }
    : rule.source.includes(':')
      ? { Ipv6Ranges: [{ CidrIpv6: rule.source, ...description }] }
      : { IpRanges: [{ CidrIp: rule.source, ...description }] };
  return { IpProtocol: rule.protocol, ...portsOf(rule), ...source };
}

export const describeRule = (r: IngressLike) => {
  const ports =
    r.protocol === '-1'
      ? 'all traffic'
      : r.fromPort === undefined || r.fromPort === r.toPort || r.toPort === undefined
        ? `${r.protocol}/${r.fromPort ?? 'any'}`
        : `${r.protocol}/${r.fromPort}-${r.toPort}`;
  return `${ports} from ${r.source}`;
};

async function changeIngress(
  ctx: ActionContext,
  kind: 'authorize' | 'revoke',
  groupId: string,
  rules: Ec2IngressRule[],
) {
  const permissions = rules.map(toIpPermission);
  const shown = rules.map(describeRule).join('; ');
  await audited(
    ctx,
    {
      action: `ec2.securityGroups.${kind}Ingress`,
      operation:
        kind === 'authorize' ? 'AuthorizeSecurityGroupIngress' : 'RevokeSecurityGroupIngress',
      resource: groupId,
      detail: `${kind} ingress on ${groupId}: ${shown}`,
    },
    (client) =>
      client.send(
        kind === 'authorize'
          ? new AuthorizeSecurityGroupIngressCommand({
              GroupId: groupId,
              IpPermissions: permissions,
            })
          : new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: permissions }),
      ),
  );
  return {
    results: rules.map((r) => ({
      region: ctx.region,
      resourceId: groupId,
      detail: `${kind === 'authorize' ? 'allowed' : 'revoked'} ${describeRule(r)}`,
    })),
  };
}

export const authorizeIngress = (ctx: ActionContext, groupId: string, rules: Ec2IngressRule[]) =>
  changeIngress(ctx, 'authorize', groupId, rules);

export const revokeIngress = (ctx: ActionContext, groupId: string, rules: Ec2IngressRule[]) =>
  changeIngress(ctx, 'revoke', groupId, rules);
