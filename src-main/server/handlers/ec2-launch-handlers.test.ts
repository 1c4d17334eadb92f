import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMessage, MethodName, ParamsIn, Result } from '../../contract';
import { startFakeEc2, type FakeEc2 } from '../../../testing/aws/fake-ec2';
import { composeServices, type Services } from '../compose';

process.env.AWS_EC2_METADATA_DISABLED = 'true';

let fake: FakeEc2;
let services: Services;
const events: EventMessage[] = [];
const home = mkdtempSync(join(tmpdir(), 'opsdeck-ec2-launch-'));
let accountId = '';

async function call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> {
  const envelope = await services.router.call(method, params, { door: 'web' });
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as Result<M>;
}

beforeAll(async () => {
  fake = await startFakeEc2({ regions: ['us-east-1'], timing: { pendingMs: 200 } });
  fake.seed({ instancesPerRegion: 2 });
  services = await composeServices({
    door: 'web',
    dataDir: home,
    vaultPassphrase: 'launch-test-passphrase',
    knownHostsFiles: [],
  });
  services.bus.subscribe((m) => events.push(m));
  accountId = (
    await call('ec2.accounts.add', {
      name: 'fake',
      auth: 'access-key',
      accessKeyId: 'AKIAFAKE000000000001',
      secretAccessKey: 'fake-secret',
      endpoint: fake.endpoint,
    })
  ).id;
});
afterAll(async () => {
  await services.shutdown();
  await fake.close();
  rmSync(home, { recursive: true, force: true });
});

const changed = () => events.filter((e) => e.topic === 'ec2.changed').map((e) => e.payload);

describe('launch and inventory methods through the router', () => {
  it('lists templates and renders one with the built-ins', async () => {
    const templates = await call('ec2.userData.templates', {});
    expect(templates.map((t) => t.id)).toEqual(
      expect.arrayContaining(['hostname', 'base', 'puppet', 'salt', 'ansible-pull']),
    );
    const r = await call('ec2.userData.render', {
      templateId: 'hostname',
      name: 'web-a',
      zone: 'us-east-1a',
    });
    expect(r.errors).toEqual({});
    expect(r.text).toContain('set-hostname web-a');
    const bad = await services.router.call(
      'ec2.userData.render',
      { templateId: 'nope' },
      { door: 'web' },
    );
    expect(bad.ok).toBe(false);
  });

  it('previews (no event), launches (ec2.changed), follows one instance to running', async () => {
    const image = (await call('ec2.images', { account: 'fake', owners: ['amazon'] })).rows[0]!;
    const params = {
      account: 'fake',
      name: 'site-app01',
      imageId: image.imageId,
      instanceType: 't3.micro',
      createKeyPair: { keyName: 'site-app01' },
    };
    const before = changed().length;
    const preview = await call('ec2.instances.launchPreview', params);
    expect(preview.command).toContain('--key-name site-app01');
    expect(changed().length).toBe(before);

    const launched = await call('ec2.instances.launch', params);
    expect(launched.instanceIds).toHaveLength(1);
    expect(changed().at(-1)).toEqual({
      account: accountId,
      region: 'us-east-1',
      method: 'ec2.instances.launch',
    });
    const id = launched.instanceIds[0]!;
    fake.advance(1000);
    const listed = await call('ec2.instances', { account: 'fake', instanceIds: [id] });
    expect(listed.rows.map((r) => [r.instanceId, r.state])).toEqual([[id, 'running']]);

    const target = await call('ec2.instances.sshTarget', { account: 'fake', instanceId: id });
    expect(target.user).toBe('ec2-user');
    expect(target.keyPath).toBe(launched.keyPair?.keyPath);
    const { host, created } = await call('ec2.instances.addToInventory', {
      account: 'fake',
      instanceId: id,
    });
    expect(created).toBe(true);
    expect(host.source).toBe('ec2');
    expect(events.some((e) => e.topic === 'hosts.changed')).toBe(true);
    const [hostRow] = await call('hosts.list', {});
    expect(hostRow?.tags).toContain(`ec2:${id}`);
  });

  it('waits until a new instance runs, EC2 not knowing its id yet (NotFound) being waited out', async () => {
    const image = (await call('ec2.images', { account: 'fake', owners: ['amazon'] })).rows[0]!;
    const launched = await call('ec2.instances.launch', {
      account: 'fake',
      name: 'site-app02',
      imageId: image.imageId,
      instanceType: 't3.micro',
    });
    const id = launched.instanceIds[0]!;
    fake.faults.fail('InvalidInstanceID.NotFound', { action: 'DescribeInstances', count: 2 });
    try {
      const rows = await call('ec2.instances.waitRunning', {
        account: 'fake',
        instanceIds: [id],
        timeoutSec: 60,
      });
      expect(rows.map((r) => [r.instanceId, r.state])).toEqual([[id, 'running']]);
      expect(fake.requests.filter((r) => r.code === 'InvalidInstanceID.NotFound')).toHaveLength(2);
    } finally {
      fake.faults.clear();
    }
    // One that is terminated instead fails at once, naming its state.
    await call('ec2.instances.terminate', { account: 'fake', instanceIds: [id], confirm: id });
    await expect(
      call('ec2.instances.waitRunning', { account: 'fake', instanceIds: [id], timeoutSec: 60 }),
    ).rejects.toMatchObject({
      code: 'AWS_INCORRECT_STATE',
      message: `${id} went shutting-down instead of running.`,
    });
  });

  it('announces a failed change that reached EC2 too, not a refusal before any change', async () => {
    const before = changed().length;
    const refused = await services.router.call(
      'ec2.instances.terminate',
      { account: 'fake', instanceIds: ['i-00000000'], confirm: 'x' },
      { door: 'web' },
    );
    expect(refused.ok).toBe(false);
    expect(changed().length).toBe(before);
    const failed = await services.router.call(
      'ec2.instances.start',
      { account: 'fake', instanceIds: ['i-00000000'] },
      { door: 'web' },
    );
    expect(failed.ok).toBe(false);
    expect(changed().at(-1)).toMatchObject({ method: 'ec2.instances.start' });
  });

  it('announces EC2 changes a workflow makes (the core emits, not the door)', async () => {
    const [instance] = (await call('ec2.instances', { account: 'fake' })).rows;
    const before = changed().length;
    const { runId } = await call('workflows.start', {
      workflow: 'provision-volumes',
      params: {
        account: 'fake',
        instanceId: instance!.instanceId,
        volumes: [{ device: '/dev/sdf', sizeGiB: 10 }],
      },
    });
    const done = await services.core.workflows.wait(runId);
    expect(done.status).toBe('succeeded');
    expect(
      changed()
        .slice(before)
        .map((c) => c.method),
    ).toEqual(['ec2.volumes.create', 'ec2.volumes.attach']);
    const appended = events.filter((e) => e.topic === 'audit.appended').map((e) => e.payload);
    expect(appended.filter((r) => r.runId === runId).map((r) => r.action)).toEqual([
      'provision-volumes: ec2.volumes.create',
      'provision-volumes: ec2.volumes.attach',
    ]);
  });
});
