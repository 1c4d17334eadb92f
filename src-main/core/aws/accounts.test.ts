import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpsdeckError } from '../../contract';
import type { FakeEc2 } from '../../../testing/aws/fake-ec2';
import { parseIniSections, listProfiles } from './profiles';
import { memoizeCredentials } from './credentials';
import { serviceOn, startFake } from '../../../testing/aws/fake-setup';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

let fake: FakeEc2;
beforeAll(async () => {
  fake = await startFake({ regions: ['us-east-1', 'eu-west-1'] });
  fake.seed({ instancesPerRegion: 2 });
});
afterAll(() => fake.close());

const savedEnv = { ...process.env };
afterEach(() => {
  for (const key of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

function awsFiles(config: string, credentials = '') {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-awsconf-'));
  const files = { config: join(dir, 'config'), credentials: join(dir, 'credentials') };
  writeFileSync(files.config, config);
  writeFileSync(files.credentials, credentials);
  process.env.AWS_CONFIG_FILE = files.config;
  process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentials;
  return files;
}

describe('accounts', () => {
  it('keeps the secret key in the vault, never in the store', async () => {
    const { aws, dir, db, vault } = await serviceOn(fake);
    const account = await aws.addAccount({
      name: 'keys',
      auth: 'access-key',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: SECRET,
      defaultRegion: 'eu-west-1',
    });
    expect(account.secretRef).toMatch(/^vault:/);
    expect(account).not.toHaveProperty('secretAccessKey');
    expect(await vault.get(account.secretRef!)).toBe(SECRET);
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of readdirSync(dir).filter((f) => f.startsWith('opsdeck.db')))
      expect(readFileSync(join(dir, file)).includes(SECRET)).toBe(false);

    await aws.removeAccount('KEYS');
    await expect(vault.get(account.secretRef!)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    expect(aws.accounts.list().map((a) => a.name)).toEqual(['fake']);
    aws.destroy();
  });

  it('refuses duplicates and incomplete accounts', async () => {
    const { aws } = await serviceOn(fake);
    await expect(aws.addAccount({ name: 'FAKE' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(aws.addAccount({ name: 'p', auth: 'profile' })).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
      hint: expect.stringContaining('opsdeck ec2 profiles'),
    });
    await expect(
      aws.addAccount({ name: 'k', auth: 'access-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }),
    ).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
    expect(() => aws.accounts.get('nope')).toThrow(OpsdeckError);
    aws.destroy();
  });

  it('uses a named profile from the shared credentials file', async () => {
    awsFiles(
      '[profile lab]\nregion = eu-west-1\n',
      '[lab]\naws_access_key_id = AKIALAB0000000000001\naws_secret_access_key = labsecret\n',
    );
    const { aws } = await serviceOn(fake);
    await aws.addAccount({
      name: 'lab',
      auth: 'profile',
      profile: 'lab',
      endpoint: fake.endpoint,
      defaultRegion: 'eu-west-1',
    });
    const before = fake.requests.length;
    const { rows } = await aws.instances({ account: 'lab' });
    expect(rows).toHaveLength(2);
    expect(fake.requests.slice(before).every((r) => r.status === 200)).toBe(true);
    aws.destroy();
  });

  it('reports a missing profile and an SSO profile without a login as AWS_CREDENTIALS_MISSING', async () => {
    awsFiles(
      [
        '[profile corp]',
        'sso_session = corp',
        'sso_account_id = 111122223333',
        'sso_role_name = Admin',
        'region = us-east-1',
        '[sso-session corp]',
        'sso_start_url = https://example.awsapps.com/start',
        'sso_region = us-east-1',
        '',
      ].join('\n'),
    );
    const { aws } = await serviceOn(fake);
    await aws.addAccount({
      name: 'ghost',
      auth: 'profile',
      profile: 'ghost',
      endpoint: fake.endpoint,
    });
    await aws.addAccount({
      name: 'corp',
      auth: 'profile',
      profile: 'corp',
      endpoint: fake.endpoint,
    });

    const ghost = await aws.regions('ghost').catch((e: OpsdeckError) => e);
    expect(ghost).toMatchObject({ code: 'AWS_CREDENTIALS_MISSING' });
    expect((ghost as OpsdeckError).message).toContain('account ghost');
    expect((ghost as OpsdeckError).hint).toContain('"ghost"');

    const corp = await aws.regions('corp').catch((e: OpsdeckError) => e);
    expect(corp).toMatchObject({
      code: 'AWS_CREDENTIALS_MISSING',
      hint: expect.stringContaining('aws sso login --profile corp'),
    });
    aws.destroy();
  });
});

describe('profiles', () => {
  it('lists profiles of both files with their kind', () => {
    const files = awsFiles(
      [
        '[default]',
        'region = us-east-1',
        '[profile corp]',
        'sso_session = corp',
        '[profile admin]',
        'role_arn = arn:aws:iam::111122223333:role/Admin',
        'source_profile = default',
        'mfa_serial = arn:aws:iam::111122223333:mfa/me',
        '[profile tool]',
        'credential_process = /usr/local/bin/creds',
        '[sso-session corp]',
        'sso_start_url = https://example.awsapps.com/start',
        '[services local]',
        'ec2 =',
        '  endpoint_url = http://127.0.0.1:4566',
      ].join('\n'),
      '[default]\naws_access_key_id = AKIA\naws_secret_access_key = x\n[ci]\naws_access_key_id = AKIB\n',
    );
    expect(listProfiles(files)).toEqual([
      { name: 'admin', kind: 'assume-role', source: ['config'] },
      { name: 'ci', kind: 'keys', source: ['credentials'] },
      { name: 'corp', kind: 'sso', source: ['config'] },
      { name: 'default', kind: 'keys', region: 'us-east-1', source: ['config', 'credentials'] },
      { name: 'tool', kind: 'process', source: ['config'] },
    ]);
  });

  it('ignores comments, sso-session and services sections', () => {
    const sections = parseIniSections(
      '# c\n[sso-session x]\na=1\n[profile p]\n; c\nregion=eu-west-1\n',
      'config',
    );
    expect([...sections.keys()]).toEqual(['p']);
    expect(listProfiles({ config: '/nonexistent/a', credentials: '/nonexistent/b' })).toEqual([]);
  });
});

describe('credentials', () => {
  it('resolves once for every region of an account, and again after a failure', async () => {
    let calls = 0;
    const provider = memoizeCredentials(async () => {
      calls += 1;
      if (calls === 1) throw new Error('transient');
      return {
        accessKeyId: 'A',
        secretAccessKey: 'B',
        expiration: new Date(Date.now() + 3_600_000),
      };
    });
    await expect(provider()).rejects.toThrow('transient');
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a).toBe(b);
    await provider();
    expect(calls).toBe(2);
  });

  it('refreshes credentials that are about to expire', async () => {
    let calls = 0;
    const provider = memoizeCredentials(async () => {
      calls += 1;
      return { accessKeyId: 'A', secretAccessKey: 'B', expiration: new Date(Date.now() + 60_000) };
    });
    await provider();
    await provider();
    expect(calls).toBe(2);
  });
});
