// Failover and switchover on the lab, with an application writing 100 numbered rows/s through
// HAProxy's writer port (scripts/lab/writer.mjs, as the lab's application account):
//   failover    kill -9 of the master's mysqld → Opsdeck's monitor judges it dead from every angle
//               → the automatic failover run → the first row the writer gets accepted through
//               HAProxy on the new master. Seconds per phase; target ≤ 10 s (published: orchestrator
//               10–13 s, MHA 10–30 s).
//   switchover  the write-unavailability window: the writer's longest gap between two acknowledged
//               rows while Opsdeck switches over (and the report's fence → writers-moved time);
//               target ≤ 2 s. Reference, same run: the writer's longest gap over the same length of
//               time with nothing happening (the lab's own jitter).
// The cluster is db1 → db2, db3 by MariaDB GTID, built fresh for each measurement; the servers,
// HAProxy and the saved cluster are put back at the end, even on failure.
//
//   node scripts/bench.mjs --only failover
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, lab, labCore, labInventoryPath, nextEvent, root } from './measure.mjs';

const RATE = 100;
const log = (s) =>
  process.stderr.write(`failover ${new Date().toISOString().slice(11, 23)}: ${s}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (from, to) => (to - from) / 1000;

/** The lab writer through HAProxy's writer port. */
async function startLabWriter(onAck) {
  const { prepareWriterTable, startWriter } = await import(join(root, 'scripts/lab/writer.mjs'));
  const inventory = JSON.parse(readFileSync(labInventoryPath, 'utf8'));
  const admin = inventory.hosts.find((h) => h.mysql)?.mysql;
  const endpoint = {
    address: inventory.haproxy.address,
    port: inventory.haproxy.writerPort,
    password: admin.adminPassword,
  };
  await prepareWriterTable({ ...endpoint, user: admin.adminUser });
  return startWriter({ ...endpoint, user: 'opsdeck_app', rate: RATE, onAck });
}

/** A fresh cluster db1 → db2, db3 saved as "bench" on a core of `door`; everything put back after. */
async function withCluster(core, door, settings, fn) {
  const { services, call, dispose } = await labCore(core, door);
  const proxy = JSON.parse(readFileSync(labInventoryPath, 'utf8')).haproxy.host;
  try {
    await core.restoreLabHaproxy(services);
    await core.buildLabCluster('db1', ['db2', 'db3']);
    await call('mysql.saveCluster', {
      name: 'bench',
      members: ['db1', 'db2', 'db3'],
      traffic: { kind: 'haproxy', proxyHost: proxy, section: 'writer', oldMaster: 'disabled' },
      ...settings,
    });
    return await fn(services, call);
  } finally {
    for (const h of ['db1', 'db2', 'db3']) lab('start', h, 'mysql');
    await core.resetLabCluster(['db1', 'db2', 'db3']).catch(() => undefined);
    await core.restoreLabHaproxy(services).catch(() => undefined);
    await dispose();
  }
}

async function measureSwitchover(core) {
  return withCluster(core, 'cli', { heartbeat: { enabled: true } }, async (services, call) => {
    const idle = await startLabWriter();
    await sleep(6000);
    const quiet = await idle.stop();
    const writer = await startLabWriter();
    await sleep(2000);
    const { runId } = services.core.workflows.start(
      {
        workflow: 'mysql-switchover',
        params: { master: 'db1', to: 'db2' },
        options: { approveGates: true },
      },
      'bench',
    );
    const summary = await services.core.workflows.wait(runId);
    await sleep(2000);
    const rows = await writer.stop();
    if (summary.status !== 'succeeded')
      throw new Error(`the switchover ended ${summary.status}: ${summary.error?.message}`);
    const [report] = await call('mysql.failoverReports', { cluster: 'bench', limit: 1 });
    return { quiet, rows, report };
  });
}

async function measureFailover(core) {
  return withCluster(core, 'web', { automaticFailover: true }, async (services, call) => {
    const oldId = (await call('mysql.facts', { host: 'db1' })).serverId;
    let killedAt = 0;
    let firstOnNew;
    const writer = await startLabWriter((ack) => {
      if (killedAt && !firstOnNew && ack.serverId !== oldId) firstOnNew = ack;
    });
    await sleep(3000);
    const dead = nextEvent(
      services.bus,
      'mysql.alert',
      (a) => a.cluster === 'bench' && a.verdict === 'dead',
    );
    killedAt = Date.now();
    lab('kill', 'db1', 'mysql');
    const alert = await dead;
    const summary = await services.core.workflows.wait(alert.runId);
    await sleep(2000);
    const rows = await writer.stop();
    if (summary.status !== 'succeeded')
      throw new Error(`the failover run ended ${summary.status}: ${summary.error?.message}`);
    const run = services.core.workflows.detail(alert.runId);
    const [report] = await call('mysql.failoverReports', { cluster: 'bench', limit: 1 });
    return { killedAt, alert, run, rows, report, firstOnNew };
  });
}

export async function failoverBench(core) {
  log('switchover under writes…');
  const sw = await measureSwitchover(core);
  const gap = sw.rows.longestGap.ms / 1000;
  const quietGap = sw.quiet.longestGap.ms / 1000;
  log(
    `switchover: writer's longest gap ${fmt(gap, 3)} s (idle ${fmt(quietGap, 3)} s); fence → writers moved ${fmt(sw.report.writeUnavailableSeconds ?? NaN, 3)} s`,
  );

  log('failover: kill -9 of the master under writes…');
  const fo = await measureFailover(core);
  if (!fo.firstOnNew) throw new Error('the writer got no row accepted on the new master');
  const toFirstWrite = secs(fo.killedAt, fo.firstOnNew.at);
  const detected = secs(fo.killedAt, Date.parse(fo.run.createdAt));
  const phases = fo.run.steps
    .filter((s) => s.startedAt && s.finishedAt)
    .map((s) => `${s.id} ${fmt(secs(Date.parse(s.startedAt), Date.parse(s.finishedAt)), 2)}`);
  log(`failover: first write on ${fo.report.newMaster} ${fmt(toFirstWrite, 2)} s after the kill`);

  return [
    {
      name: 'switchover: write-unavailability window (writer at 100 rows/s through HAProxy)',
      opsdeck: `${fmt(gap, 3)} s longest gap between two acknowledged rows (Opsdeck's own fence → writers moved: ${fmt(sw.report.writeUnavailableSeconds ?? NaN, 3)} s; whole run ${fmt(
        sw.report.phases.reduce((n, p) => n + (p.seconds ?? 0), 0),
        1,
      )} s)`,
      reference: `${fmt(quietGap, 3)} s longest gap of the same writer with nothing happening (same run); target 2 s`,
      ratio: 2 / gap,
      target: 1,
      extra: `phases: ${sw.report.phases.map((p) => `${p.phase} ${fmt(p.seconds ?? 0, 2)}`).join(', ')}`,
    },
    {
      name: 'failover: kill -9 of the master → first write accepted through HAProxy on the new master',
      opsdeck: `${fmt(toFirstWrite, 2)} s (judged dead and run started ${fmt(detected, 2)} s after the kill; run ${fmt(secs(Date.parse(fo.run.createdAt), Date.parse(fo.run.updatedAt)), 2)} s; loss ${fo.report.loss?.transactions ?? '?'} (${fo.report.loss?.certainty}))`,
      reference: 'target 10 s (published: orchestrator 10–13 s, MHA 10–30 s)',
      ratio: 10 / toFirstWrite,
      target: 1,
      extra: `phases (s): detection ${fmt(detected, 2)}, ${phases.join(', ')}`,
    },
  ];
}
