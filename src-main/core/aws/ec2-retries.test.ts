import { describe, expect, it } from 'vitest';
import { rebootInstances } from '.';
import { failure } from '../../../testing/aws/failure';
import { fakeSuite } from '../../../testing/aws/fake-suite';
import { serviceOn } from '../../../testing/aws/fake-setup';

const t = fakeSuite();

describe('retries and errors against the endpoint', () => {
  it('rides out throttling with adaptive retry', async () => {
    // A service of its own: adaptive retry slows its client down after throttling.
    const own = await serviceOn(t.fake);
    const before = t.fake.requests.length;
    t.fake.faults.throttle(2, { action: 'DescribeKeyPairs' });
    const { rows } = await own.aws.keyPairs({ account: 'fake', region: 'us-east-1' });
    own.aws.destroy();
    expect(rows.length).toBeGreaterThan(0);
    const calls = t.fake.requests.slice(before).filter((r) => r.action === 'DescribeKeyPairs');
    expect(calls.map((c) => c.status)).toEqual([503, 503, 200]);
    // The SDK's own back-off and adaptive rate limiter really wait (up to ~5 s on a loaded machine).
  }, 30_000);

  it('gives up with AWS_THROTTLED when throttling persists', async () => {
    const quick = await serviceOn(t.fake, { maxAttempts: 2 });
    t.fake.faults.throttle(10, { action: 'DescribeAddresses' });
    const err = await failure(quick.aws.addresses({ account: 'fake' }));
    expect(err.code).toBe('AWS_THROTTLED');
    expect(err.message).toContain('DescribeAddresses in fake/us-east-1');
    expect(err.message).toContain('2 attempts');
    expect(err.hint).toMatch(/retry/i);
    quick.aws.destroy();
  }, 30_000);

  it('maps rejected credentials to AWS_UNAUTHORIZED with a hint about the key', async () => {
    t.fake.faults.rejectAccessKey('AKIAREVOKED000000001');
    const revoked = await serviceOn(t.fake, { accessKeyId: 'AKIAREVOKED000000001' });
    const err = await failure(revoked.aws.regions('fake'));
    expect(err.code).toBe('AWS_UNAUTHORIZED');
    expect(err.message).toContain('account fake');
    expect(err.hint).toMatch(/access key/);
    expect(await revoked.aws.test('fake')).toMatchObject({
      ok: false,
      error: { code: 'AWS_UNAUTHORIZED' },
    });
    revoked.aws.destroy();
  });

  it('reports an unreachable endpoint', async () => {
    const nowhere = await serviceOn(t.fake, { endpoint: 'http://127.0.0.1:9/', maxAttempts: 1 });
    const err = await failure(nowhere.aws.regions('fake'));
    expect(err.code).toBe('AWS_ENDPOINT_UNREACHABLE');
    expect(err.message).toContain('http://127.0.0.1:9/');
    nowhere.aws.destroy();
  });

  it('audits a denied action as failed, naming the permission', async () => {
    const [target] = await t.instancesIn('us-west-2');
    t.fake.faults.unauthorized('RebootInstances');
    const err = await failure(rebootInstances(t.env.ctx('us-west-2'), [target!.instanceId]));
    expect(err.code).toBe('AWS_UNAUTHORIZED');
    expect(err.hint).toContain('ec2:RebootInstances');
    expect(t.env.audit.list(1)[0]).toMatchObject({
      action: 'ec2.instances.reboot',
      target: 'aws:fake/us-west-2',
      door: 'cli',
      outcome: 'failed',
    });
  });
});
