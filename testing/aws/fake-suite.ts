import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Ec2Instance } from '../../src-main/contract';
import type { FakeEc2 } from './fake-ec2';
import { serviceOn, startFake } from './fake-setup';

export interface FakeSuite {
  fake: FakeEc2;
  env: Awaited<ReturnType<typeof serviceOn>>;
  /** The instances of a region as the service lists them. */
  instancesIn(region?: string): Promise<Ec2Instance[]>;
  instance(id: string, region?: string): Promise<Ec2Instance | undefined>;
}

/**
 * One test file's fake EC2 (seeded, default regions) with an AwsService on it: started before the
 * file's tests, faults cleared after each, closed at the end.
 */
export function fakeSuite(instancesPerRegion = 6): FakeSuite {
  const suite = {
    async instancesIn(region = 'us-east-1') {
      return (await suite.env.aws.instances({ account: 'fake', region })).rows;
    },
    async instance(id: string, region = 'us-east-1') {
      return (await suite.instancesIn(region)).find((i) => i.instanceId === id);
    },
  } as FakeSuite;
  beforeAll(async () => {
    suite.fake = await startFake();
    suite.fake.seed({ instancesPerRegion });
    suite.env = await serviceOn(suite.fake);
  });
  afterAll(async () => {
    suite.env.aws.destroy();
    await suite.fake.close();
  });
  afterEach(() => {
    suite.fake.faults.clear();
  });
  return suite;
}
