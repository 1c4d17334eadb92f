import type { PromptRequest } from '../../src-main/contract';
import type { Services } from '../../src-main/server/compose';
import { labAdmin, sql } from './mysql-lab';

/**
 * A GTID cluster on the lab for failover tests: `master` with `replicas` replicating by MariaDB GTID
 * from the very start of its (reset) binary log, all with log_slave_updates (the lab's my.cnf), the
 * replicas read_only. Databases the tests write to are created through replication.
 */
export const FAILOVER_DBS = ['opsdeck_writes', 'opsdeck', 'opsdeck_errant', 'opsdeck_failover'];

export async function buildLabCluster(master: string, replicas: readonly string[]): Promise<void> {
  const all = [master, ...replicas];
  await resetLabCluster(all);
  // Every server starts from an empty binary log and GTID state: no stray history looks errant.
  for (const h of all) await sql(h, 'RESET MASTER; SET GLOBAL gtid_slave_pos = ""');
  const m = labAdmin(master);
  for (const r of replicas)
    await sql(
      r,
      `CHANGE MASTER TO MASTER_HOST='${m.host}', MASTER_PORT=${m.port}, MASTER_USER='${m.user}', MASTER_PASSWORD='${m.password}', MASTER_CONNECT_RETRY=1, MASTER_USE_GTID=slave_pos; START SLAVE; SET GLOBAL read_only = ON`,
    );
  await sql(
    master,
    'CREATE DATABASE IF NOT EXISTS opsdeck_failover; CREATE TABLE IF NOT EXISTS opsdeck_failover.t (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT INTO opsdeck_failover.t VALUES (1)',
  );
  for (const r of replicas) await waitForRow(r, 'SELECT COUNT(*) AS n FROM opsdeck_failover.t', 1);
}

/**
 * Back to standalone, writable servers without the failover tests' databases and accounts, and
 * registering no replica: each one's binlog dump threads are ended (see `endReplicaRegistrations`).
 */
export async function resetLabCluster(hosts: readonly string[]): Promise<void> {
  for (const h of hosts) {
    const accounts = await sql(
      h,
      "SELECT Host AS host FROM mysql.user WHERE User = 'opsdeck_repl'",
    ).catch(() => []);
    await sql(
      h,
      `STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only = OFF; SET SESSION sql_log_bin = 0; ${FAILOVER_DBS.map((d) => `DROP DATABASE IF EXISTS ${d};`).join(' ')} ${accounts.map((a) => `DROP USER IF EXISTS 'opsdeck_repl'@'${String(a.host)}';`).join(' ')}`,
    ).catch(() => undefined);
  }
  await endReplicaRegistrations(hosts);
}

/** How long a killed binlog dump thread may take to leave SHOW SLAVE HOSTS. */
const REGISTRATION_GONE_MS = 30_000;

/**
 * A master keeps listing a replica (SHOW SLAVE HOSTS) as long as its binlog dump thread lives, and
 * an idle one lives on after the replica stopped: until a heartbeat or an event finds the socket
 * closed (here 60–100 s; after RESET MASTER no event wakes it). A master reset right after a
 * switchover (db1 replicated from db2) would still list server_id 1 into the next test (whose
 * replication setup db2 → db1 once refused it as "already used by a replica of db2"; its preflight
 * now knows db1's own registration). So that each test starts from servers listing nobody: with
 * none of `hosts` replicating any more, end every dump thread on them and wait until none lists
 * one of their server_ids. A replica outside `hosts` may reconnect; it is left listed.
 */
async function endReplicaRegistrations(hosts: readonly string[]): Promise<void> {
  const ids = new Map<number, string>();
  for (const h of hosts) {
    const [row] = await sql(h, 'SELECT @@server_id AS id').catch(() => []);
    if (row) ids.set(Number(row.id), h);
  }
  for (const h of hosts) {
    const threads = await sql(
      h,
      "SELECT id FROM information_schema.processlist WHERE command LIKE 'Binlog Dump%'",
    ).catch(() => []);
    for (const { id } of threads) await sql(h, `KILL ${Number(id)}`).catch(() => undefined);
  }
  const until = Date.now() + REGISTRATION_GONE_MS;
  for (const h of hosts) {
    for (;;) {
      const listed = (await sql(h, 'SHOW SLAVE HOSTS').catch(() => []))
        .map((r) => ids.get(Number(r.Server_id)))
        .filter((name) => name !== undefined);
      if (!listed.length) break;
      if (Date.now() > until)
        throw new Error(
          `${h} still lists ${listed.join(', ')} as its replica(s) ${REGISTRATION_GONE_MS / 1000} s after their binlog dump threads were killed: see SHOW PROCESSLIST on ${h}.`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function waitForRow(host: string, query: string, atLeast: number, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await sql(host, query).catch(() => [] as Record<string, unknown>[]);
    if (Number(row?.n ?? -1) >= atLeast) return;
    if (Date.now() > until) throw new Error(`${host}: ${query} stayed below ${atLeast}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Answer the go-ahead gates of one run as a person would: with the typed text, or declined.
 * Returns a function that stops answering.
 */
export function answerGates(
  t: Pick<Services, 'core'>,
  runId: () => string | undefined,
  answer: { typed: string } | 'decline',
): () => void {
  return t.core.bus.subscribe((m) => {
    if (m.topic !== 'prompt.request') return;
    const p = m.payload as PromptRequest;
    if (p.kind !== 'confirm' || p.runId !== runId()) return;
    setTimeout(() =>
      t.core.prompts.answer(
        answer === 'decline'
          ? { kind: 'confirm', id: p.id, approve: false }
          : { kind: 'confirm', id: p.id, approve: true, typed: answer.typed },
        'web',
      ),
    );
  });
}
