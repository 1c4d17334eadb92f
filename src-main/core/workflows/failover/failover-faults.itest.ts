import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import type { FailoverReport, PromptRequest, RunDetail, Topology } from '../../../contract';
import {
  explain,
  labSuite,
  runWorkflow,
  type LabServices,
} from '../../../../testing/core/lab-suite';
import { buildLabCluster, resetLabCluster, waitForRow } from '../../../../testing/lab/failover-lab';
import { lab } from '../../../../testing/lab/lab';
import { labAdmin, sql } from '../../../../testing/lab/mysql-lab';
import { labProxy, restoreLabHaproxy } from '../../../../testing/lab/proxy-lab';
import { serverRow } from '../../haproxy/stats-parse';

/**
 * The faults issue 13 names, each on the lab with a clear { code, message, hint } and nothing left
 * half-done without saying so: a drill refused on a cluster that is not a test cluster; the only
 * candidate with errant transactions; a replica that cannot catch up (the switchover times out and
 * rolls back: the old master takes writes again); the old master coming back while a failover
 * waits at its go-ahead (it ends fenced, and the run and report say so).
 */
const HOSTS = ['db1', 'db2', 'db3'];

const readOnly = async (host: string) =>
  Number((await sql(host, 'SELECT @@read_only AS ro'))[0]?.ro);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const saveCluster = (t: LabServices, members: string[]) =>
  t.call('mysql.saveCluster', {
    name: 'lab',
    members,
    traffic: {
      kind: 'haproxy',
      proxyHost: labProxy().host,
      section: 'writer',
      oldMaster: 'disabled',
    },
  });

const suiteOptions = {
  prepare: (t: LabServices) => restoreLabHaproxy(t),
  release: async (t: LabServices) => {
    for (const h of HOSTS) lab('start', h, 'mysql');
    await t.call('mysql.removeCluster', { name: 'lab' }).catch(() => undefined);
    await resetLabCluster(HOSTS);
    await restoreLabHaproxy(t);
  },
  setupMs: 120_000,
  teardownMs: 240_000,
};

describe('a two-server cluster whose only candidate is not fit', () => {
  const t = labSuite({
    ...suiteOptions,
    prepare: async (s) => {
      await suiteOptions.prepare(s);
      await resetLabCluster(['db3']);
      await buildLabCluster('db1', ['db2']);
      await saveCluster(s, ['db1', 'db2']);
    },
  });

  it('a drill on a cluster that is not a test cluster is refused before anything changes', async () => {
    const untagged: { id: string; tags: string[] }[] = [];
    for (const name of ['db1', 'db2']) {
      const h = t().core.hosts.get(name);
      untagged.push({ id: h.id, tags: h.tags });
      await t().call('hosts.update', {
        id: h.id,
        patch: { tags: h.tags.filter((x) => x !== 'lab') },
      });
    }
    try {
      const run = await runWorkflow(
        t(),
        { workflow: 'mysql-switchover', params: { master: 'db1', to: 'db2', drill: true } },
        { typed: 'lab' },
      );
      // A switchover rolls back by itself; before the gate there is nothing to undo, and it says so.
      expect(run.status, explain(run)).toBe('rolled-back');
      expect(run.error).toMatchObject({
        code: 'FAILOVER_REFUSED',
        message:
          'lab is not a test cluster: drills run only on the lab or on clusters marked as test clusters.',
        hint: expect.stringMatching(/^Rolled back: nothing\. Mark lab as a test cluster/),
      });
      expect(run.steps.filter((s) => s.status === 'done')).toEqual([]);
    } finally {
      for (const u of untagged)
        await t().call('hosts.update', { id: u.id, patch: { tags: u.tags } });
    }
    expect(await readOnly('db1')).toBe(0);
    expect(await readOnly('db2')).toBe(1);
  });

  it('the only candidate has errant transactions: the switchover stops with FAILOVER_NO_CANDIDATE, naming them', async () => {
    const pos = String((await sql('db2', 'SELECT @@gtid_current_pos AS p'))[0]?.p);
    const seq = Number(pos.split('-').pop());
    // A write on the replica itself (an admin writes under read_only), binlogged: errant.
    await sql('db2', 'CREATE DATABASE opsdeck_errant');
    await waitFor('the ranking to see the errant transaction', async () => {
      const v = await t().call('mysql.failoverPlan', { master: 'db1', mode: 'switchover' });
      return v.plan.candidates[0]?.errantCount === 1 ? v : undefined;
    });
    const run = await runWorkflow(
      t(),
      { workflow: 'mysql-switchover', params: { master: 'db1', to: 'db2' } },
      { typed: 'lab' },
    );
    expect(run.status, explain(run)).toBe('rolled-back');
    expect(run.error?.message).toMatch(
      new RegExp(
        `^No replica of db1 can be promoted: Every candidate has errant transactions \\(db2: 0-2-${seq + 1}\\)`,
      ),
    );
    expect(run.error?.hint).toMatch(/^Rolled back: nothing\. Fix what the ranking says/);
    expect(run.steps.filter((s) => s.status === 'done')).toEqual([]);
    // Nothing was fenced or promoted.
    expect(await readOnly('db1')).toBe(0);
    expect(await readOnly('db2')).toBe(1);
    const reports = await t().call('mysql.failoverReports', { cluster: 'lab' });
    expect(reports).toEqual([]);
  });
});

