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

/** Back to standalone, writable servers without the failover tests' databases and accounts. */
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
