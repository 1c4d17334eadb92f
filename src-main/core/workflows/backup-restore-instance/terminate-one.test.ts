import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toErrorShape } from '../../../contract';
import type { FakeEc2 } from '../../../../testing/aws/fake-ec2';
import { FAST, quietAwsEffects, serviceOn, startFake } from '../../../../testing/aws/fake-setup';
import { terminateOne } from './terminate-one';

/**
 * The scratch instance's termination against the fake EC2 when EC2 does not know its id: right
 * after the launch (eventual consistency: tried again), and once AWS purged it (terminated long
 * ago, or by hand): already terminated — the run's undo or finish is never stuck on it.
 */
let fake: FakeEc2;
let env: Awaited<ReturnType<typeof serviceOn>>;
let logs: string[] = [];
let changes: string[] = [];

beforeAll(async () => {
  fake = await startFake({ regions: ['us-east-1'], timing: FAST });
  env = await serviceOn(fake);
});
afterAll(async () => {
  env.aws.destroy();
  await fake.close();
});
beforeEach(() => {
  logs = [];
  changes = [];
  fake.faults.clear();
  fake.requests.length = 0;
});

/** A step's context as terminateOne needs it; `ran`: the ready step saw the instance running. */
function ctx(ran: boolean) {
  const signal = new AbortController().signal;
  const ready = { hostId: 'h1', hostName: 'scratch', address: '198.51.100.7', created: true };
  return {
    aws: quietAwsEffects(env.aws, signal),
    params: { launch: { account: 'fake', region: 'us-east-1' } } as never,
    log: (text: string) => void logs.push(text),
    changed: (text: string) => void changes.push(text),
    signal,
    find: <T>() => (ran ? (ready as T) : undefined),
  };
}

/** An id EC2 does not know (well-formed): a purged instance. */
const PURGED = 'i-0000000000000dead';
const terminations = () => fake.requests.filter((r) => r.action === 'TerminateInstances');

describe('terminateOne when EC2 does not know the instance', () => {
  it('one that ran and is purged: already terminated at once, recorded, no error and no retries', async () => {
    const started = Date.now();
    await terminateOne(ctx(true), { pollMs: 50 }, PURGED, 'the restore test did not finish');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(terminations()).toHaveLength(1);
    expect(changes).toEqual([`${PURGED} terminated`]);
    expect(logs.join('\n')).toContain(`${PURGED} is not known to EC2`);
    expect(logs.join('\n')).toContain('it is terminated already');
  });

  it('one never seen running: tried again for the grace, then taken as terminated (not a 2 min TIMEOUT)', async () => {
    const started = Date.now();
    await terminateOne(ctx(false), { pollMs: 50, notFoundGraceMs: 400 }, PURGED, 'undo');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(terminations().length).toBeGreaterThan(1);
    expect(logs).toContain(`${PURGED} is not known to EC2 yet: trying again.`);
    expect(changes).toEqual([`${PURGED} terminated`]);
  });

  it('a new id not known for a moment, then known: terminated for real', async () => {
    fake.seed({ instancesPerRegion: 1 });
    const id = [...fake.region('us-east-1').instances.values()].find((i) => i.state === 'running')
      ?.instanceId as string;
    fake.faults.fail('InvalidInstanceID.NotFound', { action: 'TerminateInstances', count: 2 });
    await terminateOne(ctx(false), { pollMs: 50, notFoundGraceMs: 10_000 }, id, 'undo');
    expect(terminations()).toHaveLength(3);
    expect(fake.region('us-east-1').instances.get(id)?.state).toMatch(/shutting-down|terminated/);
    expect(changes).toEqual([`${id} terminated`]);
  });

  it('any other refusal still fails the termination', async () => {
    fake.faults.unauthorized('TerminateInstances', { count: 1 });
    const err = await terminateOne(ctx(true), { pollMs: 50 }, PURGED, 'undo').then(
      () => undefined,
      (e: unknown) => toErrorShape(e),
    );
    expect(err?.code).toBe('AWS_UNAUTHORIZED');
    expect(changes).toEqual([]);
  });
});
