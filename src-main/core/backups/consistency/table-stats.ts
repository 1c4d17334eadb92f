import type { Host, TableStat } from '../../../contract';
import type { MysqlSession } from '../../mysql/executor';
import { quoteIdent as ident, quoteString } from '../../mysql/sql';
import { num, text } from '../../mysql/sql-row';
import type { BackupCtx } from '../types';

export interface TableInfo {
  db: string;
  table: string;
  engine: string;
  bytes: number;
}

/** Tables are named `db.table` in the catalog. */
export const tableName = (t: Pick<TableInfo, 'db' | 'table'>) => `${t.db}.${t.table}`;

/** CHECKSUM TABLE only up to this size (it reads the whole table); rows are always counted. */
export const CHECKSUM_MAX_BYTES = 1024 ** 3;

export async function listTables(
  ctx: Pick<BackupCtx, 'mysql'>,
  host: Host,
  databases: readonly string[],
): Promise<TableInfo[]> {
  if (!databases.length) return [];
  const rows = await ctx.mysql.read(
    host,
    `SELECT table_schema AS db, table_name AS t, engine AS e, COALESCE(data_length + index_length, 0) AS b FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema IN (${databases.map(quoteString).join(', ')}) ORDER BY 1, 2`,
    { quiet: true },
  );
  return rows.map((r) => ({
    db: text(r.db),
    table: text(r.t),
    engine: text(r.e),
    bytes: num(r.b) ?? 0,
  }));
}

/**
 * Rows (and CHECKSUM TABLE where feasible) of every table, read inside the session's consistent
 * snapshot: InnoDB answers both from the snapshot, so the numbers are those of the backup's point.
 */
export async function statsInSession(
  session: Pick<MysqlSession, 'query'>,
  tables: readonly TableInfo[],
): Promise<TableStat[]> {
  const out: TableStat[] = [];
  for (const t of tables) {
    const name = `${ident(t.db)}.${ident(t.table)}`;
    const [c] = (await session.query(`SELECT COUNT(*) AS n FROM ${name}`, { timeoutMs: 3_600_000 }))
      .rows;
    const stat: TableStat = { table: tableName(t), rows: num(c?.n) ?? 0 };
    if (t.bytes <= CHECKSUM_MAX_BYTES && t.engine.toLowerCase() === 'innodb') {
      const [k] = (await session.query(`CHECKSUM TABLE ${name}`, { timeoutMs: 3_600_000 })).rows;
      if (k?.Checksum !== null && k?.Checksum !== undefined) stat.checksum = String(k.Checksum);
    }
    out.push(stat);
  }
  return out;
}

/** The same numbers on a host now (after a restore), in one consistent snapshot. */
export async function statsNow(
  ctx: Pick<BackupCtx, 'mysql'>,
  host: Host,
  tables: readonly string[],
): Promise<Map<string, { rows: number; checksum?: string } | undefined>> {
  const session = await ctx.mysql.session(host, 'count rows after the restore');
  try {
    await session.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
    const found = new Map<string, { rows: number; checksum?: string } | undefined>();
    for (const t of tables) {
      const [db, ...rest] = t.split('.');
      const name = `${ident(db ?? '')}.${ident(rest.join('.'))}`;
      try {
        const [c] = (
          await session.query(`SELECT COUNT(*) AS n FROM ${name}`, { timeoutMs: 3_600_000 })
        ).rows;
        const [k] = (await session.query(`CHECKSUM TABLE ${name}`, { timeoutMs: 3_600_000 })).rows;
        found.set(t, {
          rows: num(c?.n) ?? 0,
          ...(k?.Checksum !== null && k?.Checksum !== undefined
            ? { checksum: String(k.Checksum) }
            : {}),
        });
      } catch {
        found.set(t, undefined);
      }
    }
    await session.query('COMMIT');
    return found;
  } finally {
    session.end();
  }
}
