import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeEc2, type FakeEc2 } from '../../../testing/aws/fake-ec2';
import { addFakeAccount } from '../../../testing/cli/cli-fake-ec2';
import { runCli } from '../../../testing/cli/run-cli';

process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-ec2-launch-test-passphrase';

const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-launch-'));
let fake: FakeEc2;
let sshd: Server;
let sshPort: number;

const opsdeck = (...args: string[]) => runCli(home, ...args);
/** `opsdeck ec2 launch --name <name> <args>`, and the same with `--json`. */
const launch = (name: string, ...args: string[]) =>
  opsdeck('ec2', 'launch', '--name', name, ...args);
const launchJson = (name: string, ...args: string[]) =>
  opsdeck('--json', 'ec2', 'launch', '--name', name, ...args);
const launches = () => fake.requests.filter((r) => r.action === 'RunInstances').length;
const region = () => fake.region('eu-west-1');
/** Canonical publishes Ubuntu under its own account id (no owner alias). */
const UBUNTU = ['--image-filter', 'ubuntu', '--image-owner', '099720109477'];
const groupId = (name: string) =>
  [...region().securityGroups.values()].find((g) => g.groupName === name)!.groupId;

beforeAll(async () => {
  fake = await startFakeEc2({ timing: { pendingMs: 500 } });
  const added = await addFakeAccount(home, fake);
  expect(added.code).toBe(0);
  // An sshd stand-in: greets like OpenSSH, so --wait can see it come up.
  sshd = createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2p1 fake\r\n'));
  await new Promise<void>((resolve) => sshd.listen(0, '127.0.0.1', resolve));
  sshPort = (sshd.address() as AddressInfo).port;
});
afterEach(() => {
  fake.faults.clear();
  vi.restoreAllMocks();
});
afterAll(async () => {
  sshd.close();
  await fake.close();
  rmSync(home, { recursive: true, force: true });
});

