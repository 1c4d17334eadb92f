import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labInventory } from '../../../testing/lab/lab';
import { labServices } from '../../../testing/core/ssh-fixture';

/**
 * Issue 12 #4: a `via: direct` MySQL login can use verified TLS — the lab MariaDB's certificate
 * must chain to the given CA and name the host — and refuses a server it cannot verify.
 */
const inventory = labInventory();
const db1 = inventory.hosts.find((h) => h.name === 'db1')!;
const other = mkdtempSync(join(tmpdir(), 'opsdeck-other-ca-'));
const otherCa = join(other, 'ca.pem');
let s: Awaited<ReturnType<typeof labServices>>;

beforeAll(async () => {
  if (!inventory.tlsCa) throw new Error('The lab has no TLS CA: run scripts/lab/lab up again.');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      join(other, 'ca.key'),
      '-out',
      otherCa,
      '-subj',
      '/CN=not the lab',
    ],
    { stdio: 'ignore' },
  );
  s = await labServices();
});
afterAll(async () => {
  await s?.dispose();
  rmSync(other, { recursive: true, force: true });
});
afterEach(
  () =>
    s.core.mysql &&
    s.call('hosts.update', { id: 'db1', patch: { mysql: { via: 'ssh-tunnel', tls: 'off' } } }),
);

async function sslCipher(): Promise<string> {
  const host = s.core.hosts.get('db1');
  const [row] = await s.core.mysql.reader(host)("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
  return String(row?.Value ?? '');
}
const useDirect = (mysql: Record<string, unknown>) =>
  s.call('hosts.update', {
    id: 'db1',
    patch: { mysql: { via: 'direct', address: db1.address, ...mysql } },
  });

describe('direct MySQL with verified TLS (lab MariaDB)', () => {
  it('tls verify with the lab CA: the session is encrypted', async () => {
    await useDirect({ tls: 'verify', caFile: inventory.tlsCa });
    expect(await sslCipher()).toMatch(/^TLS_|^ECDHE|AES/);
  });

  it('refuses a server whose certificate does not chain to the CA given', async () => {
    await useDirect({ tls: 'verify', caFile: otherCa });
    await expect(sslCipher()).rejects.toMatchObject({
      code: 'MYSQL_TLS_FAILED',
      message: expect.stringContaining('certificate'),
      hint: expect.stringContaining('caFile'),
    });
  });

  it('refuses a certificate issued to another name (db1 checked as db2)', async () => {
    await useDirect({ tls: 'verify', caFile: inventory.tlsCa, tlsServerName: 'db2' });
    await expect(sslCipher()).rejects.toMatchObject({ code: 'MYSQL_TLS_FAILED' });
    await useDirect({ tls: 'verify', caFile: inventory.tlsCa, tlsServerName: 'db1' });
    expect(await sslCipher()).not.toBe('');
  });

  it('without TLS the direct session is plain (the setting is an explicit choice)', async () => {
    await useDirect({ tls: 'off' });
    expect(await sslCipher()).toBe('');
  });
});
