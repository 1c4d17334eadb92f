import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeEc2, type FakeEc2 } from '../../../testing/aws/fake-ec2';
import { addFakeAccount } from '../../../testing/cli/cli-fake-ec2';
import { runCli } from '../../../testing/cli/run-cli';

process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-ec2-test-passphrase';

const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-ec2-'));
let fake: FakeEc2;

const opsdeck = (...args: string[]) => runCli(home, ...args);

beforeAll(async () => {
  fake = await startFakeEc2();
  fake.seed({ instancesPerRegion: 3 });
  const added = await addFakeAccount(home, fake);
  expect(added.stderr).toBe('');
  expect(added.stdout).toContain('Added AWS account fake (access-key)');
});
afterEach(() => fake.faults.clear());
afterAll(async () => {
  await fake.close();
  rmSync(home, { recursive: true, force: true });
});

describe('opsdeck ec2', () => {
  it('lists instances of every region as JSON', async () => {
    const { code, stdout } = await opsdeck('--json', 'ec2', 'instances', '--all-regions');
    expect(code).toBe(0);
    const listing = JSON.parse(stdout);
    expect(listing.failedRegions).toEqual([]);
    expect(listing.rows).toHaveLength(12);
    expect(listing.rows[0]).toHaveProperty('region');
  });

  it('prints tables for humans, with a REGION column across regions', async () => {
    const one = await opsdeck('ec2', 'instances');
    expect(one.stdout.split('\n')[0]).toMatch(/^NAME\s+ID\s+STATE\s+TYPE\s+AZ/);
    expect(one.stdout).toContain('eu-west-1a');
    const all = await opsdeck('ec2', 'volumes', '--all-regions');
    expect(all.stdout.split('\n')[0]).toMatch(/^REGION\s+ID\s+NAME\s+SIZE/);
    for (const table of ['snapshots', 'images', 'keypairs', 'groups', 'addresses', 'zones']) {
      const r = await opsdeck('ec2', table, '--region', 'us-west-2');
      expect(r.code, `${table}: ${r.stderr}`).toBe(0);
    }
    const groups = await opsdeck('ec2', 'groups');
    expect(groups.stdout).toContain('tcp/22 203.0.113.0/24');
  });

  it('reports a failing region on stderr and exits 1, still printing the rest', async () => {
    fake.faults.unauthorized('DescribeInstances', { region: 'us-west-2' });
    const { code, stdout, stderr } = await opsdeck('--json', 'ec2', 'instances', '--all-regions');
    expect(code).toBe(1);
    expect(JSON.parse(stdout).rows).toHaveLength(9);
    expect(stderr).toContain(
      'us-west-2: Account fake is not allowed to call ec2:DescribeInstances',
    );
    expect(stderr).toContain('[AWS_UNAUTHORIZED]');
  });

  it('refuses to terminate without the confirmation, then terminates', async () => {
    const { rows } = JSON.parse((await opsdeck('--json', 'ec2', 'instances')).stdout);
    const target = rows[0];
    const refused = await opsdeck('ec2', 'terminate', target.instanceId);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[CONFIRMATION_REQUIRED]');
    expect(refused.stderr).toContain(target.name);
    const done = await opsdeck('ec2', 'terminate', target.instanceId, '--confirm', target.name);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('running → shutting-down');
  });

  it('asks for an account when there are several', async () => {
    await opsdeck('ec2', 'accounts', 'add', 'other', '--profile', 'nothing-here');
    const r = await opsdeck('ec2', 'instances');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Several AWS accounts');
    expect((await opsdeck('ec2', 'keypairs', '--account', 'fake')).code).toBe(0);
    await opsdeck('ec2', 'accounts', 'remove', 'other', '--yes');
  });
});