describe('opsdeck ec2 launch', () => {
  it('--dry-run prints the plan and the aws ec2 run-instances line, and sends nothing', async () => {
    const before = fake.requests.length;
    const r = await launch(
      'mysite-db01',
      '--image-filter',
      'al2023-*-x86_64',
      '--image-owner',
      'amazon',
      '--type',
      't3.small',
      '--az',
      'eu-west-1b',
      '--security-group',
      'db',
      '--security-group',
      groupId('web'),
      '--user-data-template',
      'hostname',
      '--tag',
      'Env=prod',
      '--volume',
      'sdf:100:gp3',
      '--dry-run',
    );
    expect(r.stderr).not.toContain('opsdeck:');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Launch 1× mysite-db01 in fake/eu-west-1');
    expect(r.stdout).toMatch(/AMI\s+ami-\w+ \(al2023-ami-2023\.6\.20250107\.0-kernel-6\.1-x86_64/);
    expect(r.stdout).toContain('mysite-db01 (created; its private key is saved 0600');
    expect(r.stdout).toContain(`${groupId('db')} (db), ${groupId('web')} (web)`);
    expect(r.stdout).toContain('/dev/sdf 100 GiB gp3');
    expect(r.stdout).toContain('aws ec2 create-key-pair --region eu-west-1');
    expect(r.stdout).toContain('aws ec2 run-instances');
    expect(r.stdout).toContain('--instance-type t3.small');
    expect(r.stdout).toContain('--placement AvailabilityZone=eu-west-1b');
    expect(r.stdout).toContain('hostnamectl set-hostname mysite-db01');
    const sent = fake.requests.slice(before).map((q) => q.action);
    expect(sent).not.toContain('RunInstances');
    expect(sent).not.toContain('CreateKeyPair');
    expect(region().keyPairs.has('mysite-db01')).toBe(false);
  });

  it('--dry-run --json gives the contract params and the preview', async () => {
    const r = await launchJson(
      'app01',
      ...UBUNTU,
      '--key-pair',
      'deploy',
      '--user-data-template',
      'base',
      '--var',
      'packages=htop curl',
      '--var',
      'timezone=Europe/Paris',
      '--count',
      '2',
      '--dry-run',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.dryRun).toBe(true);
    expect(out.params).toMatchObject({ keyName: 'deploy', count: 2, region: 'eu-west-1' });
    expect(out.params.createKeyPair).toBeUndefined();
    expect(out.userData).toContain('Europe/Paris');
    expect(out.warnings.join('\n')).toContain('2 instances will be launched');
  });

  it('refuses to launch without a confirmation (no terminal, no --yes)', async () => {
    const before = launches();
    const r = await launch('nope01', ...UBUNTU);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[CONFIRMATION_REQUIRED]');
    expect(r.stderr).toContain('Not launched: 1× nope01 in fake/eu-west-1');
    expect(launches()).toBe(before);
    expect(region().keyPairs.has('nope01')).toBe(false);
  });

  it('launches, follows to running and SSH-ready, and adds the host to the inventory', async () => {
    vi.spyOn(fake.world, 'publicIp').mockReturnValue('127.0.0.1');
    const r = await launchJson(
      'mysite-web01',
      ...UBUNTU,
      '--security-group',
      'web',
      '--tag',
      'Env=prod',
      '--volume',
      '/dev/sdg:20:st1',
      '--yes',
      '--wait',
      '--ssh-port',
      String(sshPort),
      '--add-to-inventory',
    );
    expect(r.stderr).not.toContain('opsdeck:');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const id = (out.instanceIds as string[])[0]!;
    expect(out.keyPair.keyName).toBe('mysite-web01');
    expect(statSync(out.keyPair.keyPath).mode & 0o777).toBe(0o600);
    expect(out.instances[0]).toMatchObject({ instanceId: id, state: 'running' });
    expect(out.ssh[0]).toMatchObject({ instanceId: id, user: 'ubuntu', port: sshPort });
    expect(out.hosts[0]).toMatchObject({ name: 'mysite-web01', address: '127.0.0.1' });
    // The core's wait (the restore-test workflow's too), then the instance as it runs.
    expect(r.stderr).toContain(`${id}  waiting until running…`);
    expect(r.stderr).toMatch(new RegExp(`${id}  running .*public 127\\.0\\.0\\.1`));
    expect(r.stderr).toContain('SSH ready (SSH-2.0-OpenSSH_9.2p1 fake)');
    const launched = region().instances.get(id)!;
    expect(launched.tags.get('Env')).toBe('prod');
    expect(launched.keyName).toBe('mysite-web01');
    const data = [...region().volumes.values()].find(
      (v) => v.attachment?.instanceId === id && v.attachment?.device === '/dev/sdg',
    );
    expect(data).toMatchObject({ size: 20, volumeType: 'st1' });
    const hosts = JSON.parse((await opsdeck('--json', 'hosts', 'list')).stdout);
    expect(hosts.map((h: { name: string }) => h.name)).toContain('mysite-web01');
  });

  it('uses the key pair named after the instance when it exists already', async () => {
    const r = await launchJson('mysite-web01', ...UBUNTU, '--yes');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.keyPair).toBeUndefined();
    expect(region().instances.get(out.instanceIds[0])!.keyName).toBe('mysite-web01');
    expect(out.command).not.toContain('create-key-pair');
  });

  it('sends a user-data file as is, base64 on the wire', async () => {
    const file = join(home, 'boot.sh');
    writeFileSync(file, '#!/bin/sh\necho booted > /tmp/booted\n');
    const r = await launchJson(
      'filedata01',
      ...UBUNTU,
      '--key-pair',
      'deploy',
      '--user-data-file',
      file,
      '--yes',
    );
    expect(r.code).toBe(0);
    const sent = region().instances.get(JSON.parse(r.stdout).instanceIds[0])!.userData!;
    expect(Buffer.from(sent, 'base64').toString('utf8')).toBe(
      '#!/bin/sh\necho booted > /tmp/booted\n',
    );
  });

  it('--wait reports an instance that dies instead of running', async () => {
    const before = launches();
    const run = launch('doomed01', ...UBUNTU, '--key-pair', 'deploy', '--yes', '--wait');
    // Terminate it as soon as EC2 knows it, before it reaches running.
    await vi.waitFor(() => expect(launches()).toBe(before + 1));
    const doomed = [...region().instances.values()].find((i) => i.tags.get('Name') === 'doomed01')!;
    doomed.state = 'terminated';
    const r = await run;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${doomed.instanceId} went terminated instead of running`);
    expect(r.stderr).toContain('[AWS_INCORRECT_STATE]');
  });

  it('fails clearly, before sending anything, on options that cannot work', async () => {
    const cases: [string[], string, string][] = [
      [['--image', 'ami-1', '--image-filter', 'x'], 'INVALID_PARAMS', 'exclude each other'],
      [[...UBUNTU, '--var', 'a=b'], 'INVALID_PARAMS', '--var needs --user-data-template'],
      [[...UBUNTU, '--security-group', 'nosuch'], 'NOT_FOUND', 'No security group nosuch'],
      [
        ['--image-filter', 'no-such-image'],
        'NOT_FOUND',
        'No available AMI named like "no-such-image"',
      ],
      [[...UBUNTU, '--volume', 'sdf:big'], 'INVALID_PARAMS', 'expected device:size'],
      [[...UBUNTU, '--tag', 'Name=x'], 'INVALID_PARAMS', 'The Name tag is --name'],
      [
        [...UBUNTU, '--user-data-template', 'hostname', '--var', 'hostname=bad;rm'],
        'INVALID_PARAMS',
        'User data template hostname: hostname:',
      ],
      [[...UBUNTU, '--type', 'huge'], 'INVALID_PARAMS', 'instanceType'],
    ];
    const before = launches();
    for (const [args, code, text] of cases) {
      const r = await launch('bad01', ...args, '--yes');
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain(`[${code}]`);
      expect(r.stderr, args.join(' ')).toContain(text);
    }
    expect(launches()).toBe(before);
  });
});
