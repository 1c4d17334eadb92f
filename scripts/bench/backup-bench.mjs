// Backups: Opsdeck's backup-run against the same tool piped by hand, in the same run, same data:
//   dump   ssh db1 'mariadb-dump … | zstd' > file      vs  backup-run kind=dump (mariadb-dump) → file://
//   hot    ssh db1 'mariabackup --backup --stream … | zstd' > file  vs  backup-run kind=hot → file://
//   mydumper (4 threads) vs mariadb-dump, both through backup-run, on 4 tables
// Rates are MiB of table data (data + index on db1) per second of the backup step (the stream into
// the destination; the catalog's duration), and of the hand-run command.
//   node scripts/bench.mjs --only backup        (size: BENCH_BACKUP_MB, default 256)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, labCore, labSshConfig, run, timed } from './measure.mjs';

const DB = 'opsdeck_bench_bk';
const HOST = 'db1';
const log = (s) => process.stderr.write(`backup ${new Date().toISOString().slice(11, 19)}: ${s}\n`);
const onHost = (cmd, opts) => run('ssh', ['-F', labSshConfig, HOST, cmd], opts);
const sql = (s, opts) => onHost(`mariadb -N -B <<'SQL'\n${s}\nSQL`, opts);

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
  await sql(lines.join('\n'));
  const out = await sql(
    `SELECT SUM(data_length + index_length) FROM information_schema.tables WHERE table_schema = '${DB}';`,
    { capture: true },
  );
  return Number(out.trim());
}

async function byHand(command, file) {
  const { ms } = await timed(() =>
    run('sh', ['-c', `ssh -F '${labSshConfig}' ${HOST} "${command}" > '${file}'`]),
  );
  return ms;
}

async function opsdeck(services, params) {
  const { runId } = services.core.workflows.start({ workflow: 'backup-run', params }, 'cli');
  await services.core.workflows.wait(runId);
  const d = services.core.workflows.detail(runId);
  if (d.status !== 'succeeded') throw new Error(`${params.kind}: ${d.error?.message}`);
  const [entry] = services.core.backups.list({ runId, limit: 1 });
  return entry;
}

export async function backupBench(core, { sizeMb = 256 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-backups-'));
  const { services, dispose } = await labCore(core, 'cli');
  try {
    log(`generating ~${sizeMb} MiB in ${HOST}.${DB} (4 tables)…`);
    const bytes = await generate(sizeMb);
    const size = bytes / 1024 / 1024;
    const rate = (ms) => size / (ms / 1000);
    const to = `file://${dir}`;
    log('dump by hand…');
    const refDump = await byHand(
      `mariadb-dump --single-transaction --master-data=2 --gtid --routines --events --triggers --hex-blob --add-drop-database --databases ${DB} | zstd -q -c -T0 -3`,
      join(dir, 'ref.sql.zst'),
    );
    log('dump through Opsdeck…');
    const dump = await opsdeck(services, {
      host: HOST,
      kind: 'dump',
      to,
      databases: [DB],
      parallel: 0,
    });
    log('hot backup by hand…');
    const refHot = await byHand(
      'mariabackup --backup --stream=xbstream 2>/dev/null | zstd -q -c -T0 -3',
      join(dir, 'ref.xbstream.zst'),
    );
    log('hot backup through Opsdeck…');
    const hot = await opsdeck(services, { host: HOST, kind: 'hot', to });
    log('mydumper (4 threads) through Opsdeck…');
    const myd = await opsdeck(services, {
      host: HOST,
      kind: 'dump',
      to,
      databases: [DB],
      parallel: 4,
    });
    const lines = [
      `backup: ${HOST}.${DB} ${fmt(size)} MiB in 4 tables, to a local folder, zstd`,
      `  dump      by hand ${fmt(refDump / 1000, 1)} s = ${fmt(rate(refDump))} MiB/s; opsdeck ${fmt(dump.durationMs / 1000, 1)} s = ${fmt(rate(dump.durationMs))} MiB/s → ${(refDump / dump.durationMs).toFixed(2)}× (read lock ${dump.lockMs} ms)`,
      `  hot       by hand ${fmt(refHot / 1000, 1)} s = ${fmt(rate(refHot))} MiB/s; opsdeck ${fmt(hot.durationMs / 1000, 1)} s = ${fmt(rate(hot.durationMs))} MiB/s → ${(refHot / hot.durationMs).toFixed(2)}× (whole data dir)`,
      `  mydumper  ${fmt(myd.durationMs / 1000, 1)} s vs mariadb-dump ${fmt(dump.durationMs / 1000, 1)} s → ${(dump.durationMs / myd.durationMs).toFixed(2)}×`,
    ];
    console.log(lines.join('\n'));
    return {
      name: `backup: dump of ${fmt(size)} MiB (hot and mydumper in extra)`,
      opsdeck: `${fmt(rate(dump.durationMs))} MiB/s (backup-run, mariadb-dump | zstd → file://)`,
      reference: `${fmt(rate(refDump))} MiB/s (ssh db1 'mariadb-dump | zstd' > file)`,
      ratio: refDump / dump.durationMs,
      target: 0.95,
      extra: `hot ${(refHot / hot.durationMs).toFixed(2)}× the hand-run mariabackup (target ≥ 0.95); mydumper ${(dump.durationMs / myd.durationMs).toFixed(2)}× mariadb-dump (target ≥ 2)`,
    };
  } finally {
    await sql(`SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS ${DB};`).catch((e) =>
      log(`cleanup FAILED: ${e.message}`),
    );
    await dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
