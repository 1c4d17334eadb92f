import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSample } from '../../contract';
import { labServices } from '../../../testing/core/ssh-fixture';
import { lab, labAddress, labInventory } from '../../../testing/lab/lab';
import { killSshSessions, processAlive } from '../../../testing/lab/lab-faults';
import { sql } from '../../../testing/lab/mysql-lab';
import type { CollectorEvent } from './ssh/host-collector';

type Services = Awaited<ReturnType<typeof labServices>>;

/** Samples of a host until `until` says enough (or the time runs out). */
function collect(
  t: Services,
  host: string,
  until: (samples: HostSample[], errors: CollectorEvent[]) => boolean,
  timeoutMs = 30_000,
) {
  const samples: HostSample[] = [];
  const errors: CollectorEvent[] = [];
  return new Promise<{ samples: HostSample[]; errors: CollectorEvent[] }>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(`${host}: ${samples.length} samples, ${errors.length} errors in ${timeoutMs} ms`),
      );
    }, timeoutMs);
    const stop = t.core.metrics.collectors.watch(host, 1000, (e) => {
      if (e.kind === 'sample') samples.push(e.sample);
      else errors.push(e);
      if (until(samples, errors)) {
        clearTimeout(timer);
        queueMicrotask(stop);
        resolve({ samples, errors });
      }
    });
  });
}

