import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { failure } from '../../../../testing/aws/failure';
import { fakeSuite } from '../../../../testing/aws/fake-suite';
import { createKeyPair, deleteKeyPair, importKeyPair } from './key-pairs';

const t = fakeSuite();

describe('key pairs', () => {
  it('creates a key pair and keeps the private key 0600 in the key store', async () => {
    const ctx = t.env.ctx('eu-west-1');
    const created = await createKeyPair(ctx, 'ops-2026', 'rsa');
    expect(created.keyPath).toMatch(/keys\/fake-eu-west-1-ops-2026\.pem$/);
    expect(statSync(created.keyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(created.keyPath, 'utf8')).toMatch(
      /^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n$/,
    );
    const listed = (await t.env.aws.keyPairs({ account: 'fake', region: 'eu-west-1' })).rows;
    expect(listed.map((k) => k.keyName)).toContain('ops-2026');
    // The key material never reaches the audit trail.
    expect(JSON.stringify(t.env.audit.list(50))).not.toContain('PRIVATE KEY');

    const again = await failure(createKeyPair(ctx, 'ops-2026', 'rsa'));
    expect(again.code).toBe('CONFLICT');
  });

  it('imports a public key and deletes a pair only when confirmed', async () => {
    const ctx = t.env.ctx('eu-west-1');
    const pub =
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGt6aW5nIGFib3V0IGEgcHVibGljIGtleSBmb3IgdGVzdHM= me@laptop';
    const imported = await importKeyPair(ctx, 'laptop', pub);
    expect(imported.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const bad = await failure(importKeyPair(ctx, 'bad', '-----BEGIN OPENSSH PRIVATE KEY-----'));
    expect(bad.code).toBe('INVALID_PARAMS');

    expect((await failure(deleteKeyPair(ctx, 'laptop'))).code).toBe('CONFIRMATION_REQUIRED');
    await deleteKeyPair(ctx, 'laptop', 'laptop');
    const listed = (await t.env.aws.keyPairs({ account: 'fake', region: 'eu-west-1' })).rows;
    expect(listed.map((k) => k.keyName)).not.toContain('laptop');
  });
});
