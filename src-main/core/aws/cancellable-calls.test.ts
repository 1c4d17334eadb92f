import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeEc2 } from '../../../testing/aws/fake-ec2';
import { waitUntil } from '../common/wait';
import { CancellableCalls } from './cancellable-calls';
import { failure } from '../../../testing/aws/failure';
import { serviceOn, startFake } from '../../../testing/aws/fake-setup';

const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'ap-southeast-2',
];
let fake: FakeEc2;
let env: Awaited<ReturnType<typeof serviceOn>>;

beforeAll(async () => {
  fake = await startFake({ regions: REGIONS });
  fake.seed({ instancesPerRegion: 3 });
  env = await serviceOn(fake);
});
afterEach(() => fake.faults.clear());
afterAll(async () => {
  env.aws.destroy();
  await fake.close();
});

/** Wait for a state of the fake (requests arrive and hang-ups are seen asynchronously). */
const until = (check: () => boolean, what: string) =>
  waitUntil(() => Promise.resolve(check()), { what, pollMs: 10, timeoutMs: 10_000 });
const describeCalls = (list: { action: string }[]) =>
  list.filter((r) => r.action === 'DescribeInstances').length;

describe('cancelling a listing (ec2.cancel with the requestId)', () => {
  it('aborts the SDK request in flight and fails with CANCELLED', async () => {
    fake.faults.delay(5000, { action: 'DescribeInstances', region: 'eu-west-1' });
    const hungUp = fake.hungUp.length;
    const started = Date.now();
    const received = describeCalls(fake.received);
    const listing = env.aws.instances({ account: 'fake', region: 'eu-west-1', requestId: 'r-1' });
    await until(() => describeCalls(fake.received) > received, 'the request reached the fake');
    expect(env.aws.cancel('r-1')).toBe(true);
    const err = await failure(listing);
    expect(Date.now() - started).toBeLessThan(4000); // not the fake's 5 s delay
    expect(err.code).toBe('CANCELLED');
    expect(err.message).toBe('DescribeInstances in fake/eu-west-1 was cancelled.');
    await until(() => fake.hungUp.length > hungUp, 'the fake saw the hang-up');
    // The fake saw the client hang up: the HTTP request itself was aborted, not just ignored.
    expect(fake.hungUp.slice(hungUp)).toEqual([
      { action: 'DescribeInstances', region: 'eu-west-1', status: 0 },
    ]);
    expect(env.aws.cancel('r-1')).toBe(false);
  });

  it('stops an all-regions listing: running regions are aborted, the rest never start', async () => {
    fake.faults.delay(5000, { action: 'DescribeInstances' });
    const answered = describeCalls(fake.requests);
    const hungUp = describeCalls(fake.hungUp);
    const received = describeCalls(fake.received);
    const listing = env.aws.instances({ account: 'fake', allRegions: true, requestId: 'r-2' });
    await until(() => describeCalls(fake.received) - received >= 4, 'four regions in flight');
    env.aws.cancel('r-2');
    const err = await failure(listing);
    expect(err.code).toBe('CANCELLED');
    expect(err.message).toBe('Listing 8 regions was cancelled.');
    await until(() => describeCalls(fake.hungUp) - hungUp >= 4, 'four hang-ups seen');
    expect(describeCalls(fake.received) - received).toBe(4);
    // Four regions at a time: the first four were cut off, the other four never asked.
    expect(describeCalls(fake.hungUp) - hungUp).toBe(4);
    expect(describeCalls(fake.requests) - answered).toBe(0);
  });

  it('does not disturb other listings, nor the same id once it finished', async () => {
    fake.faults.delay(400, { action: 'DescribeKeyPairs' });
    const keyPairCalls = () => fake.received.filter((r) => r.action === 'DescribeKeyPairs').length;
    const before = keyPairCalls();
    const a = env.aws.keyPairs({ account: 'fake', region: 'us-east-1', requestId: 'a' });
    const b = env.aws.keyPairs({ account: 'fake', region: 'us-east-1', requestId: 'b' });
    await until(() => keyPairCalls() - before >= 2, 'both listings in flight');
    env.aws.cancel('a');
    expect((await failure(a)).code).toBe('CANCELLED');
    expect((await b).rows.length).toBeGreaterThan(0);
    const again = await env.aws.keyPairs({ account: 'fake', region: 'us-east-1', requestId: 'a' });
    expect(again.rows.length).toBeGreaterThan(0);
  });
});

describe('CancellableCalls', () => {
  it('refuses a request id that is already running, and cancels only what runs', async () => {
    const calls = new CancellableCalls();
    let release = () => {};
    const first = calls.run('x', () => new Promise<void>((r) => (release = r)));
    expect(calls.size).toBe(1);
    expect((await failure(calls.run('x', async () => undefined))).code).toBe('CONFLICT');
    expect(calls.cancel('nope')).toBe(false);
    release();
    await first;
    expect(calls.size).toBe(0);
    expect(calls.cancel('x')).toBe(false);
  });

  it('hands the signal to the call, aborted on cancel', async () => {
    const calls = new CancellableCalls();
    let seen: AbortSignal | undefined;
    const running = calls.run('y', (signal) => {
      seen = signal;
      return new Promise((_, reject) =>
        signal?.addEventListener('abort', () => reject(signal.reason)),
      );
    });
    expect(seen?.aborted).toBe(false);
    calls.cancel('y');
    await expect(running).rejects.toBeDefined();
    expect(seen?.aborted).toBe(true);
    expect(await calls.run(undefined, async (signal) => signal)).toBeUndefined();
  });
});