describe('switchover and failover faults on a three-server cluster', () => {
  const t = labSuite({
    ...suiteOptions,
    prepare: async (s) => {
      await suiteOptions.prepare(s);
      await buildLabCluster('db1', ['db2', 'db3']);
      await saveCluster(s, HOSTS);
    },
  });

  it('no replica caught up: the switchover times out (TIMEOUT naming db3) and rolls back — db1 takes writes again', async () => {
    // db3's SQL thread waits on a table lock: it receives db1's next transaction but cannot apply it.
    const lock = await mysql.createConnection({ ...labAdmin('db3'), multipleStatements: true });
    try {
      await lock.query('LOCK TABLES opsdeck_failover.t WRITE');
      await sql('db1', 'INSERT INTO opsdeck_failover.t VALUES (2)');
      await waitForRow('db2', 'SELECT COUNT(*) AS n FROM opsdeck_failover.t', 2);
      const run = await runWorkflow(
        t(),
        {
          workflow: 'mysql-switchover',
          params: { master: 'db1', to: 'db2', catchUpTimeoutSec: 2 },
        },
        { typed: 'lab' },
      );
      expect(run.status, explain(run)).toBe('rolled-back');
      expect(run.error).toMatchObject({
        code: 'TIMEOUT',
        message: expect.stringMatching(
          /(^|, )db3 \(at [^)]*\) did not execute db1's last transaction .* within 2 s\.$/,
        ),
        hint: expect.stringMatching(
          /the fence is undone, db1 takes writes again and nothing else changed/,
        ),
      });
      const status = Object.fromEntries(run.steps.map((s) => [s.id, s.status]));
      expect(status).toMatchObject({ fence: 'undone', 'catch-up': 'failed', promote: 'pending' });
      expect(run.logs.map((l) => l.text)).toContain('fence undone: db1 takes writes again');
    } finally {
      await lock.end();
    }
    // The old master is writable again and still the master of both replicas.
    expect(await readOnly('db1')).toBe(0);
    await sql('db1', 'INSERT INTO opsdeck_failover.t VALUES (3)');
    for (const r of ['db2', 'db3']) {
      await waitForRow(r, 'SELECT COUNT(*) AS n FROM opsdeck_failover.t', 3);
      expect(await readOnly(r)).toBe(1);
    }
    const topo = await t().call('mysql.topology', { host: 'db1' });
    const db1 = topo.nodes.find((n) => n.name === 'db1');
    expect(db1?.role).toBe('master');
    for (const r of ['db2', 'db3'])
      expect(topo.nodes.find((n) => n.name === r)?.masterId).toBe(db1?.id);
    // The writers still go to db1 through HAProxy (the standbys added before the fence stay
    // disabled; the config copy is listed as a left file).
    const stats = await t().call('haproxy.status', { host: labProxy().host });
    expect(serverRow(stats.stats, 'writer', 'db1')?.status).toMatch(/^UP/);
    for (const r of ['db2', 'db3'])
      expect(serverRow(stats.stats, 'writer', r)?.status ?? 'absent').not.toMatch(/^UP/);
    const [report] = await t().call('mysql.failoverReports', { cluster: 'lab' });
    expect(report).toMatchObject({
      kind: 'switchover',
      status: expect.stringMatching(/rolled-back|failed/),
    });
  });

  it('the old master comes back while a failover drill waits at its go-ahead: it ends fenced, and the run says so', async () => {
    await restoreLabHaproxy(t());
    lab('kill', 'db1', 'mysql');
    t().core.mysql.close();
    await waitFor('db1 judged dead from every angle', async () => {
      const v = await t().call('mysql.failoverPlan', { master: 'db1', mode: 'failover' });
      return v.health.verdict === 'dead' ? v : undefined;
    });

    let runId = '';
    let restarted = false;
    // A person reads the plan at the gate; meanwhile db1's mysqld starts again.
    const stop = t().core.bus.subscribe((m) => {
      if (m.topic !== 'prompt.request') return;
      const p = m.payload as PromptRequest;
      if (p.kind !== 'confirm' || p.runId !== runId) return;
      setTimeout(() => {
        lab('start', 'db1', 'mysql');
        restarted = true;
        t().core.prompts.answer({ kind: 'confirm', id: p.id, approve: true, typed: 'lab' }, 'web');
      });
    });
    let run: RunDetail;
    try {
      runId = t().core.workflows.start(
        { workflow: 'mysql-failover', params: { master: 'db1', drill: true } },
        'cli',
      ).runId;
      await t().core.workflows.wait(runId);
      run = t().core.workflows.detail(runId);
    } finally {
      stop();
    }
    expect(restarted).toBe(true);
    expect(run.status, explain(run)).toBe('succeeded');
    const fenced = run.logs.find((l) => /^db1 answered again: fenced with /.test(l.text));
    expect(fenced, explain(run)).toMatchObject({ level: 'warn', stepId: 'fence-old-master' });
    expect(await readOnly('db1')).toBe(1);

    const [report] = (await t().call('mysql.failoverReports', {
      cluster: 'lab',
    })) as FailoverReport[];
    expect(report).toMatchObject({
      kind: 'failover',
      drill: true,
      oldMaster: 'db1',
      status: 'succeeded',
    });
    expect(report?.timeline.map((e) => e.text).join('\n')).toMatch(
      /db1 fenced: read_only and clients ended \(it answered\)/,
    );
    expect(report?.phases.length).toBeGreaterThan(3);
    // The new master takes writes; the other replica follows it; db1 is outside (fenced, alone).
    const newMaster = report?.newMaster as string;
    expect(await readOnly(newMaster)).toBe(0);
    const topo: Topology = await t().call('mysql.topology', { host: newMaster });
    const other = newMaster === 'db2' ? 'db3' : 'db2';
    expect(topo.nodes.find((n) => n.name === other)?.masterId).toBe(
      topo.nodes.find((n) => n.name === newMaster)?.id,
    );
  }, 180_000);
});
