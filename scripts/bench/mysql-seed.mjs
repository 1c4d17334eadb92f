// MySQL seed: copying a database of --size-mb (default 1024) from db1 to db3, three ways, all
// measured in the same run on the same data:
//   reference   ssh db1 'mariadb-dump …' | ssh db3 'mariadb'   (OpenSSH from this machine)
//   dump        Opsdeck's mysql-replication-setup workflow, seed: 'dump'
//   hot-backup  Opsdeck's mysql-replication-setup workflow, seed: 'hot-backup'
// MiB/s = size of the bench database on db1 (InnoDB data + index) / wall time. The workflow
// figures are the whole run (preflight … verify); the seed step alone is shown beside them.
// The data is generated on db1 with sql_log_bin = 0 (its time is printed, not part of a figure).
// db3 is put back between runs and at the end (its my.cnf as found, its own data dir back after
// a hot backup, no replication, writable, no bench databases); the bench database on db1 and the
// workflow's replication account and marker database are dropped, even on failure. db2 is never
// touched.
//
//   node scripts/bench.mjs --only mysql-seed     (size: BENCH_MYSQL_SEED_MB, default 1024)
//   node scripts/bench/mysql-seed.mjs [--size-mb 1024]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fmt, labCore, labDir, labInventoryPath, labSshConfig, run, timed } from './measure.mjs';

const DB = 'opsdeck_bench';
const MASTER = 'db1';
const REPLICA = 'db3';
const REPL_USER = `repl_${REPLICA}`;
const USER_DBS =
  "SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT IN ('mysql','information_schema','performance_schema','sys')";
const log = (s) =>
  process.stderr.write(`mysql-seed ${new Date().toISOString().slice(11, 19)}: ${s}\n`);

/** A shell command on a lab host as root (OpenSSH, lab ssh_config: StrictHostKeyChecking yes). */
const onHost = (host, cmd, opts) => run('ssh', ['-F', labSshConfig, host, cmd], opts);
const sqlOn = (host, statements, opts) =>
  onHost(host, `mariadb -N -B <<'SQL'\n${statements}\nSQL`, opts);

async function generate(sizeMb) {
  // ~1 KiB of random hex per row; batches of 50k rows keep transactions small for the 32 MB pool.
  const rows = Math.ceil((sizeMb * 1024 * 1024) / 1100);
  const batch = 50_000;
  const payload = Array.from({ length: 8 }, () => 'SHA2(RAND(),512)').join(',');
  const inserts = [];
  for (let a = 1; a <= rows; a += batch)
    inserts.push(
      `INSERT INTO ${DB}.payload SELECT seq, FLOOR(RAND()*1000000000), CONCAT(${payload}) FROM seq_${a}_to_${Math.min(rows, a + batch - 1)};`,
    );
  await sqlOn(
    MASTER,
    [
      'SET SESSION sql_log_bin = 0;',
      `DROP DATABASE IF EXISTS ${DB};`,
      `CREATE DATABASE ${DB};`,
      `USE ${DB};`,
      `CREATE TABLE ${DB}.payload (id BIGINT PRIMARY KEY, k INT NOT NULL, body VARCHAR(1024) NOT NULL, KEY (k)) ENGINE=InnoDB;`,
      ...inserts,
      `ANALYZE TABLE ${DB}.payload;`,
    ].join('\n'),
  );
  const out = await sqlOn(
    MASTER,
    `SELECT SUM(data_length + index_length) FROM information_schema.tables WHERE table_schema = '${DB}';`,
    { capture: true },
  );
  return { rows, bytes: Number(out.trim()) };
}

async function dropReplUser() {
  await sqlOn(MASTER, `DROP USER IF EXISTS '${REPL_USER}'@'127.0.0.1';`);
}

async function dropOnMaster() {
  // The bench database never reached the binlog; the workflow's account and marker did.
  await sqlOn(
    MASTER,
    `SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS ${DB}; SET SESSION sql_log_bin = 1;
     DROP USER IF EXISTS '${REPL_USER}'@'127.0.0.1'; DROP DATABASE IF EXISTS opsdeck;`,
  );
}

/** Files the bench's workflow runs reported leaving (output.leftFiles), not yet removed. */
const reported = [];

/**
 * Put db3 back as found (logic of resetLabReplication in testing/lab/mysql-lab.ts, plus the
 * data dir a hot backup moved aside, and my.cnf restored byte for byte). Only the paths the runs
 * reported are touched: /var/lib is the machine's real filesystem, shared by every lab host.
 */
