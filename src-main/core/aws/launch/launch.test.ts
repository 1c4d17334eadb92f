import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ec2LaunchInput, type Ec2LaunchInput as LaunchIn } from '../../../contract';
import type { FakeEc2 } from '../../../../testing/aws/fake-ec2';
import { createEventBus } from '../../event-bus';
import { HostService } from '../../inventory/host-service';
import { HostsRepo } from '../../store/hosts-repo';
import { serviceOn, startFake } from '../../../../testing/aws/fake-setup';
import { addToInventory, launchInstances, previewLaunch, sshTarget } from '.';

let fake: FakeEc2;
let env: Awaited<ReturnType<typeof serviceOn>>;
let hosts: HostService;

beforeAll(async () => {
  fake = await startFake({ regions: ['us-east-1', 'eu-west-1'] });
  fake.seed({ instancesPerRegion: 2 });
  env = await serviceOn(fake);
  hosts = new HostService({
    repo: new HostsRepo(env.db),
    vault: env.vault,
    bus: createEventBus(),
    clock: { now: () => new Date() },
  });
});
afterAll(async () => {
  env.aws.destroy();
  await fake.close();
});

const ubuntuAmi = (region = 'eu-west-1') =>
  [...fake.region(region).images.values()].find((i) => i.name.startsWith('ubuntu'))!.imageId;
const group = (name: string, region = 'eu-west-1') =>
  [...fake.region(region).securityGroups.values()].find((g) => g.groupName === name)!.groupId;
const spec = (over: Partial<LaunchIn> = {}) =>
  Ec2LaunchInput.parse({
    account: 'fake',
    region: 'eu-west-1',
    name: 'mysite-db01',
    imageId: ubuntuAmi(),
    instanceType: 't3.small',
    zone: 'eu-west-1b',
    createKeyPair: { keyName: 'mysite-db01' },
    securityGroupIds: [group('db')],
    userData: '#!/bin/bash\nhostnamectl set-hostname mysite-db01\n',
    tags: { Env: 'prod' },
    volumes: [{ device: '/dev/sdf', sizeGiB: 100 }],
    ...over,
  });

describe('launch', () => {
  it('previews without changing anything, with warnings from reads', async () => {
    const before = fake.requests.filter((r) => r.action === 'RunInstances').length;
    const preview = await previewLaunch(
      env.ctx('eu-west-1'),
      spec({ securityGroupIds: [group('web')], createKeyPair: { keyName: 'deploy' } }),
    );
    expect(preview.command).toContain('aws ec2 run-instances');
    expect(preview.command).toContain(`--endpoint-url ${fake.endpoint}`);
    expect(preview.warnings.join('\n')).toContain('A key pair named deploy already exists');
    expect(preview.warnings.join('\n')).not.toContain('SSH in from anywhere');
    expect(fake.requests.filter((r) => r.action === 'RunInstances').length).toBe(before);
  });

  it('creates the key pair, launches with tags, volumes and user data, and audits both', async () => {
    const result = await launchInstances(env.ctx('eu-west-1'), spec());
    expect(result.instanceIds).toHaveLength(1);
    const id = result.instanceIds[0]!;
    expect(result.keyPair?.keyName).toBe('mysite-db01');
    expect(statSync(result.keyPair!.keyPath).mode & 0o777).toBe(0o600);
    expect(result.command).toMatch(/^aws ec2 create-key-pair .*--key-name mysite-db01/m);

    const fi = fake.region('eu-west-1').instances.get(id)!;
    expect(fi.keyName).toBe('mysite-db01');
    expect(fi.zone).toBe('eu-west-1b');
    expect(Buffer.from(fi.userData ?? '', 'base64').toString()).toContain(
      'set-hostname mysite-db01',
    );
    const [row] = (
      await env.aws.instances({ account: 'fake', region: 'eu-west-1', instanceIds: [id] })
    ).rows;
    expect(row).toMatchObject({ name: 'mysite-db01', state: 'pending', tags: { Env: 'prod' } });
    const vols = (await env.aws.volumes({ account: 'fake', region: 'eu-west-1' })).rows.filter(
      (v) => v.attachments.some((a) => a.instanceId === id),
    );
    expect(vols.map((v) => [v.attachments[0]?.device, v.sizeGiB, v.name]).sort()).toEqual([
      ['/dev/sdf', 100, 'mysite-db01'],
      ['/dev/xvda', 8, 'mysite-db01'],
    ]);
    const actions = env.audit.list(10).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['ec2.keyPairs.create', 'ec2.instances.launch']),
    );
  });

  it('a key pair created by an earlier attempt (its key file kept) is reused, not created again', async () => {
    // The test above created mysite-db01 and saved its key: a second launch asking to create it
    // (a resumed run whose RunInstances failed after CreateKeyPair) must not fail CONFLICT.
    const creates = () => fake.requests.filter((r) => r.action === 'CreateKeyPair').length;
    const before = creates();
    const result = await launchInstances(env.ctx('eu-west-1'), spec());
    expect(creates()).toBe(before);
    expect(result.keyPair?.keyName).toBe('mysite-db01');
    expect(result.warnings.join('\n')).toContain(
      'Key pair mysite-db01 exists and its private key is in Opsdeck',
    );
    expect(fake.region('eu-west-1').instances.get(result.instanceIds[0]!)?.keyName).toBe(
      'mysite-db01',
    );
  });

  it('a client token makes the launch idempotent: a repeat answers the same reservation', async () => {
    const runs = () => fake.requests.filter((r) => r.action === 'RunInstances').length;
    const count = () => fake.region('eu-west-1').instances.size;
    const withToken = spec({ createKeyPair: undefined, keyName: 'deploy' });
    const first = await launchInstances(env.ctx('eu-west-1'), {
      ...withToken,
      clientToken: 'restore-run-1',
    });
    expect(first.command).toContain('--client-token restore-run-1');
    const [sent, instances] = [runs(), count()];
    const again = await launchInstances(env.ctx('eu-west-1'), {
      ...withToken,
      clientToken: 'restore-run-1',
    });
    expect(runs()).toBe(sent + 1); // sent again, as a resumed run would…
    expect(count()).toBe(instances); // …and EC2 launched nothing new
    expect(again.reservationId).toBe(first.reservationId);
    expect(again.instanceIds).toEqual(first.instanceIds);
    // The same token with other parameters is refused, as EC2 does.
    await expect(
      launchInstances(env.ctx('eu-west-1'), {
        ...withToken,
        instanceType: 't3.large',
        clientToken: 'restore-run-1',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('client token') });
    expect(count()).toBe(instances);
  });

  it('a failed launch is audited as failed and names the operation', async () => {
    await expect(
      launchInstances(env.ctx('eu-west-1'), spec({ createKeyPair: undefined, keyName: 'nope' })),
    ).rejects.toMatchObject({ message: expect.stringContaining('RunInstances') });
    expect(env.audit.list(1)[0]).toMatchObject({
      action: 'ec2.instances.launch',
      outcome: 'failed',
    });
  });
});

