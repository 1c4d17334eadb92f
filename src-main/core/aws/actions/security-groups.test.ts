import { describe, expect, it } from 'vitest';
import { failure } from '../../../../testing/aws/failure';
import { fakeSuite } from '../../../../testing/aws/fake-suite';
import { replaceCidr } from './replace-cidr';
import { authorizeIngress, revokeIngress } from './security-groups';

const t = fakeSuite();

describe('security groups', () => {
  it('authorizes and revokes ingress rules', async () => {
    const ctx = t.env.ctx('ap-southeast-2');
    const groups = async () =>
      (await t.env.aws.securityGroups({ account: 'fake', region: 'ap-southeast-2' })).rows;
    const web = (await groups()).find((g) => g.groupName === 'web')!;
    const rule = {
      protocol: 'tcp' as const,
      fromPort: 8080,
      toPort: 8081,
      source: '192.0.2.0/24',
      description: 'lb',
    };
    await authorizeIngress(ctx, web.groupId, [rule]);
    expect((await groups()).find((g) => g.groupId === web.groupId)?.ingress).toContainEqual({
      protocol: 'tcp',
      fromPort: 8080,
      toPort: 8081,
      sourceKind: 'cidr',
      source: '192.0.2.0/24',
      description: 'lb',
    });
    const duplicate = await failure(authorizeIngress(ctx, web.groupId, [rule]));
    expect(duplicate.code).toBe('CONFLICT');
    await revokeIngress(ctx, web.groupId, [rule]);
    expect(
      (await groups())
        .find((g) => g.groupId === web.groupId)
        ?.ingress.some((r) => r.source === '192.0.2.0/24'),
    ).toBe(false);
  });

  it('replaces a CIDR in every group of every region that has it', async () => {
    const run = async (plan: boolean, confirm?: string) => {
      const { rows, failedRegions } = await t.env.aws.securityGroups({
        account: 'fake',
        allRegions: true,
      });
      return replaceCidr({
        from: '203.0.113.0/24',
        to: '198.51.100.0/24',
        plan,
        ...(confirm ? { confirm } : {}),
        groups: rows,
        failedRegions,
        contextFor: (region) => t.env.ctx(region),
      });
    };
    const plan = await run(true);
    expect(plan.planned).toBe(true);
    expect(plan.changes).toHaveLength(8); // web and db in four regions
    expect(new Set(plan.changes.map((c) => c.groupName))).toEqual(new Set(['web', 'db']));

    const refused = await failure(run(false));
    expect(refused.code).toBe('CONFIRMATION_REQUIRED');
    expect(refused.message).toContain('8 rule(s) of 8 group(s)');

    const done = await run(false, '203.0.113.0/24');
    expect(done.changes.map((c) => c.outcome)).toEqual(Array(8).fill('replaced'));
    const after = await t.env.aws.securityGroups({ account: 'fake', allRegions: true });
    const sources = after.rows.flatMap((g) => g.ingress.map((r) => r.source));
    expect(sources).not.toContain('203.0.113.0/24');
    expect(sources.filter((s) => s === '198.51.100.0/24')).toHaveLength(8);
    const web = after.rows.find((g) => g.groupName === 'web')!;
    expect(web.ingress).toContainEqual(
      expect.objectContaining({ fromPort: 22, source: '198.51.100.0/24', description: 'office' }),
    );
    expect((await run(true)).changes).toEqual([]);
  });
});