async function resetReplica(originalCnf, originalDbs = []) {
  const left = reported.splice(0);
  for (const f of left)
    if (
      f.host !== REPLICA ||
      !/^\/[\w./-]+\.opsdeck-(before-|seed-)?[\w-]+$/.test(f.path) ||
      f.path.includes('/..')
    )
      throw new Error(`unexpected left file ${f.host}:${f.path}; not touching it`);
  const asides = left.filter((f) => /\.opsdeck-before-/.test(f.path)).map((f) => f.path);
  if (asides.length > 1) throw new Error(`${REPLICA}: several old data dirs: ${asides.join(' ')}`);
  const cnf = await onHost(REPLICA, 'cat /etc/mysql/my.cnf', { capture: true });
  if (cnf !== originalCnf)
    await onHost(
      REPLICA,
      `echo ${Buffer.from(originalCnf).toString('base64')} | base64 -d > /etc/mysql/my.cnf`,
    );
  if (asides.length === 1) {
    const a = asides[0];
    await onHost(
      REPLICA,
      `mysql-service stop; find /var/lib/mysql -mindepth 1 -maxdepth 1 -exec rm -rf {} + && find '${a}' -mindepth 1 -maxdepth 1 -exec mv -t /var/lib/mysql {} + && rmdir '${a}' && mysql-service start`,
    );
  } else if (cnf !== originalCnf) {
    await onHost(REPLICA, 'mysql-service restart');
  }
  const rest = left.filter((f) => !asides.includes(f.path)).map((f) => `'${f.path}'`);
  if (rest.length) await onHost(REPLICA, `rm -rf -- ${rest.join(' ')}`);
  await onHost(REPLICA, 'mariadb -e "STOP SLAVE"');
  // Whatever replicated from db1 while db3 was its replica (other people's databases included).
  const extraDbs = (await sqlOn(REPLICA, `${USER_DBS};`, { capture: true }))
    .split('\n')
    .filter((d) => /^\w+$/.test(d) && !originalDbs.includes(d));
  await onHost(
    REPLICA,
    `mariadb -e "STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only = OFF; SET GLOBAL replicate_wild_ignore_table = ''; SET GLOBAL gtid_slave_pos = ''; SET SESSION sql_log_bin = 0; ${[DB, 'opsdeck', ...extraDbs].map((d) => `DROP DATABASE IF EXISTS ${d};`).join(' ')}"`,
  );
  // The master keeps db3's binlog dump thread (and its SHOW SLAVE HOSTS entry) until it notices
  // the replica left; the next run's preflight would take db3's server_id as already in use.
  const dumpThreads = `SELECT id FROM information_schema.processlist WHERE user = '${REPL_USER}' AND command LIKE 'Binlog Dump%'`;
  for (const id of (await sqlOn(MASTER, `${dumpThreads};`, { capture: true })).split('\n'))
    if (id.trim()) await sqlOn(MASTER, `KILL ${Number(id)};`).catch(() => {});
  const serverId = Number((await sqlOn(REPLICA, 'SELECT @@server_id;', { capture: true })).trim());
  for (let i = 0; ; i++) {
    const hosts = await sqlOn(MASTER, 'SHOW SLAVE HOSTS;', { capture: true });
    if (!hosts.split('\n').some((l) => l.split('\t')[0] === String(serverId))) break;
    if (i > 120)
      throw new Error(`${MASTER} still lists ${REPLICA} (server_id ${serverId}) as replica`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const after = await onHost(REPLICA, 'cat /etc/mysql/my.cnf', { capture: true });
  if (after !== originalCnf) throw new Error(`${REPLICA}: my.cnf could not be restored`);
}

/** The hand-run pipeline, with the same dump options the workflow's MariaDB dialect uses. */
async function reference() {
  const inv = JSON.parse(readFileSync(labInventoryPath, 'utf8'));
  const addr = (name) => inv.hosts.find((h) => h.name === name).address;
  const ssh = (name) =>
    `ssh -i ${join(labDir, 'keys/id_ed25519')} -o IdentitiesOnly=yes -o UserKnownHostsFile=${join(labDir, 'known_hosts')} -o StrictHostKeyChecking=yes root@${addr(name)}`;
  const dump = `mariadb-dump --single-transaction --master-data=2 --gtid --routines --events --triggers --hex-blob --no-tablespaces --comments --add-drop-database --databases ${DB}`;
  const load = `mariadb --init-command="SET SESSION sql_log_bin = 0"`;
  const { ms } = await timed(() =>
    run('bash', ['-o', 'pipefail', '-c', `${ssh(MASTER)} '${dump}' | ${ssh(REPLICA)} '${load}'`]),
  );
  const [count] = (await sqlOn(REPLICA, `SELECT COUNT(*) FROM ${DB}.payload;`, { capture: true }))
    .trim()
    .split('\n');
  return { ms, rows: Number(count) };
}

/** One workflow run on a fresh core (connect + auth are part of the time, as for OpenSSH). */
async function workflow(core, seed) {
  const { services, dispose } = await labCore(core, 'cli');
  try {
    const params = { master: MASTER, replica: REPLICA, seed };
    if (seed === 'dump') params.databases = [DB];
    const { ms, value: detail } = await timed(async () => {
      const { runId } = services.core.workflows.start('mysql-replication-setup', params, 'cli');
      await services.core.workflows.wait(runId);
      return services.core.workflows.detail(runId);
    });
    reported.push(...(detail.output.leftFiles ?? []));
    if (detail.status !== 'succeeded')
      throw new Error(
        `${seed}: ${detail.status}: ${detail.error?.message ?? ''}\n${detail.logs
          .slice(-15)
          .map((l) => `  ${l.level} ${l.text}`)
          .join('\n')}`,
      );
    const step = detail.steps.find((s) => s.id === 'seed');
    const seedMs =
      step?.startedAt && step?.finishedAt
        ? Date.parse(step.finishedAt) - Date.parse(step.startedAt)
        : NaN;
    return { ms, seedMs, bytes: detail.output.seed?.bytes };
  } finally {
    await dispose();
  }
}

export async function mysqlSeedBench(core, { sizeMb = 1024 } = {}) {
  const originalCnf = await onHost(REPLICA, 'cat /etc/mysql/my.cnf', { capture: true });
  const userDbs = (await sqlOn(REPLICA, `${USER_DBS};`, { capture: true })).trim();
  const originalDbs = [];
  if (userDbs) throw new Error(`${REPLICA} is not empty (${userDbs}); not touching it`);
  const lines = [];
  try {
    await resetReplica(originalCnf, originalDbs);
    log(`generating ~${sizeMb} MiB in ${MASTER}.${DB}…`);
    const gen = await timed(() => generate(sizeMb));
    const size = gen.value.bytes / 1024 / 1024;
    log(`generated ${gen.value.rows} rows, ${fmt(size)} MiB on disk in ${fmt(gen.ms / 1000)} s`);

    log('reference: mariadb-dump | mariadb over two OpenSSH sessions…');
    const ref = await reference();
    if (ref.rows !== gen.value.rows) throw new Error(`reference copied ${ref.rows} rows`);
    log(`reference: ${fmt(ref.ms / 1000, 1)} s = ${fmt(size / (ref.ms / 1000))} MiB/s`);
    await resetReplica(originalCnf, originalDbs);

    log('opsdeck: replication setup, seed dump…');
    const dump = await workflow(core, 'dump');
    log(
      `dump: ${fmt(dump.ms / 1000, 1)} s = ${fmt(size / (dump.ms / 1000))} MiB/s (${fmt(ref.ms / dump.ms, 2)}×), seed step ${fmt(dump.seedMs / 1000, 1)} s`,
    );
    await dropReplUser();
    await resetReplica(originalCnf, originalDbs);

    log('opsdeck: replication setup, seed hot-backup…');
    const hot = await workflow(core, 'hot-backup');

    const rate = (ms) => size / (ms / 1000);
    const refRate = rate(ref.ms);
    const row = (name, ms, seedMs, bytes) =>
      `${name.padEnd(22)} ${fmt(ms / 1000, 1).padStart(8)} s ${fmt(rate(ms)).padStart(8)} MiB/s ${(rate(ms) / refRate).toFixed(2).padStart(6)}×` +
      (seedMs !== undefined
        ? `   seed step ${fmt(seedMs / 1000, 1)} s = ${fmt(rate(seedMs))} MiB/s (${(rate(seedMs) / refRate).toFixed(2)}×)`
        : '') +
      (bytes ? `, ${fmt(bytes / 1024 / 1024)} MiB streamed` : '');
    lines.push(
      `mysql-seed: ${MASTER} → ${REPLICA}, ${DB} ${fmt(size)} MiB (${gen.value.rows} rows; generated in ${fmt(gen.ms / 1000)} s, not counted)`,
      `${'run'.padEnd(22)} ${'wall'.padStart(10)} ${'rate'.padStart(14)} ${'ratio'.padStart(7)}`,
      row('reference (ssh|ssh)', ref.ms),
      row('opsdeck dump', dump.ms, dump.seedMs, dump.bytes),
      row('opsdeck hot-backup', hot.ms, hot.seedMs, hot.bytes),
    );
    console.log(lines.join('\n'));
    return {
      name: `mysql-seed: ${fmt(size)} MiB db1 → db3 (replication setup, dump seed)`,
      opsdeck: `${fmt(rate(dump.ms))} MiB/s (${fmt(dump.ms / 1000, 1)} s, whole workflow)`,
      reference: `${fmt(refRate)} MiB/s (mariadb-dump | mariadb over ssh, ${fmt(ref.ms / 1000, 1)} s)`,
      ratio: rate(dump.ms) / refRate,
      target: 0.8,
      extra: `hot-backup: ${fmt(rate(hot.ms))} MiB/s (${fmt(hot.ms / 1000, 1)} s), ${(rate(hot.ms) / refRate).toFixed(2)}×`,
    };
  } finally {
    log('cleanup: dropping the bench database on db1, putting db3 back…');
    await resetReplica(originalCnf, originalDbs).catch((e) =>
      log(`db3 reset FAILED: ${e.message}`),
    );
    await dropOnMaster().catch((e) => log(`db1 cleanup FAILED: ${e.message}`));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'size-mb': { type: 'string', default: '1024' } } });
  const { buildBenchCore } = await import('./build.mjs');
  log('building the core…');
  const core = await import(await buildBenchCore());
  try {
    await mysqlSeedBench(core, { sizeMb: Number(values['size-mb']) });
    process.exit(0);
  } catch (err) {
    log(`failed: ${err instanceof Error ? err.stack : err}`);
    process.exit(1);
  }
}
