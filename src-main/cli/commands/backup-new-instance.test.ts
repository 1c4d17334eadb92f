import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newInstanceRefusal } from '../../contract/backup-new-instance';
import { composeServices, type Services } from '../../server/compose';
import { cliContextOf } from '../../../testing/cli/cli-context';
import { newInstanceRequest, type NewInstanceOptions } from './backup-new-instance';

let services: Services;
const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-new-instance-'));

beforeAll(async () => {
  services = await composeServices({
    door: 'cli',
    dataDir: home,
    vaultPassphrase: 'new-instance-test-passphrase',
    knownHostsFiles: [],
  });
});
afterAll(async () => {
  await services.shutdown();
  rmSync(home, { recursive: true, force: true });
});

/** `opsdeck backup restore <id> --onto new-instance`'s options, as commander gives them. */
const options: NewInstanceOptions = {
  account: 'prod',
  name: 'opsdeck-restore-test',
  image: 'ami-12345678',
  imageOwner: [],
  type: 't3.large',
  keyType: 'ed25519',
  securityGroup: [],
  var: [],
  tag: [],
  volume: [],
  waitTimeout: '1200',
  sshPort: '22',
  test: true,
};

describe('backup restore --onto new-instance', () => {
  it('refuses a snapshot set for another account or region before planning any launch, with the workflow’s own words', async () => {
    const host = await services.core.hosts.add({ name: 'db9', address: '127.0.0.9' });
    const at = new Date().toISOString();
    const snap = services.core.backups.create({
      id: 'snap-cli-refusal',
      kind: 'snapshot',
      tool: 'ebs-snapshot',
      hostId: host.id,
      hostName: host.name,
      startedAt: at,
      compression: 'none',
      destination: 'ec2://prod/us-east-1',
      location: '',
    });
    services.core.backups.finish(snap.id, {
      status: 'succeeded',
      finishedAt: at,
      bytes: 0,
      durationMs: 1,
    });
    const ctx = cliContextOf(services);
    try {
      for (const at of [{ account: 'staging' }, { account: 'prod', region: 'eu-west-1' }]) {
        const refusal = newInstanceRefusal(snap, { region: 'us-east-1', ...at });
        expect(refusal?.code).toBe('INVALID_PARAMS');
        await expect(newInstanceRequest(ctx, snap.id, { ...options, ...at })).rejects.toMatchObject(
          {
            ...refusal,
          },
        );
      }
      // Its own account, no region given: the snapshots' region is taken, and the launch is
      // planned (then fails only because this test's store has no account "prod").
      await expect(newInstanceRequest(ctx, snap.id, options)).rejects.toMatchObject({
        message: expect.stringContaining('No AWS account "prod"') as string,
      });
    } finally {
      ctx.close();
    }
  });
});
