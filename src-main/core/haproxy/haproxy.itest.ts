import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ErrorShape,
  HaproxyCreatePoolResult,
  HaproxySetServerResult,
  HaproxyStatus,
} from '../../contract';
import { createTestServices } from '../../../testing/core/core-fixture';
import { labAddress, labInventoryPath } from '../../../testing/lab/lab';
import { labAdmin } from '../../../testing/lab/mysql-lab';
import { labHaproxyConfig, labProxy, restoreLabHaproxy } from '../../../testing/lab/proxy-lab';
import { parseHaproxyConfig } from './config-parse';
import { moveWriters } from './traffic';
import { serverRow } from './stats-parse';

/** HAProxy on the lab's proxy host, over SSH as on a real proxy: status, runtime states, moves. */
describe('HAProxy on the lab proxy host', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  const proxy = () => t.core.hosts.get(labProxy().host);
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const r = await t.router.call(method, params, { door: 'web' });
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as T;
  };
  const failure = async (method: string, params: unknown): Promise<ErrorShape> => {
    const r = await t.router.call(method, params, { door: 'web' });
    if (r.ok) throw new Error(`${method} succeeded`);
    return r.error;
  };
  const ssh = async (command: string) => (await t.core.ssh.exec(proxy(), command)).stdout;
  const db = (i: number) => ({ name: `db${i}`, address: labAddress(i), port: 3306 });
  const move = (from: number, to: number) =>
    moveWriters(t.core.haproxy.shell('test'), {
      proxy: proxy(),
      section: 'writer',
      from: db(from),
      to: db(to),
      oldMaster: 'disabled',
      standbys: [db(1), db(2), db(3)],
      note: `test move db${from} → db${to}`,
      stamp: `test-${Date.now()}`,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    });

  beforeAll(async () => {
    t = await createTestServices('web');
    await t.router.call('hosts.importLab', { path: labInventoryPath }, { door: 'cli' });
    await restoreLabHaproxy(t);
  }, 120_000);

  afterAll(async () => {
    await restoreLabHaproxy(t);
    await t.dispose();
  }, 120_000);

  it('reads settings from the profile, sections from the config and live stats from the socket', async () => {
    const status = await call<HaproxyStatus>('haproxy.status', { host: labProxy().host });
    expect(status.settings.source).toEqual({
      configPath: 'profile',
      statsSocket: 'profile',
      reloadCommand: 'profile',
    });
    expect(status.version).toMatch(/HAProxy version/);
    const writer = status.sections.find((s) => s.name === 'writer');
    expect(writer?.servers.map((s) => `${s.name}=${s.address}:${s.port}`)).toEqual([
      `db1=${labAddress(1)}:3306`,
    ]);
    expect(serverRow(status.stats, 'writer', 'db1')?.status).toBe('UP');
    expect(status.warnings).toEqual([]);
  });

  it('drains and readies a server only with the typed backend/server, proven by the stats', async () => {
    const refused = await failure('haproxy.setServer', {
      host: labProxy().host,
      backend: 'readers',
      server: 'db2',
      state: 'drain',
    });
    expect(refused.code).toBe('CONFIRMATION_REQUIRED');
    const drained = await call<HaproxySetServerResult>('haproxy.setServer', {
      host: labProxy().host,
      backend: 'readers',
      server: 'db2',
      state: 'drain',
      confirm: 'readers/db2',
    });
    // 'DRAIN', or 'DRAIN 1/2' while its health check is still rising after an earlier test.
    expect(drained.row.status).toMatch(/^DRAIN/);
    const ready = await call<HaproxySetServerResult>('haproxy.setServer', {
      host: labProxy().host,
      backend: 'readers',
      server: 'db2',
      state: 'ready',
      confirm: 'readers/db2',
    });
    expect(ready.row.status).toMatch(/^UP/);
    const audit = t.core.audit.list(10, labProxy().host).map((a) => a.detail);
    expect(audit.some((d) => d.includes('set server readers/db2 state drain'))).toBe(true);
  });

  it('moves the writers: config validated then reloaded the first time, runtime API the next', async () => {
    const first = await move(1, 2);
    expect(first).toMatchObject({ runtime: false, reloaded: true });
    expect(first.proof).toMatchObject({ proxy: 'writer', name: 'db2' });
    const cfg = parseHaproxyConfig(await ssh('cat /etc/haproxy/haproxy.cfg'));
    expect(cfg.find((s) => s.name === 'writer')?.servers.map((s) => [s.name, s.disabled])).toEqual([
      ['db2', false],
      ['db1', true],
      ['db3', true],
    ]);
    expect(await ssh(`cat ${first.backupPath}`)).toContain(`server db1 ${labAddress(1)}:3306`);

    // db1 is a disabled standby now: the way back switches at once, then persists.
    const back = await move(2, 1);
    expect(back).toMatchObject({ runtime: true, reloaded: true });
    expect(back.proof.name).toBe('db1');
  });

  it('never reloads a config that does not validate, and says nothing changed', async () => {
    const cfgPath = '/etc/haproxy/haproxy.cfg';
    await ssh(`sed -i 's/^defaults$/defaults\\n  no-such-keyword here/' ${cfgPath}`);
    const before = await ssh(`cat ${cfgPath}; cat /run/haproxy/haproxy.pid`);
    const err = await move(1, 2).then(
      () => undefined,
      (e: ErrorShape) => e,
    );
    expect(err?.code).toBe('HAPROXY_CONFIG_INVALID');
    expect(err?.hint).toMatch(/Nothing was reloaded/);
    expect(await ssh(`cat ${cfgPath}; cat /run/haproxy/haproxy.pid`)).toBe(before);
    await restoreLabHaproxy(t);
  });

  it('a move whose proof fails (the new master never passes its health check) is rolled back: TRAFFIC_PROBE_FAILED', async () => {
    const cfgPath = '/etc/haproxy/haproxy.cfg';
    const before = await ssh(`cat ${cfgPath}`);
    // Nothing listens on this address: HAProxy's check of the "new master" can only fail.
    const nowhere = { name: 'db9', address: labAddress(9), port: 3306 };
    const err = await moveWriters(t.core.haproxy.shell('test'), {
      proxy: proxy(),
      section: 'writer',
      from: db(1),
      to: nowhere,
      oldMaster: 'disabled',
      standbys: [db(1)],
      note: 'test move db1 → an address nothing answers on',
      stamp: `test-${Date.now()}`,
      proveTimeoutMs: 6_000,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    }).then(
      (r) => r,
      (e: ErrorShape) => e,
    );
    expect(err).toMatchObject({
      code: 'TRAFFIC_PROBE_FAILED',
      message: expect.stringMatching(/^HAProxy on proxy1 does not show db9 UP in writer/),
      hint: expect.stringMatching(
        /^The previous config was put back \(from \/etc\/haproxy\/haproxy\.cfg\.opsdeck-test-\d+\) and reloaded\./,
      ),
    });
    // Rolled back: the config as it was, reloaded; the writers on db1 again.
    expect(await ssh(`cat ${cfgPath}`)).toBe(before);
    const status = await call<HaproxyStatus>('haproxy.status', { host: labProxy().host });
    expect(status.sections.find((s) => s.name === 'writer')?.servers.map((s) => s.name)).toEqual([
      'db1',
    ]);
    expect(serverRow(status.stats, 'writer', 'db1')?.status).toMatch(/^UP/);
    await restoreLabHaproxy(t);
  });

  it('says the stats socket is missing when it is', async () => {
    await ssh('mv /run/haproxy/admin.sock /run/haproxy/admin.sock.away');
    try {
      const status = await call<HaproxyStatus>('haproxy.status', { host: labProxy().host });
      expect(status.statsSource).toBe('none');
      expect(status.warnings.join(' ')).toMatch(
        /stats socket \/run\/haproxy\/admin.sock does not exist/,
      );
      const err = await failure('haproxy.setServer', {
        host: labProxy().host,
        backend: 'readers',
        server: 'db2',
        state: 'maint',
        confirm: 'readers/db2',
      });
      expect(err).toMatchObject({ code: 'HAPROXY_UNAVAILABLE' });
    } finally {
      await ssh('mv /run/haproxy/admin.sock.away /run/haproxy/admin.sock');
    }
  });

  const cfgPath = '/etc/haproxy/haproxy.cfg';
  /** The proxy as a fresh one: no writers' frontend and backend at all. */
  const withoutWriters = async () => {
    const drop = new Set(['mysql_writer', 'writer']);
    const without = parseHaproxyConfig(labHaproxyConfig());
    const lines = labHaproxyConfig().split('\n');
    const kept = lines.filter((_, i) => {
      const section = [...without].reverse().find((s) => s.line <= i + 1);
      return !section || !drop.has(section.name);
    });
    await t.core.ssh.exec(proxy(), `cat > ${cfgPath}`, { stdin: kept.join('\n') });
    await ssh(proxy().profile.haproxyServiceReload ?? 'haproxy-service reload');
  };
  const poolParams = () => ({
    host: labProxy().host,
    section: 'writer',
    bind: `${labProxy().address}:${labProxy().writerPort}`,
    master: 'db1',
    others: ['db2', 'db3'],
    othersAs: 'backup',
    checkUser: 'haproxy_check',
  });

  it('generates a writers’ pool on a proxy without one: dry run changes nothing, then validated, reloaded, proven by the stats and by a connection', async () => {
    await withoutWriters();
    const params = poolParams();
    try {
      const before = await ssh(`cat ${cfgPath}`);
      const planned = await call<HaproxyCreatePoolResult>('haproxy.createPool', {
        ...params,
        dryRun: true,
      });
      expect(planned).toMatchObject({ validated: true, installed: false });
      expect(planned.sectionText).toContain(`bind ${params.bind}`);
      expect(await ssh(`cat ${cfgPath}`)).toBe(before);
      expect((await failure('haproxy.createPool', params)).code).toBe('CONFIRMATION_REQUIRED');

      const made = await call<HaproxyCreatePoolResult>('haproxy.createPool', {
        ...params,
        confirm: 'writer',
      });
      expect(made).toMatchObject({ validated: true, installed: true });
      // Proven by a health check that passed, not by the "UP 1/2" a reload starts a server with.
      expect(made.proof).toMatchObject({ proxy: 'writer', name: 'db1', status: 'UP' });
      expect(made.proof?.checkStatus).toMatch(/^(\* )?L7OK/);
      const writer = parseHaproxyConfig(await ssh(`cat ${cfgPath}`)).find(
        (s) => s.name === 'writer',
      );
      expect(writer).toMatchObject({ kind: 'listen', mode: 'tcp', binds: [params.bind] });
      expect(writer?.checks).toEqual(['option mysql-check user haproxy_check post-41']);
      expect(writer?.servers.map((s) => [s.name, s.backup])).toEqual([
        ['db1', false],
        ['db2', true],
        ['db3', true],
      ]);
      const status = await call<HaproxyStatus>('haproxy.status', { host: labProxy().host });
      expect(serverRow(status.stats, 'writer', 'db1')?.status).toBe('UP');
      expect(serverRow(status.stats, 'writer', 'db2')?.backup).toBe(true);
      // A client through the new pool lands on db1.
      const conn = await mysql.createConnection({
        host: labProxy().address,
        port: labProxy().writerPort,
        user: labAdmin('db1').user,
        password: labAdmin('db1').password,
      });
      try {
        const [rows] = await conn.query('SELECT @@server_id AS id');
        expect(Number((rows as { id: number }[])[0]?.id)).toBe(1);
      } finally {
        await conn.end();
      }
      // Once there, the pool is the writers' section: generating it again is refused, said why.
      expect(await failure('haproxy.createPool', { ...params, confirm: 'writer' })).toMatchObject({
        code: 'CONFLICT',
        hint: expect.stringMatching(/rewrites its server lines/),
      });
      expect(t.core.audit.list(20, labProxy().host).map((a) => a.action)).toContain(
        'haproxy.createPool',
      );
    } finally {
      await restoreLabHaproxy(t);
    }
  });

  it('a pool whose health check can never pass (no such check user) is not proven: TRAFFIC_PROBE_FAILED, the config put back', async () => {
    await withoutWriters();
    try {
      const before = await ssh(`cat ${cfgPath}`);
      const err = await failure('haproxy.createPool', {
        ...poolParams(),
        checkUser: 'no_such_user',
        confirm: 'writer',
      });
      expect(err).toMatchObject({
        code: 'TRAFFIC_PROBE_FAILED',
        message: expect.stringMatching(/does not show db1 UP in the new pool "writer"/),
        hint: expect.stringMatching(
          /^The previous config was put back \(from \/etc\/haproxy\/haproxy\.cfg\.opsdeck-\d{17}\) and reloaded\./,
        ),
      });
      // Rolled back and reloaded: the config as it was, no writers' pool in HAProxy.
      expect(await ssh(`cat ${cfgPath}`)).toBe(before);
      const status = await call<HaproxyStatus>('haproxy.status', { host: labProxy().host });
      expect(status.sections.map((s) => s.name)).not.toContain('writer');
      expect(serverRow(status.stats, 'writer', 'db1')).toBeUndefined();
    } finally {
      await restoreLabHaproxy(t);
    }
  });
});
