import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OpsdeckError, type Ec2Instance } from '../../../contract';
import { waitForInstancesRunning } from './instance-running';

const notFound = () =>
  new OpsdeckError(
    'AWS_NOT_FOUND',
    "The instance ID 'i-0123456789abcdef0' does not exist",
    'Check the id.',
  );
const row = (state: string) => ({ instanceId: 'i-0123456789abcdef0', state }) as Ec2Instance;

/** Settle `p` while the fake clock moves on in poll-sized steps (no real waiting). */
async function run<T>(p: Promise<T>, ms: number): Promise<PromiseSettledResult<T>> {
  const settled = Promise.allSettled([p]).then(([r]) => r as PromiseSettledResult<T>);
  await vi.advanceTimersByTimeAsync(ms);
  return settled;
}

describe('waitForInstancesRunning: InvalidInstanceID.NotFound', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());
  const wait = { instanceIds: ['i-0123456789abcdef0'], timeoutMs: 600_000, pollMs: 2000 };

  it('is "not listed yet" right after a launch: waited out until the instance runs', async () => {
    let calls = 0;
    const describeIt = vi.fn(async () => {
      calls += 1;
      if (calls <= 3) throw notFound();
      return [row(calls < 5 ? 'pending' : 'running')];
    });
    const r = await run(waitForInstancesRunning(describeIt, wait), 30_000);
    expect(r).toMatchObject({ status: 'fulfilled', value: [row('running')] });
  });

  it('fails fast past the grace, naming the id, not after the whole timeout', async () => {
    const describeIt = vi.fn(async (): Promise<Ec2Instance[]> => {
      throw notFound();
    });
    const r = await run(waitForInstancesRunning(describeIt, wait), 65_000);
    expect(r.status).toBe('rejected');
    expect(r.status === 'rejected' && r.reason).toMatchObject({
      code: 'AWS_NOT_FOUND',
      message: expect.stringContaining(
        'EC2 does not know i-0123456789abcdef0 (still "not found" after 60 s',
      ),
      hint: expect.stringContaining('account and the region'),
    });
    // About the grace's worth of polls (2 s apart), far from the 600 s timeout's 300.
    expect(describeIt.mock.calls.length).toBeLessThanOrEqual(32);
  });

  it('takes a shorter grace from its caller', async () => {
    const describeIt = vi.fn(async (): Promise<Ec2Instance[]> => {
      throw notFound();
    });
    const r = await run(
      waitForInstancesRunning(describeIt, { ...wait, notFoundGraceMs: 5000 }),
      8000,
    );
    expect(r.status).toBe('rejected');
    expect(describeIt.mock.calls.length).toBeLessThanOrEqual(4);
  });

  it('of two ids asked for, names only the one EC2 does not know (the other is said known)', async () => {
    const other = 'i-00000000000000aaa';
    const describeIt = vi.fn(async (): Promise<Ec2Instance[]> => {
      // As mapAwsError makes it: its message names every id asked, EC2's (the cause) the unknown.
      const ec2 = Object.assign(new Error("The instance ID 'i-0123456789abcdef0' does not exist"), {
        name: 'InvalidInstanceID.NotFound',
      });
      throw new OpsdeckError(
        'AWS_NOT_FOUND',
        `DescribeInstances ${other}, i-0123456789abcdef0 in fake/us-east-1: ${ec2.message}`,
        'Check the id.',
        { cause: ec2 },
      );
    });
    const r = await run(
      waitForInstancesRunning(describeIt, {
        ...wait,
        instanceIds: [other, 'i-0123456789abcdef0'],
        notFoundGraceMs: 4000,
      }),
      8000,
    );
    expect(r.status === 'rejected' && r.reason).toMatchObject({
      code: 'AWS_NOT_FOUND',
      message: expect.stringMatching(
        new RegExp(`^EC2 does not know i-0123456789abcdef0 \\(.*\\); ${other} is known`),
      ),
    });
  });
});

describe('waitForInstancesRunning: an id never listed (no NotFound)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('names the id EC2 never listed when the wait times out', async () => {
    const other = 'i-00000000000000bbb';
    const describeIt = vi.fn(async () => [{ instanceId: other, state: 'running' } as Ec2Instance]);
    const r = await run(
      waitForInstancesRunning(describeIt, {
        instanceIds: [other, 'i-0123456789abcdef0'],
        timeoutMs: 10_000,
        pollMs: 2000,
      }),
      12_000,
    );
    expect(r.status === 'rejected' && r.reason).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('EC2 never listed i-0123456789abcdef0.'),
    });
  });
});
