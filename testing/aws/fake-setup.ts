import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeEc2, type FakeEc2, type FakeEc2Options } from './fake-ec2';
import { PassphraseFileVault } from '../../src-main/core/secrets/passphrase-file-vault';
import { AuditRepo } from '../../src-main/core/store/audit-repo';
import { AwsAccountsRepo } from '../../src-main/core/store/aws-accounts-repo';
import { openDatabase } from '../../src-main/core/store/database';
import { AwsService } from '../../src-main/core/aws/ec2-service';
import { createAwsEffects } from '../../src-main/core/aws/workflow-effects';
import { Redactor } from '../../src-main/core/redact';

// Tests never talk to AWS: no instance metadata lookups, no shared config from the machine.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

/** Timings short enough for tests; most tests move the fake's clock with `advance` instead. */
export const FAST: FakeEc2Options['timing'] = {
  pendingMs: 1000,
  stoppingMs: 1000,
  shuttingDownMs: 1000,
  volumeCreatingMs: 1000,
  volumeDeletingMs: 500,
  attachingMs: 500,
  detachingMs: 500,
  snapshotMs: 2000,
};

export const startFake = (options: FakeEc2Options = {}) =>
  startFakeEc2({ timing: FAST, ...options });

/** An AwsService over a fresh data folder, with one access-key account `fake` on the fake. */
export async function serviceOn(
  fake: FakeEc2,
  options: { maxAttempts?: number; endpoint?: string; accessKeyId?: string } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-aws-'));
  const db = openDatabase(join(dir, 'opsdeck.db'));
  const vault = new PassphraseFileVault(join(dir, 'vault.json'));
  await vault.unlock('test passphrase');
  const audit = new AuditRepo(db);
  const aws = new AwsService({
    repo: new AwsAccountsRepo(db),
    vault,
    audit,
    clock: { now: () => new Date() },
    dataDir: dir,
    client: { maxAttempts: options.maxAttempts ?? 4, connectionTimeoutMs: 2000 },
    configFiles: { config: join(dir, 'no-config'), credentials: join(dir, 'no-credentials') },
  });
  await aws.addAccount({
    name: 'fake',
    auth: 'access-key',
    accessKeyId: options.accessKeyId ?? 'AKIAFAKE000000000001',
    secretAccessKey: 'fake-secret-key',
    endpoint: options.endpoint ?? fake.endpoint,
    defaultRegion: 'us-east-1',
  });
  const ctx = (region?: string) => aws.context({ account: 'fake', region }, 'cli');
  return { dir, db, vault, audit, aws, ctx };
}

/** A workflow step's AWS effects over `aws` (a service on the fake), with no log and no audit. */
export const quietAwsEffects = (aws: AwsService, signal: AbortSignal) =>
  createAwsEffects({
    aws: async () => aws,
    door: 'cli',
    redactor: new Redactor(),
    signal,
    log: () => undefined,
    audit: () => undefined,
  });