describe('from instance to inventory host', () => {
  it('picks the address, the login user from the AMI and the stored key', async () => {
    const result = await launchInstances(
      env.ctx('eu-west-1'),
      spec({ name: 'mysite-web01', createKeyPair: { keyName: 'mysite-web01' }, volumes: [] }),
    );
    const id = result.instanceIds[0]!;
    fake.advance(5_000);
    const t = await sshTarget(env.ctx('eu-west-1'), hosts, id);
    expect(t.user).toBe('ubuntu');
    expect(t.userReason).toMatch(/Ubuntu/);
    expect(t.addresses[0]?.kind).toBe('public IP');
    expect(t.address).toBe(t.addresses[0]?.address);
    expect(t.keyPath).toBe(result.keyPair?.keyPath);
    expect(t.tags).toEqual(
      expect.arrayContaining([`ec2:${id}`, 'region:eu-west-1', 'aws:fake', 'Env=prod']),
    );

    const added = await addToInventory(env.ctx('eu-west-1'), hosts, { instanceId: id });
    expect(added.created).toBe(true);
    expect(added.host).toMatchObject({
      name: 'mysite-web01',
      source: 'ec2',
      user: 'ubuntu',
      auth: 'key',
      keyPath: result.keyPair?.keyPath,
      address: t.address,
    });

    // Again, with an edited user and a hand-added tag on the host: the host is refreshed, not doubled.
    await hosts.update(added.host.id, { tags: [...added.host.tags, 'mine'] });
    const again = await addToInventory(env.ctx('eu-west-1'), hosts, {
      instanceId: id,
      user: 'admin',
    });
    expect(again.created).toBe(false);
    expect(again.host.id).toBe(added.host.id);
    expect(again.host.user).toBe('admin');
    expect(again.host.tags).toContain('mine');
    expect(hosts.list().filter((h) => h.tags.includes(`ec2:${id}`))).toHaveLength(1);
  });

  it('without a stored key uses the agent; a taken name gets the region appended', async () => {
    const [seeded] = (await env.aws.instances({ account: 'fake', region: 'us-east-1' })).rows;
    await hosts.add({ name: seeded!.name, address: '10.1.1.1' });
    const added = await addToInventory(env.ctx('us-east-1'), hosts, {
      instanceId: seeded!.instanceId,
    });
    expect(added.host.auth).toBe('agent');
    expect(added.host.name).toBe(`${seeded!.name}-us-east-1`);
    expect(added.host.user).toBe('ec2-user'); // own AMI "golden-web": the default
  });
});
