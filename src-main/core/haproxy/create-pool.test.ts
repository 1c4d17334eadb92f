import { describe, expect, it } from 'vitest';
import type { HaproxyCreatePoolParams, Host } from '../../contract';
import {
  CFG,
  fakeProxyHost as proxy,
  fakeProxyShell,
  labConfig as lab,
  firstReloadFails,
  rejection,
  statCsv,
} from '../../../testing/core/fake-proxy-shell';
import { testHost } from '../../../testing/core/test-host';
import { createWriterPool } from './create-pool';

const hosts: Record<string, Host> = {
  proxy1: proxy,
  db1: testHost('db1', { address: '10.0.0.1' }),
  db2: testHost('db2', { address: '10.0.0.2' }),
};
const params: HaproxyCreatePoolParams = {
  host: 'proxy1',
  section: 'pool2',
  bind: '10.0.0.254:3310',
  master: 'db1',
  others: ['db2'],
  othersAs: 'backup',
  checkUser: 'haproxy_check',
  confirm: 'pool2',
  dryRun: false,
};
const deps = {
  hosts: { get: (name: string) => hosts[name] ?? proxy },
  stamp: '20261207140000123',
  sleep: () => Promise.resolve(),
  proveTimeoutMs: 60_000,
};
const BACKUP = `${CFG}.opsdeck-20261207140000123`;
/** db1 in the new pool as the stats show it, read after read. */
const db1Shows =
  (...states: [string, string][]) =>
  (loaded: string, n: number) =>
    statCsv(
      loaded.includes('listen pool2')
        ? [['pool2', 'db1', ...(states[n - 1] ?? states.at(-1) ?? ['', ''])]]
        : [],
    );

describe('createWriterPool (a writers’ pool added to a proxy)', () => {
  it('proves the pool only after a health check passed: UP 1/2 before the first check is not enough', async () => {
    const proxyHost = fakeProxyShell({
      configPath: CFG,
      config: lab,
      stats: db1Shows(['UP 1/2', 'INI'], ['UP 1/2', '* INI'], ['UP', 'L7OK/0 in 1ms']),
    });
    const made = await createWriterPool(proxyHost.shell, deps, params);
    expect(made).toMatchObject({ installed: true, backupPath: BACKUP });
    expect(made.proof).toMatchObject({ status: 'UP', checkStatus: 'L7OK/0 in 1ms' });
    expect(proxyHost.statReads()).toBe(3);
    expect(proxyHost.files.get(CFG)).toContain('listen pool2');
    expect(proxyHost.files.get(BACKUP)).toBe(lab);
  });

  it('a check that fails after the reload (no such check user) ends the wait, puts the previous config back and reloads it', async () => {
    const proxyHost = fakeProxyShell({
      configPath: CFG,
      config: lab,
      stats: db1Shows(['UP 1/2', 'INI'], ['DOWN', 'L7STS/1045 in 1ms']),
    });
    const err = await rejection(createWriterPool(proxyHost.shell, deps, params));
    expect(err).toMatchObject({
      code: 'TRAFFIC_PROBE_FAILED',
      message: expect.stringContaining('(it shows "DOWN", check L7STS/1045 in 1ms)'),
      hint: expect.stringContaining(
        `The previous config was put back (from ${BACKUP}) and reloaded.`,
      ),
    });
    expect(proxyHost.statReads()).toBe(2);
    expect(proxyHost.files.get(CFG)).toBe(lab);
    expect(proxyHost.reloads()).toBe(2);
  });

  it('a failed reload puts the previous config back, reloads it, and names the copy', async () => {
    const proxyHost = fakeProxyShell({
      configPath: CFG,
      config: lab,
      onReload: firstReloadFails,
      stats: db1Shows(['UP', 'L7OK']),
    });
    const err = await rejection(createWriterPool(proxyHost.shell, deps, params));
    expect(err).toMatchObject({
      code: 'SSH_COMMAND_FAILED',
      message: expect.stringMatching(
        /^HAProxy on proxy1 did not reload with the new config \(haproxy-service reload\): .*cannot bind socket/,
      ),
      hint: expect.stringContaining(
        `The previous config was put back (from ${BACKUP}) and reloaded.`,
      ),
    });
    expect(proxyHost.files.get(CFG)).toBe(lab);
    expect(proxyHost.writes.at(-2)).toMatch(/^cp -p '.*opsdeck-20261207140000123' .* && mv -f /);
    expect(proxyHost.writes.at(-1)).toBe('haproxy-service reload');
    expect(proxyHost.reloads()).toBe(2);
    expect(proxyHost.statReads()).toBe(0);
  });

  it('when the rollback fails too, the error keeps both failures and says where the copy is', async () => {
    const proxyHost = fakeProxyShell({
      configPath: CFG,
      config: lab,
      onReload: (n) => {
        throw new Error(n === 1 ? 'cannot bind socket' : 'haproxy.service is masked');
      },
      stats: db1Shows(['UP', 'L7OK']),
    });
    const err = await rejection(createWriterPool(proxyHost.shell, deps, params));
    expect(err.message).toMatch(
      /cannot bind socket.*Putting the previous config back failed too: .*masked/,
    );
    expect(err.hint).toContain(`The previous config is kept in ${BACKUP}`);
    expect(err.hint).toContain('reload HAProxy by hand');
  });

  it('refuses a proxy without an admin stats socket before anything is written, also in a dry run', async () => {
    const noSocket = lab.replace(/^\s*stats socket .*$/m, '');
    for (const p of [params, { ...params, dryRun: true }]) {
      const proxyHost = fakeProxyShell({ configPath: CFG, config: noSocket, stats: () => '' });
      const err = await rejection(createWriterPool(proxyHost.shell, deps, p));
      expect(err).toMatchObject({
        code: 'HAPROXY_UNAVAILABLE',
        message: expect.stringMatching(/has no admin stats socket/),
        hint: expect.stringMatching(/^Nothing was changed\./),
      });
      expect(proxyHost.writes).toEqual([]);
    }
  });

  it('never overwrites an earlier copy of the config', async () => {
    const proxyHost = fakeProxyShell({
      configPath: CFG,
      config: lab,
      stats: db1Shows(['UP', 'L7OK']),
    });
    proxyHost.files.set(BACKUP, 'the real original');
    const err = await rejection(createWriterPool(proxyHost.shell, deps, params));
    expect(err).toMatchObject({
      code: 'CONFLICT',
      hint: expect.stringMatching(/^Nothing was changed/),
    });
    expect(proxyHost.writes).toEqual([]);
    expect(proxyHost.files.get(BACKUP)).toBe('the real original');
  });

  it('warns that a pool without a check user can get the proxy blocked by max_connect_errors', async () => {
    const proxyHost = fakeProxyShell({ configPath: CFG, config: lab, stats: () => '' });
    const { checkUser: _, ...bare } = params;
    const tcp = await createWriterPool(proxyHost.shell, deps, { ...bare, dryRun: true });
    expect(tcp.sectionText).not.toContain('mysql-check');
    expect(tcp.warnings).toEqual([expect.stringMatching(/bare TCP connect.*max_connect_errors/)]);
    const checked = await createWriterPool(proxyHost.shell, deps, { ...params, dryRun: true });
    expect(checked.warnings).toEqual([]);
    expect(proxyHost.writes).toEqual([]);
  });
});
