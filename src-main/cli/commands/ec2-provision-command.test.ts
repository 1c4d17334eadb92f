import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeEc2 } from '../../../testing/aws/fake-ec2';
import { startFake } from '../../../testing/aws/fake-setup';
import { addFakeAccount } from '../../../testing/cli/cli-fake-ec2';
import { runCli } from '../../../testing/cli/run-cli';

process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-ec2-provision-test-passphrase';

const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-provision-'));
let fake: FakeEc2;
let instanceId: string;
let zone: string;

const opsdeck = (...args: string[]) => runCli(home, ...args);
/** `opsdeck ec2 provision --instance <the running instance> <args>`. */
const provision = (...args: string[]) =>
  opsdeck('ec2', 'provision', '--instance', instanceId, ...args);
/** `opsdeck disks prepare --host <host> <args>`. */
const prepare = (host: string, ...args: string[]) =>
  opsdeck('disks', 'prepare', '--host', host, ...args);
const creates = () => fake.requests.filter((r) => r.action === 'CreateVolume').length;

beforeAll(async () => {
  fake = await startFake({ regions: ['us-east-1'] });
  fake.seed({ instancesPerRegion: 2 });
  const added = await addFakeAccount(home, fake, 'us-east-1');
  expect(added.code).toBe(0);
  const { rows } = JSON.parse((await opsdeck('--json', 'ec2', 'instances')).stdout);
  const running = rows.find((i: { state: string }) => i.state === 'running');
  instanceId = running.instanceId;
  zone = running.availabilityZone;
  expect((await opsdeck('hosts', 'add', 'web1', '127.0.0.1')).code).toBe(0);
});
afterAll(async () => {
  await fake.close();
  rmSync(home, { recursive: true, force: true });
});

describe('opsdeck ec2 provision', () => {
  it('--dry-run prints every planned call and creates nothing', async () => {
    const r = await provision(
      '--volume',
      'sdf:100:gp3',
      '--volume',
      '/dev/sdg:20:io2',
      '--dry-run',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `WRITE aws aws:fake/us-east-1: create gp3 volume 100 GiB in ${zone} for /dev/sdf`,
    );
    expect(r.stdout).toContain(
      `WRITE aws aws:fake/us-east-1: attach (new volume for /dev/sdg) to ${instanceId} as /dev/sdg`,
    );
    // Without --mount nothing on the host was asked for: said so, never "already done".
    expect(r.stdout).toMatch(/\d+\. Find the volumes on the host \(not requested\)/);
    expect(r.stdout).toMatch(/\d+\. Stripe the devices as RAID0 \(mdadm\) \(not requested\)/);
    expect(r.stdout).not.toMatch(/already done/);
    expect(creates()).toBe(0);
  });

  it('refuses without --yes when nobody can answer, and changes nothing', async () => {
    const r = await provision('--volume', 'sdf:10');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Not confirmed: Create and attach 10 GiB gp3 at /dev/sdf for');
    expect(r.stderr).toContain('[CONFIRMATION_REQUIRED]');
    expect(creates()).toBe(0);
  });

  it('says what is wrong with the options before calling anything', async () => {
    const bad = await provision('--volume', 'sdf', '--dry-run');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--volume sdf: expected device:size[:type].');
    const two = await provision(
      '--volume',
      'sdf:10',
      '--volume',
      'sdg:10',
      '--mount',
      '/var/lib/mysql',
      '--dry-run',
    );
    expect(two.code).toBe(1);
    expect(two.stderr).toContain(
      'provision-volumes: disk: Several devices need RAID0 or LVM to become one filesystem',
    );
    const noHost = await provision('--volume', 'sdf:10', '--mount', '/var/lib/mysql', '--dry-run');
    expect(noHost.code).toBe(1);
    expect(noHost.stderr).toContain(`No inventory host is tied to ${instanceId}`);
    expect(noHost.stderr).toContain('[NOT_FOUND]');
    expect(creates()).toBe(0);
  });

  it('--yes creates and attaches the volumes and follows the run to the end', async () => {
    const r = await opsdeck(
      '--json',
      'ec2',
      'provision',
      '--instance',
      instanceId,
      '--volume',
      'sdh:5:gp3',
      '--yes',
    );
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout);
    expect(run).toMatchObject({ workflow: 'provision-volumes', status: 'succeeded' });
    expect(run.steps.find((s: { id: string }) => s.id === 'attach').status).toBe('done');
    const volumes = JSON.parse((await opsdeck('--json', 'ec2', 'volumes')).stdout).rows.filter(
      (v: { tags: Record<string, string> }) =>
        v.tags['opsdeck:provision'] === `${instanceId}:/dev/sdh`,
    );
    expect(volumes).toHaveLength(1);
    expect(volumes[0].attachments[0]).toMatchObject({ instanceId, state: 'attached' });
  }, 30_000);
});

describe('opsdeck disks prepare', () => {
  it('checks the layout against the devices before connecting', async () => {
    const r = await prepare(
      'web1',
      '--device',
      '/dev/sdb',
      '--device',
      '/dev/sdc',
      '--mount',
      '/data',
      '--dry-run',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'prepare-disks: devices: Several devices need RAID0 or LVM to become one filesystem',
    );
    const sys = await prepare('web1', '--device', '/dev/sdb', '--mount', '/etc', '--dry-run');
    expect(sys.code).toBe(1);
    expect(sys.stderr).toContain('That is a system directory');
    const nobody = await prepare('nope', '--device', '/dev/sdb', '--mount', '/data');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('[NOT_FOUND]');
  });
});
