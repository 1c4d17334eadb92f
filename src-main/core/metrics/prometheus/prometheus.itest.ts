import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_DASHBOARD, parseSeriesKey, type HostSample, type MetricId } from '../../../contract';
import { labServices, recordEvents } from '../../../../testing/core/ssh-fixture';
import { lab, labAddress } from '../../../../testing/lab/lab';

type Services = Awaited<ReturnType<typeof labServices>>;

/** Which of each chart's metrics a sample has at least one series of: the dashboard's shape. */
function shape(sample: HostSample): Record<string, MetricId[]> {
  const present = new Set(Object.keys(sample.values).map((k) => parseSeriesKey(k)?.metric));
  return Object.fromEntries(
    HOST_DASHBOARD.flatMap((section) => section.charts).map((c) => [
      c.id,
      c.metrics.filter((m) => present.has(m)),
    ]),
  );
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Prometheus as a data source (Debian prometheus + node/mysqld/haproxy exporters on the lab)', () => {
  let t: Services;
  let startedMonitoring = false;
  const prometheus = {
    url: `http://${labAddress(254)}:9090`,
    instanceMatch: '{address}(:[0-9]+)?',
    rateWindow: '10s',
    timeoutMs: 8000,
  };

  beforeAll(async () => {
    startedMonitoring = !/prometheus\s+\S+\s+up/.test(lab('monitoring', 'status'));
    lab('monitoring', 'up');
    t = await labServices();
    await t.call('metrics.configure', { prometheus });
    // The SSH side reads HAProxy through db1, as the haproxy_exporter is attributed to db1.
    await t.call('metrics.configureHost', {
      host: 'db1',
      settings: { mysql: true, haproxyStatsUrl: `http://${labAddress(254)}:8404/;csv` },
    });
    if (startedMonitoring) await settle(12_000); // a few scrapes for rate()
  }, 120_000);
  afterAll(async () => {
    await t.dispose();
    if (startedMonitoring) lab('monitoring', 'down');
  });

  it('reports its version and scrape targets', async () => {
    const status = await t.call('metrics.prometheusStatus', {});
    expect(status).toMatchObject({ ok: true, url: prometheus.url, targetsDown: 0 });
    expect(status.version).toMatch(/^2\./);
    expect(status.targetsUp).toBeGreaterThanOrEqual(7);
  });

  it('draws the same dashboard shape for a host from Prometheus as from the SSH collector', async () => {
    const fromProm = await t.core.metrics.prometheus.hostSample(
      t.core.hosts.get('db1'),
      Date.now(),
    );
    const fromSsh = await t.core.metrics.collectors.nextSample('db1');
    expect(fromProm.source).toBe('prometheus');
    expect(shape(fromProm)).toEqual(shape(fromSsh));
    // Same instances where both see the same thing: the disk, the root filesystem, HAProxy's proxies.
    expect(Object.keys(fromProm.values)).toEqual(
      expect.arrayContaining([
        'disk.util:vda',
        'fs.used_pct:/',
        'haproxy.backend_up:readers',
        'haproxy.server_up:writer/db1',
      ]),
    );
    // The same disks: partitions and devices never used since boot (zram0…) left out by both.
    const disks = (x: HostSample) =>
      Object.keys(x.values)
        .filter((k) => k.startsWith('disk.util:'))
        .sort();
    expect(disks(fromProm)).toEqual(disks(fromSsh));
    expect(fromProm.values['haproxy.backend_up:readers']).toBe(
      fromSsh.values['haproxy.backend_up:readers'],
    );
    expect(
      Math.abs(fromProm.values['fs.used_pct:/']! - fromSsh.values['fs.used_pct:/']!),
    ).toBeLessThan(1);
    expect(fromProm.values['mysql.up']).toBe(1);
  }, 60_000);

  it('serves history and a group overlay in one query each, attributed to inventory hosts', async () => {
    const history = await t.call('metrics.history', {
      hosts: ['db1', 'db2', 'db3'],
      series: ['load.1', 'mysql.qps'],
      since: 120,
      source: 'prometheus',
    });
    expect(history).toMatchObject({ source: 'prometheus', resolution: 'step' });
    expect(history.series.map((s) => `${s.host} ${s.key}`)).toEqual([
      'db1 load.1',
      'db1 mysql.qps',
      'db2 load.1',
      'db2 mysql.qps',
      'db3 load.1',
      'db3 mysql.qps',
    ]);
    // Scrapes every 2 s since monitoring started (at least the 12 s of settling): several points.
    expect(history.series[0]!.values.filter((v) => v !== null).length).toBeGreaterThanOrEqual(5);
    expect(history.t).toHaveLength(history.series[0]!.values.length);
    const overlay = await t.core.metrics.prometheus.overlay(
      ['db1', 'db2', 'db3'].map((h) => t.core.hosts.get(h)),
      'disk.write_bytes',
      'sum',
    );
    expect([...overlay.keys()].map((h) => h.name).sort()).toEqual(['db1', 'db2', 'db3']);
  });

  it('a Prometheus that is down is marked with a clear error; the SSH collectors still answer', async () => {
    const conn = t.connect('web');
    const events = recordEvents(t.bus, 'watch.error');
    try {
      await t.call('metrics.configure', {
        prometheus: { ...prometheus, url: `http://${labAddress(254)}:9` },
      });
      const status = await t.call('metrics.prometheusStatus', {});
      expect(status).toMatchObject({
        ok: false,
        error: { code: 'PROMETHEUS_UNREACHABLE', hint: expect.stringContaining('SSH') },
      });
      const sub = await conn.invoke('watch.subscribe', {
        feed: 'metrics.host',
        params: { host: 'db2', source: 'prometheus', intervalMs: 1000 },
      });
      expect(sub.ok).toBe(true);
      await expect.poll(() => events.events.length, { timeout: 15_000 }).toBeGreaterThan(0);
      expect(events.events[0]!.error.code).toBe('PROMETHEUS_UNREACHABLE');
      expect((await t.core.metrics.collectors.nextSample('db2')).values['load.1']).toBeTypeOf(
        'number',
      );
      // An instance match Prometheus cannot parse is its error, passed on with what it said.
      await t.call('metrics.configure', {
        prometheus: { ...prometheus, instanceMatch: '{address}(' },
      });
      await expect(
        t.core.metrics.prometheus.hostSample(t.core.hosts.get('db1'), Date.now()),
      ).rejects.toMatchObject({
        code: 'PROMETHEUS_QUERY_FAILED',
        message: expect.stringContaining('bad_data'),
      });
    } finally {
      events.stop();
      conn.close();
      await t.call('metrics.configure', { prometheus });
    }
  }, 60_000);
});
