import { describe, expect, it } from 'vitest';
import { failure } from '../../../../testing/aws/failure';
import { fakeSuite } from '../../../../testing/aws/fake-suite';
import {
  allocateAddress,
  associateAddress,
  disassociateAddress,
  moveAddress,
  releaseAddress,
} from './addresses';

const t = fakeSuite();

describe('elastic IPs', () => {
  it('allocates, associates, moves in one step, disassociates and releases', async () => {
    const ctx = t.env.ctx('eu-west-1');
    const running = (await t.instancesIn('eu-west-1')).filter((i) => i.state === 'running');
    const [a, b] = running;
    const address = await allocateAddress(ctx, 'front');
    expect(address).toMatchObject({ name: 'front', domain: 'vpc', associationId: '' });

    await associateAddress(ctx, address.allocationId, a!.instanceId, false);
    expect((await t.instance(a!.instanceId, 'eu-west-1'))?.publicIp).toBe(address.publicIp);

    const taken = await failure(associateAddress(ctx, address.allocationId, b!.instanceId, false));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.hint).toMatch(/move it/);

    const moved = await moveAddress(ctx, address.allocationId, b!.instanceId);
    expect(moved.results[0]?.detail).toContain(
      `move ${address.publicIp} from ${a!.instanceId} to ${b!.instanceId}`,
    );
    expect((await t.instance(b!.instanceId, 'eu-west-1'))?.publicIp).toBe(address.publicIp);
    expect((await t.instance(a!.instanceId, 'eu-west-1'))?.publicIp).not.toBe(address.publicIp);

    const busy = await failure(releaseAddress(ctx, address.allocationId, address.publicIp));
    expect(busy.code).toBe('AWS_DEPENDENCY_VIOLATION');
    expect(busy.hint).toMatch(/disassociate it first/);

    await disassociateAddress(ctx, address.allocationId);
    expect((await failure(releaseAddress(ctx, address.allocationId))).code).toBe(
      'CONFIRMATION_REQUIRED',
    );
    await releaseAddress(ctx, address.allocationId, 'front');
    const left = (await t.env.aws.addresses({ account: 'fake', region: 'eu-west-1' })).rows;
    expect(left.some((x) => x.allocationId === address.allocationId)).toBe(false);
    expect(t.env.audit.list(10, 'aws:fake/eu-west-1').map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'ec2.addresses.release',
        'ec2.addresses.move',
        'ec2.addresses.associate',
      ]),
    );
  });
});
