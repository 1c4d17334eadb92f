import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labInventory, labInventoryPath } from '../../../testing/lab/lab';
import { labServices } from '../../../testing/core/ssh-fixture';
import { runCli } from '../../../testing/cli/run-cli';

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
const cliHome = join(other, 'cli-home');
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

describe('verified TLS set through `opsdeck mysql login` (no JSON typed)', () => {
  const opsdeck = (...args: string[]) => runCli(cliHome, ...args);
  const login = (...args: string[]) =>
    opsdeck('mysql', 'login', 'db1', '--via', 'direct', '--address', db1.address, ...args);

  beforeAll(async () => {
    process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-test-passphrase';
    const imported = await opsdeck('hosts', 'import', 'lab', labInventoryPath);
    expect(imported.code, imported.stderr).toBe(0);
  });

  it('--tls verify --ca-file (the lab CA): saved, said, and the login works', async () => {
    const r = await login('--tls', 'verify', '--ca-file', inventory.tlsCa!);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `db1: opsdeck@${db1.address}:3306 directly with verified TLS (CA ${inventory.tlsCa})`,
    );
    expect(r.stderr).toMatch(/^ok: .*MariaDB/m);
  });

  it('a CA that did not sign the server: the login is tried and refused as a TLS failure', async () => {
    const r = await login('--ca-file', otherCa);
    expect(r.stdout).toContain(`directly with verified TLS (CA ${otherCa})`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The login does not work yet: .*certificate/);
    expect(r.stderr).toContain('[MYSQL_TLS_FAILED]');
  });

  it('a CA file that does not exist is refused before anything is saved; --tls off goes back', async () => {
    const missing = join(other, 'missing.pem');
    const r = await login('--tls', 'verify', '--ca-file', missing, '--no-test');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`The CA file ${missing} does not exist.`);
    expect(r.stderr).toContain('INVALID_PARAMS');
    const shown = await opsdeck('mysql', 'login', 'db1', '--no-test');
    expect(shown.stdout).toContain(`(CA ${otherCa})`);
    const off = await login('--tls', 'off');
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toContain('directly, without TLS');
  });
});
