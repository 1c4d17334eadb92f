import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWriterTable, startWriter } from '../../../../testing/lab/writer';
import type {
  FailoverReport,
  MasterAlert,
  RunDetail,
  TimelineMarker,
  Topology,
} from '../../../contract';
import { createTestServices } from '../../../../testing/core/core-fixture';
import {
  answerGates,
  buildLabCluster,
  resetLabCluster,
} from '../../../../testing/lab/failover-lab';
import { lab, labInventoryPath } from '../../../../testing/lab/lab';
import { labAdmin, resetLabReplication, sql } from '../../../../testing/lab/mysql-lab';
import { labProxy, restoreLabHaproxy } from '../../../../testing/lab/proxy-lab';

/**
 * Unplanned failover on the lab, with Opsdeck's monitor on (web door) and automatic failover
 * turned on for the cluster: a partition is never failed over; kill -9 of the master's mysqld while
 * an application writes through HAProxy is, with the loss reported exactly and equal to what the
 * survivors lack; the old master rejoins (refused while diverged, then reseeded); a second
 * automatic failover inside the anti-flap window is refused.
 */
describe('unplanned failover on the lab', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  const alerts: MasterAlert[] = [];
  const runs: RunDetail[] = [];
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const r = await t.router.call(method, params, { door: 'cli' });
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as T;
  };
  const waitFor = async <T>(
    what: string,
    probe: () => Promise<T | undefined> | T | undefined,
    ms = 60_000,
  ) => {
    const until = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const proxyLogin = () => ({
    address: labProxy().address,
    port: labProxy().writerPort,
    password: labAdmin('db1').password,
  });
  const run = async (workflow: string, params: Record<string, unknown>, typed: string) => {
    let id = '';
    const stop = answerGates(t, () => id, { typed });
    id = t.core.workflows.start({ workflow, params } as never, 'cli').runId;
    await t.core.workflows.wait(id);
    stop();
    const detail = t.core.workflows.detail(id);
    runs.push(detail);
    return detail;
  };

  beforeAll(async () => {
    // web: a long-lived door, so the monitor watches the saved clusters.
    t = await createTestServices('web');
    t.core.bus.subscribe((m) => m.topic === 'mysql.alert' && alerts.push(m.payload as MasterAlert));
    await t.router.call('hosts.importLab', { path: labInventoryPath }, { door: 'cli' });
    await restoreLabHaproxy(t);
    await buildLabCluster('db1', ['db2', 'db3']);
    await call('mysql.saveCluster', {
      name: 'lab',
      members: ['db1', 'db2', 'db3'],
      automaticFailover: true,
      antiFlapMinutes: 60,
      traffic: {
        kind: 'haproxy',
        proxyHost: labProxy().host,
        section: 'writer',
        oldMaster: 'disabled',
      },
    });
    await prepareWriterTable({ ...proxyLogin(), user: labAdmin('db1').user });
  }, 180_000);

  afterAll(async () => {
    await call('mysql.removeCluster', { name: 'lab' }).catch(() => undefined);
    for (const h of ['db1', 'db2', 'db3']) lab('start', h, 'mysql');
    lab('start', 'db1', 'ssh');
    await resetLabReplication(
      t,
      ['db1'],
      runs.filter((r) => r.workflow === 'mysql-replication-setup'),
    );
    await resetLabCluster(['db1', 'db2', 'db3']);
    await restoreLabHaproxy(t);
    await t.dispose();
  }, 300_000);

  it('a partition (only Opsdeck’s path to db1 cut, the replicas still reach it) is never failed over', async () => {
    lab('stop', 'db1', 'ssh');
    try {
      t.core.ssh.close(t.core.hosts.get('db1').id);
      t.core.mysql.close();
      const partition = await waitFor('the monitor to see the partition', () =>
        alerts.find((a) => a.cluster === 'lab' && a.verdict === 'partition'),
      );
      expect(partition).toMatchObject({ master: 'db1', action: 'none' });
      await new Promise((r) => setTimeout(r, 3000));
      expect(t.core.workflows.recent(20).filter((r) => r.workflow === 'mysql-failover')).toEqual(
        [],
      );
      // A person asking for it is refused too, and nothing changes.
      const refused = await run('mysql-failover', { master: 'db1' }, 'lab');
      expect(refused.status).toBe('failed');
      expect(refused.error).toMatchObject({ code: 'FAILOVER_REFUSED' });
      expect(refused.error?.hint).toMatch(
        /Opsdeck alone lost db1; its replicas still replicate from it/,
      );
      const [db2] = await sql('db2', 'SELECT @@read_only AS ro');
      expect(Number(db2?.ro)).toBe(1);
    } finally {
      lab('start', 'db1', 'ssh');
    }
  });

  let failoverRun: RunDetail;
  let lostRows: number[] = [];
  /** The replica the failover promoted (the most advanced when the master died). */
  let newMaster = '';

  it('kill -9 of the master under writes: automatic failover to the most advanced replica, the loss reported equals what the survivors lack', async () => {
    const writer = startWriter({ ...proxyLogin(), user: 'opsdeck_app', rate: 100 });
    await waitFor('rows through HAProxy', () => (writer.acked() > 100 ? true : undefined));
    // Rows only db1 will ever have: the replicas stop fetching for a moment.
    for (const r of ['db2', 'db3']) await sql(r, 'STOP SLAVE IO_THREAD');
    const before = writer.acked();
    await waitFor('rows the replicas miss', () =>
      writer.acked() >= before + 30 ? true : undefined,
    );
    await writer.pause(); // no insert in flight: every row is acknowledged or never sent
    const killedAt = Date.now();
    lab('kill', 'db1', 'mysql');
    for (const r of ['db2', 'db3']) await sql(r, 'START SLAVE IO_THREAD');
    writer.resume();

    const alert = await waitFor('the monitor to start the failover', () =>
      alerts.find((a) => a.cluster === 'lab' && a.verdict === 'dead'),
    );
    expect(alert).toMatchObject({ master: 'db1', action: 'failover-started' });
    await t.core.workflows.wait(alert.runId as string);
    failoverRun = t.core.workflows.detail(alert.runId as string);
    runs.push(failoverRun);
    expect(failoverRun.status, failoverRun.error?.message).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 2000));
    const report = await writer.stop();

    const r = (
      await call<FailoverReport[]>('mysql.failoverReports', { cluster: 'lab' })
    )[0] as FailoverReport;
    expect(r).toMatchObject({
      kind: 'failover',
      automatic: true,
      oldMaster: 'db1',
      status: 'succeeded',
    });
    newMaster = r.newMaster as string;
    const other = newMaster === 'db2' ? 'db3' : 'db2';
    const survivor = new Set(
      (await sql(newMaster, `SELECT n FROM opsdeck_writes.rows WHERE run = '${report.runId}'`)).map(
        (x) => Number(x.n),
      ),
    );
    lostRows = report.acked.filter((n) => !survivor.has(n));
    expect(r.loss).toMatchObject({ certainty: 'exact' });
    expect(lostRows.length).toBeGreaterThanOrEqual(30);
    expect(r.loss?.transactions).toBe(lostRows.length);
    // The writer went on through HAProxy on the new master.
    expect(report.byServer[newMaster.slice(2)]).toBeGreaterThan(0);
    console.log(
      `failover: ${lostRows.length} rows lost (reported ${r.loss?.transactions}, ${r.loss?.certainty}); kill → run done ${((Date.parse(failoverRun.updatedAt) - killedAt) / 1000).toFixed(1)} s; phases ${r.phases.map((p) => `${p.phase} ${p.seconds?.toFixed(2)}s`).join(', ')}`,
    );
    const topo = await call<Topology>('mysql.topology', { host: newMaster });
    const follower = topo.nodes.find((n) => n.name === other);
    expect(follower?.replication).toMatchObject({ ioThread: 'running', sqlThread: 'running' });
    expect(follower?.masterId).toBe(topo.nodes.find((n) => n.name === newMaster)?.id);
  });

  it('the failover is an incident marker on the charts of each cluster host, opening its run', async () => {
    const since = new Date(Date.parse(failoverRun.createdAt) - 60_000).toISOString();
    for (const host of ['db1', 'db2', 'db3']) {
      const markers = await call<TimelineMarker[]>('metrics.timeline', { hosts: [host], since });
      expect(markers, host).toContainEqual(
        expect.objectContaining({ kind: 'run', runId: failoverRun.id, host, tone: 'ok' }),
      );
    }
  });

  it('the old master rejoins: refused while it holds the lost rows (named), then reseeded from the new master', async () => {
    lab('start', 'db1', 'mysql');
    t.core.mysql.close(t.core.hosts.get('db1').id);
    const refused = await run('mysql-rejoin', { host: 'db1', under: newMaster }, 'db1');
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatchObject({ code: 'MYSQL_DIVERGED' });
    expect(refused.error?.message).toMatch(
      new RegExp(`has ${lostRows.length} transaction\\(s\\) ${newMaster} never got \\(0-1-`),
    );
    expect(refused.error?.hint).toMatch(/--reseed/);

    const rejoined = await run(
      'mysql-rejoin',
      { host: 'db1', under: newMaster, reseed: true },
      'db1',
    );
    const child = t.core.workflows.recent(10).find((r) => r.workflow === 'mysql-replication-setup');
    if (child) runs.push(t.core.workflows.detail(child.id));
    expect(rejoined.status, rejoined.error?.message).toBe('succeeded');
    const topo = await call<Topology>('mysql.topology', { host: newMaster });
    const db1 = topo.nodes.find((n) => n.name === 'db1');
    expect(db1?.replication).toMatchObject({ ioThread: 'running', sqlThread: 'running' });
    expect(db1?.readOnly).toBe(true);
  }, 240_000);

  it('a second automatic failover inside the anti-flap window is refused: a person must decide', async () => {
    const seen = alerts.length;
    const other = newMaster === 'db2' ? 'db3' : 'db2';
    lab('kill', newMaster, 'mysql');
    try {
      const alert = await waitFor('the monitor to react', () =>
        alerts
          .slice(seen)
          .find((a) => a.cluster === 'lab' && a.master === newMaster && a.verdict === 'dead'),
      );
      const refused = await t.core.workflows.wait(alert.runId as string);
      expect(refused.status).toBe('failed');
      expect(refused.error).toMatchObject({ code: 'FAILOVER_REFUSED' });
      expect(refused.error?.message).toMatch(/inside its 60-minute anti-flap window/);
      const [ro] = await sql(other, 'SELECT @@read_only AS ro');
      expect(Number(ro?.ro)).toBe(1);
    } finally {
      lab('start', newMaster, 'mysql');
    }
  }, 120_000);
});
