// Backups: Opsdeck's backup-run against the same tool piped by hand, in the same run, same data:
//   dump   ssh db1 'mariadb-dump … | zstd' > file      vs  backup-run kind=dump (mariadb-dump) → file://
//   hot    ssh db1 'mariabackup --backup --stream … | zstd' > file  vs  backup-run kind=hot → file://
//   mydumper (4 threads) vs mariadb-dump, both through backup-run, on 4 tables of the same size
// Both sides compress with the same zstd -3 on db1. Rates are MiB of table data (data + index on
// db1, after ANALYZE TABLE so the statistics are current) per second of the backup step (the
// catalog's duration: pinning the consistent point, the stream into the destination, the commit)
// and of the hand-run command (its ssh connection included).
// The machine is shared, so each pair runs back to back, in alternating order, for several
// rounds; the ratio is the median of the rounds' ratios, and each round prints the load average
// (1 min) beside it. CPU time (ms) per side shows where the time goes: "tools" = everything under
// db1's sshd (the dump tool, the compressor, sshd's encryption), "server" = db1's mariadbd,
// "local" = the receiving side (ssh, or Opsdeck's process) — for Opsdeck, during its take step.
//   node scripts/bench.mjs --only backup  (BENCH_BACKUP_MB, default 256; BENCH_BACKUP_ROUNDS, default 3)
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fmt, labCore, labDir, labSshConfig, run, treeCpuMs } from './measure.mjs';

const DB = 'opsdeck_bench_bk';
const HOST = 'db1';
const log = (s) => process.stderr.write(`backup ${new Date().toISOString().slice(11, 19)}: ${s}\n`);
const onHost = (cmd, opts) => run('ssh', ['-F', labSshConfig, HOST, cmd], opts);
const sql = (s, opts) => onHost(`mariadb -N -B <<'SQL'\n${s}\nSQL`, opts);
const load1 = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function generate(sizeMb) {
  const perTable = Math.ceil((sizeMb * 1024 * 1024) / 1100 / 4);
  const payload = Array.from({ length: 8 }, () => 'SHA2(RAND(),512)').join(',');
  const lines = [
    'SET SESSION sql_log_bin = 0;',
    `DROP DATABASE IF EXISTS ${DB};`,
    `CREATE DATABASE ${DB};`,
    `USE ${DB};`,
  ];
  for (let t = 1; t <= 4; t++) {
    lines.push(
      `CREATE TABLE t${t} (id BIGINT PRIMARY KEY, k INT NOT NULL, body VARCHAR(1024) NOT NULL, KEY (k)) ENGINE=InnoDB;`,
    );
    for (let a = 1; a <= perTable; a += 50_000)
      lines.push(
        `INSERT INTO t${t} SELECT seq, FLOOR(RAND()*1e9), CONCAT(${payload}) FROM seq_${a}_to_${Math.min(perTable, a + 49_999)};`,
      );
  }
  // Fresh statistics: without them information_schema reports tables still being written as
  // nearly empty, and every rate would be computed on a fraction of the data.
  lines.push(`ANALYZE TABLE ${[1, 2, 3, 4].map((t) => `t${t}`).join(', ')};`);
  await sql(lines.join('\n'), { capture: true });
  const out = await sql(
    `SELECT table_name, data_length + index_length FROM information_schema.tables WHERE table_schema = '${DB}' ORDER BY table_name;`,
    { capture: true },
  );
  const tables = out
    .trim()
    .split('\n')
    .map((l) => l.split('\t'))
    .map(([name, bytes]) => ({ name, bytes: Number(bytes) }));
  return { tables, bytes: tables.reduce((n, t) => n + t.bytes, 0) };
}

