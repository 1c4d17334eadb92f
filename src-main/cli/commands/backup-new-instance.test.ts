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
  it('refuses a snapshot set before planning any launch, with the workflow’s own words', async () => {
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
    const refusal = newInstanceRefusal(snap);
    expect(refusal?.code).toBe('INVALID_PARAMS');
    const ctx = cliContextOf(services);
    try {
      // No account "prod" exists: a planned launch would fail on it — the refusal comes first.
      await expect(newInstanceRequest(ctx, snap.id, options)).rejects.toMatchObject({
        ...refusal,
      });
    } finally {
      ctx.close();
    }
  });
});