const waitFor = async (what: string, ok: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe('SSH collectors on the lab (agentless: sh + awk over the pooled connection)', () => {
  let t: Services;

  beforeAll(async () => {
    t = await labServices();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('reads system and MySQL series of 3 hosts, one read loop per host, gone when nobody watches', async () => {
    const stops: (() => void)[] = [];
    const latest = new Map<string, HostSample>();
    for (const h of ['db1', 'db2', 'db3']) {
      stops.push(
        t.core.metrics.collectors.watch(
          h,
          1000,
          (e) => e.kind === 'sample' && latest.set(h, e.sample),
        ),
      );
      // A second watcher of the same host shares the collector (one channel, one loop).
      stops.push(t.core.metrics.collectors.watch(h, 5000, () => undefined));
    }
    await waitFor(
      'rates on every host',
      () => ['db1', 'db2', 'db3'].every((h) => latest.get(h)?.values['cpu.busy'] !== undefined),
      20_000,
    );
    expect(t.core.metrics.collectors.size).toBe(3);
    for (const h of ['db1', 'db2', 'db3']) {
      const s = latest.get(h)!;
      expect(s.host).toBe(h);
      expect(s.unknown).toEqual([]);
      for (const key of [
        'load.1',
        'cpu.busy',
        'cpu.iowait',
        'mem.used',
        'mem.used_pct',
        'mysql.up',
        'mysql.qps',
        'mysql.threads_connected',
        'mysql.history_length',
        'mysql.longest_query',
      ])
        expect(s.values[key], `${h} ${key}`).toBeTypeOf('number');
      expect(Object.keys(s.values).some((k) => k.startsWith('disk.write_bytes:'))).toBe(true);
      expect(Object.keys(s.values).some((k) => k.startsWith('net.rx_bytes:'))).toBe(true);
      expect(Object.keys(s.values).some((k) => k.startsWith('fs.used_pct:'))).toBe(true);
      // Not replicas in the plain lab: no replication series, and no problem either.
      expect(s.values['mysql.repl_lag']).toBeUndefined();
      expect(Math.abs(s.values['clock.skew']!)).toBeLessThan(3);
    }
    const pids = ['db1', 'db2', 'db3'].map((h) => t.core.metrics.collectors.remotePid(h)!);
    expect(new Set(pids).size).toBe(3);
    expect(pids.every(processAlive)).toBe(true);
    const info = t.core.metrics.collectorsInfo();
    expect(info.map((c) => [c.host, c.state, c.intervalMs, c.watchers])).toEqual([
      ['db1', 'live', 1000, 2],
      ['db2', 'live', 1000, 2],
      ['db3', 'live', 1000, 2],
    ]);
    for (const stop of stops) stop();
    expect(t.core.metrics.collectors.size).toBe(0);
    // The channel closed: stdin ended, the loop on each host exits by itself.
    await waitFor('the read loops to exit', () => pids.every((p) => !processAlive(p)));
  });

  it('load from mariadb-slap and dd raises queries/s on db1 and disk writes', async () => {
    const base = await collect(
      t,
      'db1',
      (s) => s.filter((x) => x.values['mysql.qps'] !== undefined).length >= 3,
    );
    const qps0 = Math.max(...base.samples.map((s) => s.values['mysql.qps'] ?? 0));
    const writes = (s: HostSample) =>
      Object.entries(s.values)
        .filter(([k]) => k.startsWith('disk.write_bytes:'))
        .reduce((a, [, v]) => a + v, 0);
    const db1 = t.core.hosts.get('db1');
    const db2 = t.core.hosts.get('db2');
    // Watch first, then load (dd is fast here: it runs a few times, a second apart).
    const watching = Promise.all([
      collect(t, 'db1', (s) => s.some((x) => (x.values['mysql.qps'] ?? 0) > qps0 + 200), 90_000),
      collect(t, 'db2', (s) => s.some((x) => writes(x) > 20 * 1024 * 1024), 90_000),
    ]);
    await new Promise((r) => setTimeout(r, 2500));
    // Bounded on the host (the machine is shared): the load lasts at most 40 s.
    const slap = t.core.ssh.exec(
      db1,
      'timeout 40 mariadb-slap --concurrency=4 --iterations=20 --number-of-queries=1000 --auto-generate-sql --auto-generate-sql-load-type=mixed >/dev/null 2>&1',
      { timeoutMs: 120_000 },
    );
    const dd = t.core.ssh.exec(
      db2,
      'for i in 1 2 3 4 5; do timeout 20 dd if=/dev/zero of=/root/opsdeck-metrics-dd bs=1M count=200 oflag=direct 2>/dev/null; sleep 1; done; rm -f /root/opsdeck-metrics-dd',
      { timeoutMs: 120_000 },
    );
    const [loaded, disk2] = await watching;
    await Promise.all([slap, dd]);
    expect(Math.max(...loaded.samples.map((s) => s.values['mysql.qps'] ?? 0))).toBeGreaterThan(
      qps0 + 200,
    );
    expect(Math.max(...disk2.samples.map(writes))).toBeGreaterThan(20 * 1024 * 1024);
  }, 240_000);

  it('a host whose sshd dies goes UNKNOWN with backoff, and recovers by itself when it is back', async () => {
    const events: CollectorEvent[] = [];
    const stop = t.core.metrics.collectors.watch('db3', 1000, (e) => events.push(e));
    try {
      await waitFor('db3 live', () => events.some((e) => e.kind === 'sample'));
      lab('kill', 'db3', 'ssh');
      killSshSessions('db3');
      await waitFor('db3 unknown', () => events.some((e) => e.kind === 'error'), 20_000);
      const errors = () =>
        events.filter((e): e is Extract<CollectorEvent, { kind: 'error' }> => e.kind === 'error');
      await waitFor('a second failure', () => errors().length >= 2, 20_000);
      expect(errors()[0]!.error.code).toMatch(/^SSH_/);
      expect(errors()[1]!.retryInMs).toBeGreaterThan(errors()[0]!.retryInMs); // backing off
      expect(t.core.metrics.collectorsInfo().find((c) => c.host === 'db3')).toMatchObject({
        state: 'unknown',
      });
      const before = events.length;
      lab('start', 'db3', 'ssh');
      await waitFor(
        'db3 live again',
        () => events.slice(before).some((e) => e.kind === 'sample'),
        40_000,
      );
      expect(t.core.metrics.collectorsInfo().find((c) => c.host === 'db3')).toMatchObject({
        state: 'live',
      });
    } finally {
      stop();
      lab('start', 'db3', 'ssh');
    }
  }, 120_000);

  it('a MySQL login without PROCESS / REPLICATION rights: those series UNKNOWN with the reason, the rest live', async () => {
    const password = 'mon-Pa55-word';
    await sql('db2', `CREATE OR REPLACE USER 'opsdeck_mon'@'127.%' IDENTIFIED BY '${password}'`);
    const db2 = t.core.hosts.get('db2');
    const original = db2.mysql!;
    await t.core.hosts.update(db2.id, { mysql: { user: 'opsdeck_mon', password } });
    try {
      // The first sample after the change that has rates (a running collector's latest may predate it).
      const { samples } = await collect(t, 'db2', (s) =>
        s.some((x) => x.unknown.length > 0 && x.values['mysql.qps'] !== undefined),
      );
      const s = samples.at(-1)!;
      expect(s.values['mysql.threads_connected']).toBeTypeOf('number');
      expect(s.values['mysql.history_length']).toBeUndefined();
      const byMetric = (m: string) => s.unknown.find((u) => u.metrics.includes(m));
      expect(byMetric('mysql.history_length')?.error).toMatchObject({
        code: 'METRICS_UNAVAILABLE',
        message: expect.stringContaining('PROCESS'),
      });
      expect(byMetric('mysql.repl_lag')?.error).toMatchObject({
        code: 'METRICS_UNAVAILABLE',
        hint: expect.stringContaining('REPLICATION CLIENT'),
      });
      expect(s.values['load.1']).toBeTypeOf('number');
    } finally {
      await t.core.hosts.update(db2.id, {
        mysql: { user: original.user, password: labInventory().hosts[1]!.mysql!.adminPassword },
      });
      await sql('db2', "DROP USER IF EXISTS 'opsdeck_mon'@'127.%'");
    }
  }, 60_000);

  it('reads HAProxy from its stats page through a host: sessions, backends and servers UP', async () => {
    t.core.metrics.configureHost('db1', {
      mysql: true,
      haproxyStatsUrl: `http://${labAddress(254)}:8404/;csv`,
    });
    try {
      const { samples } = await collect(t, 'db1', (s) =>
        s.some((x) => x.values['haproxy.backend_up:readers'] !== undefined),
      );
      const v = samples.at(-1)!.values;
      // Readers are db2..dbN (the lab may have grown past 3 hosts for a bench): all UP.
      const dbHosts = labInventory().hosts.filter((h) => /^db\d+$/.test(h.name));
      expect(v['haproxy.backend_up:readers']).toBe(dbHosts.length - 1);
      expect(v['haproxy.server_up:writer/db1']).toBe(1);
      expect(v['haproxy.sessions:mysql_writer']).toBeTypeOf('number');
      expect(v['haproxy.queue:readers']).toBe(0);
    } finally {
      t.core.metrics.configureHost('db1', { mysql: true });
    }
  }, 60_000);

  it('keeps every sample in the store: a chart opened later gets the past at once', async () => {
    await collect(t, 'db1', (s) => s.length >= 3);
    const history = await t.call('metrics.history', {
      hosts: ['db1', 'db2'],
      series: ['cpu.busy', 'mysql.qps'],
      since: 600,
    });
    expect(history.resolution).toBe('raw');
    expect(history.series.map((s) => `${s.host} ${s.key}`)).toEqual([
      'db1 cpu.busy',
      'db1 mysql.qps',
      'db2 cpu.busy',
      'db2 mysql.qps',
    ]);
    expect(history.series[0]!.values.filter((v) => v !== null).length).toBeGreaterThan(3);
  });
});
