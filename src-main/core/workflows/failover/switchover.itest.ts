import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWriterTable, startWriter } from '../../../../testing/lab/writer';
import type { FailoverReport, HaproxyStatus, Topology } from '../../../contract';
import { createTestServices } from '../../../../testing/core/core-fixture';
import {
  answerGates,
  buildLabCluster,
  resetLabCluster,
} from '../../../../testing/lab/failover-lab';
import { labInventoryPath } from '../../../../testing/lab/lab';
import { labAdmin, sql } from '../../../../testing/lab/mysql-lab';
import { labProxy, restoreLabHaproxy } from '../../../../testing/lab/proxy-lab';
import { serverRow } from '../../haproxy/stats-parse';

/**
 * Planned switchover on the lab while an application writes 100 numbered rows/s through HAProxy:
 * no acknowledged row is lost and the writer goes on through HAProxy on the new master.
 */
describe('switchover on the lab, under writes', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const r = await t.router.call(method, params, { door: 'cli' });
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as T;
  };
  const proxyLogin = () => {
    const admin = labAdmin('db1');
    return { address: labProxy().address, port: labProxy().writerPort, password: admin.password };
  };

  beforeAll(async () => {
    t = await createTestServices('cli');
    await t.router.call('hosts.importLab', { path: labInventoryPath }, { door: 'cli' });
    await restoreLabHaproxy(t);
    await buildLabCluster('db1', ['db2', 'db3']);
    await call('mysql.saveCluster', {
      name: 'lab',
      members: ['db1', 'db2', 'db3'],
      heartbeat: { enabled: true },
      traffic: {
        kind: 'haproxy',
        proxyHost: labProxy().host,
        section: 'writer',
        oldMaster: 'disabled',
      },
      // A user hook between phases, run on the new master's host over SSH.
      hooks: [
        { phase: 'after-promote', host: 'db2', command: 'hostname > /root/opsdeck-hook-test' },
      ],
    });
    await prepareWriterTable({ ...proxyLogin(), user: labAdmin('db1').user });
  }, 180_000);

  afterAll(async () => {
    await resetLabCluster(['db1', 'db2', 'db3']);
    await restoreLabHaproxy(t);
    await t.dispose();
  }, 180_000);

  it('asks for the cluster name first; a wrong answer changes nothing', async () => {
    let id: string | undefined;
    const stop = answerGates(t, () => id, { typed: 'not-lab' });
    try {
      id = t.core.workflows.start(
        { workflow: 'mysql-switchover', params: { master: 'db1', to: 'db2' } },
        'cli',
      ).runId;
      const run = await t.core.workflows.wait(id);
      expect(run.status).toMatch(/failed|rolled-back/);
      expect(run.error).toMatchObject({ code: 'WORKFLOW_DECLINED' });
      const detail = t.core.workflows.detail(id);
      expect(detail.steps.filter((s) => s.status === 'done').map((s) => s.id)).toEqual([
        'preflight',
      ]);
    } finally {
      stop();
    }
    const [ro] = await sql('db1', 'SELECT @@read_only AS ro');
    expect(Number(ro?.ro)).toBe(0);
  });

  it('plans every statement first: the fence, the promotion and the HAProxy change are writes', async () => {
    const plan = await call<{
      steps: { id: string; actions: { write: boolean; detail: string }[] }[];
    }>('workflows.plan', { workflow: 'mysql-switchover', params: { master: 'db1', to: 'db2' } });
    const step = (id: string) => plan.steps.find((s) => s.id === id)?.actions ?? [];
    expect(
      step('fence')
        .filter((a) => a.write)
        .map((a) => a.detail),
    ).toEqual(
      expect.arrayContaining(['SET GLOBAL read_only = ON', 'FLUSH TABLES WITH READ LOCK (held)']),
    );
    expect(step('promote').map((a) => a.detail)).toEqual(
      expect.arrayContaining(['STOP SLAVE', 'RESET SLAVE ALL', 'SET GLOBAL read_only = OFF']),
    );
    const [ro] = await sql('db1', 'SELECT @@read_only AS ro');
    expect(Number(ro?.ro)).toBe(0);
  });

  it('moves the master db1 → db2 with 0 acknowledged rows lost; the writer resumes through HAProxy on db2', async () => {
    const writer = startWriter({ ...proxyLogin(), user: 'opsdeck_app', rate: 100 });
    await new Promise((r) => setTimeout(r, 2000));
    let runId = '';
    const stop = answerGates(t, () => runId, { typed: 'lab' });
    runId = t.core.workflows.start(
      { workflow: 'mysql-switchover', params: { master: 'db1', to: 'db2' } },
      'cli',
    ).runId;
    const run = await t.core.workflows.wait(runId);
    stop();
    const doneAt = Date.now();
    await new Promise((r) => setTimeout(r, 2000));
    const report = await writer.stop();
    expect(run.status, run.error?.message).toBe('succeeded');

    // Every acknowledged row is on the new master (and on the old one, now its replica).
    const onDb2 = new Set(
      (await sql('db2', `SELECT n FROM opsdeck_writes.rows WHERE run = '${report.runId}'`)).map(
        (r) => Number(r.n),
      ),
    );
    expect(report.acked.filter((n) => !onDb2.has(n))).toEqual([]);
    expect(report.byServer['2']).toBeGreaterThan(50);
    expect(report.lastAckAt).toBeGreaterThan(doneAt);

    const r = await call<FailoverReport[]>('mysql.failoverReports', { cluster: 'lab' }).then(
      (l) => l[0] as FailoverReport,
    );
    expect(r).toMatchObject({
      kind: 'switchover',
      oldMaster: 'db1',
      newMaster: 'db2',
      status: 'succeeded',
    });
    expect(r.writeUnavailableSeconds).toBeGreaterThan(0);
    expect(r.phases.map((p) => p.phase)).toEqual([
      'preflight',
      'go-ahead',
      'replication-account',
      'prepare-traffic',
      'fence',
      'catch-up',
      'promote',
      'move-traffic',
      'repoint-old-master',
      'repoint-replicas',
      'verify',
    ]);
    console.log(
      `switchover: writes paused ${r.writeUnavailableSeconds?.toFixed(3)} s (fence → traffic moved); writer's longest gap ${report.longestGap.ms} ms; phases ${r.phases.map((p) => `${p.phase} ${p.seconds?.toFixed(2)}s`).join(', ')}`,
    );

    const topo = await call<Topology>('mysql.topology', { host: 'db2' });
    const byName = new Map(topo.nodes.map((n) => [n.name, n]));
    expect(byName.get('db2')).toMatchObject({ role: 'master', readOnly: false });
    for (const n of ['db1', 'db3']) {
      expect(byName.get(n)?.masterId).toBe(byName.get('db2')?.id);
      expect(byName.get(n)?.readOnly).toBe(true);
      expect(byName.get(n)?.replication).toMatchObject({
        ioThread: 'running',
        sqlThread: 'running',
      });
    }
    const hook = await t.core.ssh.exec(
      t.core.hosts.get('db2'),
      'cat /root/opsdeck-hook-test && rm /root/opsdeck-hook-test',
    );
    expect(hook.stdout.trim()).toBe('db2');
    const stats = await call<HaproxyStatus>('haproxy.status', { host: labProxy().host });
    expect(serverRow(stats.stats, 'writer', 'db2')?.status).toMatch(/^UP/);
    expect(serverRow(stats.stats, 'writer', 'db1')?.status).toMatch(/MAINT/);
    expect(r).toMatchObject({ id: runId, status: 'succeeded' });
  });
});
