import type { Ec2Instance } from '../../src-main/contract';
import { startFake } from './fake-setup';
import { labServices } from '../core/ssh-fixture';

/**
 * The lab's hosts plus a fake EC2 (one region) with an access-key account `fake` on it, and a
 * running instance for a lab host to stand for.
 */
export async function labWithFakeEc2(instancesPerRegion = 1) {
  const fake = await startFake({ regions: ['us-east-1'] });
  fake.seed({ instancesPerRegion });
  const t = await labServices();
  await t.call('ec2.accounts.add', {
    name: 'fake',
    auth: 'access-key',
    accessKeyId: 'AKIAFAKE000000000001',
    secretAccessKey: 'fake-secret-key',
    endpoint: fake.endpoint,
    defaultRegion: 'us-east-1',
  });
  const { rows } = await t.call('ec2.instances', { account: 'fake' });
  const instance = rows.find((i) => i.state === 'running') as Ec2Instance;
  return { fake, t, instance };
}