/** CPU ms so far of db1's sshd (every session's tools, once reaped) and of its mariadbd. */
function hostCpu() {
  const pid = (f) => Number(readFileSync(join(labDir, 'hosts', HOST, f), 'utf8').trim());
  return { tools: treeCpuMs([pid('sshd.pid')]), server: treeCpuMs([pid('run/mysqld.pid')]) };
}
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The hand-run pipe: wall time, and CPU of the host's side and of the local ssh. */
async function byHand(command, file) {
  const before = hostCpu();
  const load = load1();
  const started = performance.now();
  const times = await new Promise((resolve, reject) => {
    const child = spawn(
      'bash',
      [
        '-c',
        `TIMEFORMAT='%U %S'; time (ssh -F '${labSshConfig}' ${HOST} "${command}" > '${file}')`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(err) : reject(new Error(err))));
  });
  const ms = performance.now() - started;
  await settle();
  const after = hostCpu();
  const [user, sys] = times.trim().split('\n').at(-1).split(' ').map(Number);
  return {
    ms,
    load,
    cpu: {
      tools: after.tools - before.tools,
      server: after.server - before.server,
      local: (user + sys) * 1000,
    },
  };
}
/** Let the host's processes be reaped (their CPU shows in their parent's once they are). */
const settle = () => new Promise((r) => setTimeout(r, 200));

/** One backup-run: the catalog's duration, and CPU of both sides during its take step. */
async function opsdeck(services, params) {
  const load = load1();
  const marks = {};
  const stop = services.bus.subscribe((m) => {
    if (m.topic !== 'workflow.event' || m.payload.type !== 'step') return;
    const s = m.payload.step;
    if (s.id !== 'take') return;
    if (s.status === 'running') marks.start ??= { ...hostCpu(), local: ownCpu() };
    else marks.end ??= { ...hostCpu(), local: ownCpu() };
  });
  try {
    const { runId } = services.core.workflows.start({ workflow: 'backup-run', params }, 'cli');
    await services.core.workflows.wait(runId);
    const d = services.core.workflows.detail(runId);
    if (d.status !== 'succeeded') throw new Error(`${params.kind}: ${d.error?.message}`);
    const [entry] = services.core.backups.list({ runId, limit: 1 });
    const cpu = {};
    for (const k of ['tools', 'server', 'local']) cpu[k] = marks.end[k] - marks.start[k];
    return { ms: entry.durationMs, load, cpu, entry };
  } finally {
    stop();
  }
}

const cpuText = (c) =>
  `cpu tools ${Math.round(c.tools)} server ${Math.round(c.server)} local ${Math.round(c.local)}`;
const total = (c) => c.tools + c.server + c.local;

