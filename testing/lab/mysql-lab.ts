import mysql from 'mysql2/promise';
import type { LeftFile } from '../../src-main/contract';
import { editMyCnf } from '../../src-main/core/workflows/replication-setup/config-edit';
import { shellQuote as shq } from '../../src-main/core/common/shell';
import type { Services } from '../../src-main/server/compose';
import { labInventory } from './lab';

/**
 * Test-side helpers for MySQL on the lab: direct admin logins, a background writer, table
 * checksums, and putting replicas back the way the lab made them.
 */
export const TEST_DBS = ['opsdeck_test', 'opsdeck_src', 'opsdeck_junk', 'opsdeck'];

export function labAdmin(name: string) {
  const h = labInventory().hosts.find((x) => x.name === name);
  if (!h?.mysql) throw new Error(`lab host ${name} has no MySQL`);
  return {
    host: h.address,
    port: h.mysql.port,
    user: h.mysql.adminUser,
    password: h.mysql.adminPassword,
  };
}

/** One statement as the lab's admin, directly (not through Opsdeck). */
export async function sql(name: string, statement: string): Promise<Record<string, unknown>[]> {
  const conn = await mysql.createConnection({ ...labAdmin(name), multipleStatements: true });
  try {
    const [rows] = await conn.query(statement);
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
  } finally {
    await conn.end();
  }
}

/** Inserts (and updates) rows on a master until stopped; returns how many it wrote. */
export function startWriter(name: string, db = 'opsdeck_test') {
  let stop = false;
  let written = 0;
  const done = (async () => {
    const conn = await mysql.createConnection(labAdmin(name));
    try {
      while (!stop) {
        await conn.query(`INSERT INTO ${db}.events (payload, n) VALUES (?, ?)`, [
          `w-${written}`,
          written,
        ]);
        if (written % 10 === 0)
          await conn.query(`UPDATE ${db}.counters SET value = value + 1 WHERE id = 1`);
        written++;
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      await conn.end();
    }
    return written;
  })();
  return {
    stop: async () => {
      stop = true;
      return done;
    },
  };
}

/** Test data on a master: a table the writer appends to, a counter, and some bulk. */
export async function createTestData(name: string, db = 'opsdeck_test', bulkRows = 5000) {
  await sql(
    name,
    `CREATE DATABASE IF NOT EXISTS ${db}; USE ${db};
     CREATE TABLE IF NOT EXISTS ${db}.events (id INT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(64), n INT, at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB;
     CREATE TABLE IF NOT EXISTS ${db}.counters (id INT PRIMARY KEY, value INT NOT NULL) ENGINE=InnoDB;
     INSERT IGNORE INTO ${db}.counters VALUES (1, 0);
     CREATE TABLE IF NOT EXISTS ${db}.bulk (id INT PRIMARY KEY, body VARCHAR(200)) ENGINE=InnoDB;
     INSERT IGNORE INTO ${db}.bulk SELECT seq, REPEAT(MD5(seq), 3) FROM seq_1_to_${bulkRows};`,
  );
}

/** CHECKSUM TABLE of every table in the databases, as "db.table" → checksum. */
export async function checksums(name: string, dbs: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const db of dbs) {
    const tables = await sql(
      name,
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = '${db}' ORDER BY 1`,
    );
    for (const { t } of tables) {
      const [row] = await sql(name, `CHECKSUM TABLE ${db}.\`${String(t)}\``);
      out[`${db}.${String(t)}`] = String(row?.Checksum);
    }
  }
  return out;
}

/**
 * Wait until `replica` has executed everything `master` had written when this was called: the
 * master's binlog coordinates (SHOW MASTER STATUS), reached by the replica's SQL thread
 * (MASTER_POS_WAIT). `replica` must replicate from `master` directly, at labAdmin(master)'s
 * address and port (a repoint still under way is waited for; at the bound, the error names the
 * source the replica shows instead). MariaDB lab only: SHOW SLAVE STATUS and MASTER_POS_WAIT
 * (MySQL 8.4 has neither).
 *
 * Not by comparing GTID sequence numbers: with gtid_strict_mode off, a domain's numbers are not in
 * order across server ids — a replica whose last GTID is 0-2-51 (its master's own writes) has not
 * executed 0-1-48 — so that comparison answered "caught up" before the row was there.
 */
export async function waitCaughtUp(master: string, replica: string, timeoutMs = 60_000) {
  const [m] = await sql(master, 'SHOW MASTER STATUS');
  const file = String(m?.File ?? '');
  const pos = Number(m?.Position);
  if (!file) throw new Error(`${master} has no binary log: SHOW MASTER STATUS is empty`);
  const source = labAdmin(master);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [st] = await sql(replica, 'SHOW SLAVE STATUS');
    const from = `${String(st?.Master_Host ?? '')}:${String(st?.Master_Port ?? '')}`;
    if (from === `${source.host}:${source.port}`) {
      const seconds = Math.max(1, Math.min(5, Math.ceil((until - Date.now()) / 1000)));
      const [w] = await sql(
        replica,
        `SELECT MASTER_POS_WAIT('${file.replace(/'/g, "''")}', ${pos}, ${seconds}) AS w`,
      );
      // NULL: the SQL thread is not running; -1: not there yet.
      if (w?.w !== null && w?.w !== undefined && Number(w.w) >= 0) return;
    } else await new Promise((res) => setTimeout(res, 250));
    if (Date.now() > until) {
      const [now] = await sql(replica, 'SHOW SLAVE STATUS');
      const shown = `${String(now?.Master_Host ?? '')}:${String(now?.Master_Port ?? '')}`;
      if (shown !== `${source.host}:${source.port}`)
        throw new Error(
          `${replica} does not replicate from ${master} (${source.host}:${source.port}) but from ${now ? shown : 'nobody (SHOW SLAVE STATUS is empty)'}, so whether it executed ${master}'s ${file}:${pos} was never asked (waited ${timeoutMs / 1000} s): wait on ${replica}'s own master, or repoint it first.`,
        );
      throw new Error(
        `${replica} has not executed ${master}'s ${file}:${pos} within ${timeoutMs / 1000} s: it replicates from ${String(now?.Master_Host)}:${String(now?.Master_Port)}, executed ${String(now?.Relay_Master_Log_File)}:${String(now?.Exec_Master_Log_Pos)}, IO ${String(now?.Slave_IO_Running)} / SQL ${String(now?.Slave_SQL_Running)}, Last_SQL_Error ${String(now?.Last_SQL_Error)}, Last_IO_Error ${String(now?.Last_IO_Error)}`,
      );
    }
  }
}

