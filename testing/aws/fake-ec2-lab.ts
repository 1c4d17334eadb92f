import type { Ec2Instance } from '../../src-main/contract';
import type { FakeEc2 } from './fake-ec2';
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

/**
 * From now on, every instance the fake launches (or starts) gets `address` as its public IP: a
 * lab host (sshd + MariaDB) stands for the new instance, as db3 stands for a seeded one.
 */
export function launchesAsLabHost(fake: FakeEc2, address: string): void {
  fake.world.publicIp = () => address;
}

/** A Debian AMI (Debian's publisher account; login user `admin`) in the fake's region. */
export function addDebianImage(fake: FakeEc2, region = 'us-east-1'): string {
  const r = fake.region(region);
  const imageId = fake.world.id('ami');
  r.images.set(imageId, {
    imageId,
    name: 'debian-12-amd64-20250101-1980',
    description: 'Debian 12 (20250101-1980)',
    ownerId: '136693071363',
    architecture: 'x86_64',
    state: 'available',
    isPublic: true,
    creationDate: '2025-01-01T12:00:00.000Z',
    rootDeviceName: '/dev/xvda',
    platformDetails: 'Linux/UNIX',
    tags: new Map(),
  });
  return imageId;
}