export async function backupBench(core, { sizeMb = 256, rounds = 3 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-backups-'));
  const { services, dispose } = await labCore(core, 'cli');
  try {
    log(`generating ~${sizeMb} MiB in ${HOST}.${DB} (4 tables)…`);
    const data = await generate(sizeMb);
    const size = data.bytes / 1024 / 1024;
    const rate = (ms) => size / (ms / 1000);
    const to = `file://${dir}`;
    const dumpByHand = `mariadb-dump --single-transaction --master-data=2 --gtid --routines --events --triggers --hex-blob --no-tablespaces --comments --add-drop-database --databases ${DB} | zstd -q -c -T0 -3`;
    const hotByHand = 'mariabackup --backup --stream=xbstream 2>/dev/null | zstd -q -c -T0 -3';
    const runs = { dumpHand: [], dump: [], hotHand: [], hot: [], myd: [] };
    // Each pair back to back, the order alternating, so a change of load hits both sides alike.
    const pair = async (r, first, second) => {
      if (r % 2) {
        const b = await second();
        return [await first(), b];
      }
      const a = await first();
      return [a, await second()];
    };
    for (let r = 0; r < rounds; r++) {
      log(`round ${r + 1}/${rounds}: dump by hand / through Opsdeck…`);
      const [dh, d] = await pair(
        r,
        () => byHand(dumpByHand, join(dir, 'ref.sql.zst')),
        () => opsdeck(services, { host: HOST, kind: 'dump', to, databases: [DB], parallel: 0 }),
      );
      log(`round ${r + 1}/${rounds}: hot backup by hand / through Opsdeck…`);
      const [hh, h] = await pair(
        r,
        () => byHand(hotByHand, join(dir, 'ref.xbstream.zst')),
        () => opsdeck(services, { host: HOST, kind: 'hot', to }),
      );
      log(`round ${r + 1}/${rounds}: mydumper (4 threads) through Opsdeck…`);
      const m = await opsdeck(services, {
        host: HOST,
        kind: 'dump',
        to,
        databases: [DB],
        parallel: 4,
      });
      runs.dumpHand.push(dh);
      runs.dump.push(d);
      runs.hotHand.push(hh);
      runs.hot.push(h);
      runs.myd.push(m);
      // Keep the folder small: every run wrote a new file.
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { mode: 0o700 });
    }
    const ratios = (ref, ops) => ref.map((x, i) => x.ms / ops[i].ms);
    const dumpRatio = median(ratios(runs.dumpHand, runs.dump));
    const hotRatio = median(ratios(runs.hotHand, runs.hot));
    const mydRatio = median(ratios(runs.dump, runs.myd));
    const cores = cpus().length;
    const line = (label, ref, ops, refName, opsName) =>
      ref.map(
        (x, i) =>
          `  ${label} round ${i + 1} (load ${fmt(x.load)}→${fmt(ops[i].load)}): ${refName} ${fmt(x.ms / 1000, 2)} s = ${fmt(rate(x.ms))} MiB/s [${cpuText(x.cpu)}]; ${opsName} ${fmt(ops[i].ms / 1000, 2)} s = ${fmt(rate(ops[i].ms))} MiB/s [${cpuText(ops[i].cpu)}] → ${(x.ms / ops[i].ms).toFixed(2)}×`,
      );
    // On this machine's cores, mydumper can be no faster than its CPU time spread over all of
    // them (and the host's server and tools run on the same cores as the receiving side).
    const bound = runs.myd.map((m, i) => runs.dump[i].ms / (total(m.cpu) / cores));
    const lines = [
      `backup: ${HOST}.${DB} ${fmt(size)} MiB in ${data.tables.length} tables (${data.tables.map((t) => `${t.name} ${fmt(t.bytes / 1024 / 1024)}`).join(', ')} MiB), to a local folder, zstd -3 on both sides, ${rounds} rounds, ${cores} cores`,
      ...line('dump    ', runs.dumpHand, runs.dump, 'by hand', 'opsdeck'),
      `  dump     median ${dumpRatio.toFixed(2)}× (read lock ${runs.dump.map((d) => d.entry.lockMs).join('/')} ms)`,
      ...line('hot     ', runs.hotHand, runs.hot, 'by hand', 'opsdeck'),
      `  hot      median ${hotRatio.toFixed(2)}× (whole data dir)`,
      ...line('mydumper', runs.dump, runs.myd, 'mariadb-dump', 'mydumper'),
      `  mydumper median ${mydRatio.toFixed(2)}×; its CPU spread over ${cores} cores allows at most ${bound.map((b) => `${b.toFixed(2)}×`).join('/')} (mariadb-dump's time ÷ mydumper's CPU time / ${cores}), with nothing else running`,
    ];
    console.log(lines.join('\n'));
    const mid = (xs) => median(xs.map((x) => x.ms));
    return {
      name: `backup: dump of ${fmt(size)} MiB (hot and mydumper in extra; median of ${rounds} rounds, load ${fmt(median(runs.dump.map((d) => d.load)))})`,
      opsdeck: `${fmt(rate(mid(runs.dump)))} MiB/s (backup-run, mariadb-dump | zstd → file://)`,
      reference: `${fmt(rate(mid(runs.dumpHand)))} MiB/s (ssh db1 'mariadb-dump | zstd' > file)`,
      ratio: dumpRatio,
      target: 0.95,
      extra: `hot ${hotRatio.toFixed(2)}× the hand-run mariabackup (target ≥ 0.95); mydumper ${mydRatio.toFixed(2)}× mariadb-dump (target ≥ 2; at most ${median(bound).toFixed(2)}× on ${cores} cores by its CPU time)`,
    };
  } finally {
    await sql(`SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS ${DB};`).catch((e) =>
      log(`cleanup FAILED: ${e.message}`),
    );
    await dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