/**
 * Put lab hosts back the way `lab up` made them: no replication, writable, no test databases,
 * and the settings the replication workflow changes restored in my.cnf (restart only if needed).
 *
 * `runs` are the workflow runs under test: the files they reported leaving (`leftFiles`)
 * are dealt with — a hot backup's "previous data" of a host being reset is moved back into its
 * data dir (the host gets its own data back, not the master's copy); every other reported path
 * is removed. Nothing else is deleted: `/var/lib` is the machine's real filesystem, shared by
 * every lab host, so a glob there would reach other hosts' and other runs' files.
 */
export async function resetLabReplication(
  t: Services,
  replicas: string[],
  runs: { leftFiles: readonly LeftFile[] }[] = [],
) {
  const left = runs.flatMap((r) => r.leftFiles);
  for (const f of left)
    if (!WORKFLOW_FILE.test(f.path))
      throw new Error(`${f.host}: ${f.path} is not a path the workflow names; not touching it`);
  const sh = async (name: string, command: string) => {
    const r = await t.core.ssh.exec(t.core.hosts.get(name), command);
    if (r.code !== 0) throw new Error(`${name}: ${command}: exit ${r.code}: ${r.stderr}`);
  };
  const restored: string[] = [];
  for (const name of replicas) {
    const host = t.core.hosts.get(name);
    const current = (await t.core.ssh.exec(host, 'cat /etc/mysql/my.cnf')).stdout;
    const cnf = editMyCnf(current, {
      log_slave_updates: 'ON',
      read_only: null,
      replicate_wild_ignore_table: null,
    });
    if (cnf.changes.length)
      await t.core.ssh.exec(host, 'cat > /etc/mysql/my.cnf', { stdin: cnf.content });
    // The first hot backup of this host moved its own data aside; later ones moved copies.
    const aside = left.find((f) => f.host === name && PREVIOUS_DATA.test(f.path))?.path;
    if (aside) {
      const [a, d] = [shq(aside), shq(aside.replace(PREVIOUS_DATA, ''))];
      await sh(
        name,
        `set -e; mysql-service stop; find ${d} -mindepth 1 -maxdepth 1 -exec rm -rf {} +; find ${a} -mindepth 1 -maxdepth 1 -exec mv -t ${d} {} +; rmdir ${a}; mysql-service start`,
      );
      restored.push(`${name}:${aside}`);
    } else if (cnf.changes.length) await t.core.ssh.exec(host, 'mysql-service restart');
    if (aside || cnf.changes.length) t.core.mysql.close(host.id);
    await t.core.ssh.exec(
      host,
      `mariadb -e "STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only = OFF; SET GLOBAL replicate_wild_ignore_table = ''; SET GLOBAL gtid_slave_pos = ''; SET SESSION sql_log_bin = 0; ${TEST_DBS.map((d) => `DROP DATABASE IF EXISTS ${d};`).join(' ')}"`,
    );
  }
  for (const f of left)
    if (!restored.includes(`${f.host}:${f.path}`)) await sh(f.host, `rm -rf -- ${shq(f.path)}`);
}

/** The workflow's own names: `<config>.opsdeck-<time>`, `<datadir>.opsdeck-before-<run>`, `.opsdeck-seed-<run>`. */
const WORKFLOW_FILE = /^(?!.*\/\.\.?\/)\/(?:[\w.-]+\/)*[\w.-]*\.opsdeck-(?:before-|seed-)?[\w-]+$/;
const PREVIOUS_DATA = /\.opsdeck-before-[\w-]+$/;

/**
 * A master keeps a replica's binlog dump thread (and its SHOW SLAVE HOSTS entry) until it next
 * sends it something: an idle master still lists a replica that has been pointed elsewhere. The
 * setup's preflight knows that for the replica's own registration (stale-registration.itest.ts);
 * a test that wants the master to list nobody ends `user`'s dump threads on the master and waits
 * until the entry is gone.
 */
export async function endDumpThreads(master: string, user: string, serverId: number) {
  const threads = await sql(
    master,
    `SELECT id FROM information_schema.processlist WHERE user = '${user}' AND command LIKE 'Binlog Dump%'`,
  );
  for (const { id } of threads) await sql(master, `KILL ${Number(id)}`).catch(() => undefined);
  for (let i = 0; ; i++) {
    const hosts = await sql(master, 'SHOW SLAVE HOSTS');
    if (!hosts.some((h) => Number(h.Server_id) === serverId)) return;
    if (i > 60) throw new Error(`${master} still lists server_id ${serverId} as a replica`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function dropOnMaster(name: string, users: string[]) {
  await sql(
    name,
    [
      ...users.map((u) => `DROP USER IF EXISTS '${u}'@'127.0.0.1'`),
      ...TEST_DBS.map((d) => `DROP DATABASE IF EXISTS ${d}`),
    ].join('; '),
  );
}
