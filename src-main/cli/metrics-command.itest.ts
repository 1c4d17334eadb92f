import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInventoryPath } from '../../testing/lab/lab';
import { withLabServiceStopped } from '../../testing/core/ssh-fixture';
import { runCli } from '../../testing/cli/run-cli';

/**
 * `opsdeck metrics` and `opsdeck check` against the lab, as cron would run them: a fresh core per
 * command, one sample over SSH, and Nagios exit codes (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
 */
const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-metrics-'));
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-test-passphrase';

const opsdeck = (...args: string[]) => runCli(home, ...args);

beforeAll(async () => {
  expect((await opsdeck('hosts', 'import', 'lab', labInventoryPath)).code).toBe(0);
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('opsdeck metrics', () => {
  it('prints one live sample of the series asked for, system and MySQL, nothing installed on the host', async () => {
    const r = await opsdeck('--json', 'metrics', 'db1', '--series', 'load,cpu.busy,mysql.qps');
    expect(r.code).toBe(0);
    const sample = JSON.parse(r.stdout);
    expect(sample).toMatchObject({ host: 'db1', source: 'ssh' });
    expect(Object.keys(sample.values).sort()).toEqual([
      'cpu.busy',
      'load.1',
      'load.15',
      'load.5',
      'mysql.qps',
    ]);
    expect(sample.values['mysql.qps']).toBeGreaterThanOrEqual(0); // an idle server: 0 is a value
  }, 60_000);

  it('refuses a series that does not exist, naming it and where to look', async () => {
    const r = await opsdeck('metrics', 'db1', '--series', 'load,nope.x');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('no metric nope.x');
    expect(r.stderr).toContain('opsdeck metrics --list');
  });
});

describe('opsdeck check (Nagios exit codes)', () => {
  it('is UNKNOWN (3) while no check applies', async () => {
    const r = await opsdeck('check');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^OPSDECK UNKNOWN - no check applies/);
  });

  it('exits 0 when every check is OK, 2 when one is CRITICAL, per host or group', async () => {
    for (const [name, host, critical] of [
      ['Load db1', 'db1', '100000'],
      ['Load db2', 'db2', '-1'],
    ] as const) {
      const created = await opsdeck(
        'checks',
        'create',
        '--name',
        name,
        '--series',
        'load.1',
        '--hosts',
        host,
        '--critical',
        critical,
        '--attempts',
        '1',
        '--yes',
      );
      expect(created.code, created.stderr).toBe(0);
    }
    const ok = await opsdeck('check', '--host', 'db1');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /^OPSDECK OK - 0 critical, 0 warning, 0 unknown, 1 ok \| 'db1\/Load db1'=/,
    );

    const all = await opsdeck('--json', 'check', '--group', 'db');
    expect(all.code).toBe(2);
    const result = JSON.parse(all.stdout);
    expect(result).toMatchObject({ state: 'CRITICAL', exitCode: 2 });
    expect(
      result.results.map((x: { host: string; state: string }) => `${x.host} ${x.state}`),
    ).toEqual(['db1 OK', 'db2 CRITICAL']);
  }, 90_000);

  it('a host that does not answer is UNKNOWN (3), with the reason', async () => {
    const created = await opsdeck(
      'checks',
      'create',
      '--name',
      'Load db3',
      '--series',
      'load.1',
      '--hosts',
      'db3',
      '--critical',
      '100000',
      '--yes',
    );
    expect(created.code, created.stderr).toBe(0);
    const r = await withLabServiceStopped('db3', 'ssh', () => opsdeck('check', '--host', 'db3'));
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^OPSDECK UNKNOWN - 0 critical, 0 warning, 1 unknown, 0 ok/);
    expect(r.stdout).toMatch(/db3: Load db3: UNKNOWN - .+/);
  }, 90_000);

  it('a backup check (backup.restore_test) is judged from the catalog: WARNING (1) while db1 has no restore test', async () => {
    const created = await opsdeck(
      'checks',
      'create',
      '--name',
      'Restores db1',
      '--series',
      'backup.restore_test',
      '--hosts',
      'db1',
      '--warning',
      '48',
      '--attempts',
      '1',
      '--yes',
    );
    expect(created.code, created.stderr).toBe(0);
    const r = await opsdeck('check', '--host', 'db1');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^OPSDECK WARNING - 0 critical, 1 warning, 0 unknown, 1 ok/);
    expect(r.stdout).toContain(
      "db1: Restores db1: WARNING - no restore test of db1's backups (warning after 48 h)",
    );
  }, 90_000);
});
