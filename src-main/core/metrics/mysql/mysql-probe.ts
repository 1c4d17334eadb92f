import { toErrorShape, type Host, type SeriesProblem } from '../../../contract';
import { dialectOf, parseReplicaStatusRows, primaryConnection, type Dialect } from '../../mysql';
import type { Row } from '../../mysql/sql-row';
import {
  historyLength,
  statusMap,
  statusValues,
  STATUS_VARIABLES,
  type StatusRead,
} from './status-values';

export interface MysqlReader {
  query(
    host: Host,
    sql: string,
    options?: { signal?: AbortSignal; timeoutMs?: number },
  ): Promise<{ rows: Row[] }>;
}

const REPLICATION = ['mysql.repl_lag', 'mysql.repl_io', 'mysql.repl_sql'];
const NEEDS_PROCESS = ['mysql.history_length', 'mysql.longest_query'];
/** SHOW ENGINE INNODB STATUS takes a server-wide mutex: at most this often. */
const PROCESS_EVERY_MS = 10_000;

const STATUS_SQL = `SHOW GLOBAL STATUS WHERE Variable_name IN (${STATUS_VARIABLES.map((v) => `'${v}'`).join(', ')})`;
const LONGEST_SQL =
  "SELECT COALESCE(MAX(TIME), 0) AS t FROM information_schema.PROCESSLIST WHERE COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID', 'Slave_IO', 'Slave_SQL', 'Slave_worker', 'Connect') AND USER NOT IN ('system user', 'event_scheduler') AND ID <> CONNECTION_ID()";

/** Error 1227: "Access denied; you need (at least one of) the … privilege(s)". */
function missingPrivilege(err: unknown): boolean {
  const cause = (err as { cause?: { errno?: number } }).cause;
  return cause?.errno === 1227 || /\(error 1227\)/.test(String((err as Error).message));
}

export interface MysqlSample {
  values: Record<string, number>;
  problems: SeriesProblem[];
}

/**
 * MySQL series of a host through its existing MySQL login (the pooled connection, through the
 * SSH tunnel by default): SHOW GLOBAL STATUS deltas, replication state, and — when the login has
 * PROCESS — the InnoDB history length and the oldest running statement. A privilege the login
 * lacks makes those series UNKNOWN with the reason; the rest stay live.
 */
export class MysqlProbe {
  private dialect: Dialect | undefined;
  private prev: StatusRead | undefined;
  private sentSinceRead = 0;
  private processAt = Number.NEGATIVE_INFINITY;
  private processValues: Record<string, number> = {};
  private processProblem: SeriesProblem | undefined;

  constructor(
    private readonly host: Host,
    private readonly reader: MysqlReader,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async read(timeoutMs: number, signal?: AbortSignal): Promise<MysqlSample> {
    const q = async (sql: string) => {
      this.sentSinceRead++;
      return (await this.reader.query(this.host, sql, { timeoutMs, ...(signal ? { signal } : {}) }))
        .rows;
    };
    let rows: Row[];
    try {
      this.dialect ??= await this.detect(q);
      rows = await q(STATUS_SQL);
    } catch (err) {
      this.prev = undefined;
      this.dialect = undefined;
      const shape = toErrorShape(err);
      const values: Record<string, number> =
        shape.code === 'MYSQL_UNREACHABLE' ? { 'mysql.up': 0 } : {};
      return { values, problems: [{ metrics: ['mysql', 'replication'], error: shape }] };
    }
    const cur: StatusRead = {
      status: statusMap(rows),
      atMs: this.now(),
      ownStatements: this.sentSinceRead,
    };
    this.sentSinceRead = 0;
    const values = statusValues(this.prev, cur);
    this.prev = cur;
    const problems: SeriesProblem[] = [];
    await this.replication(q, values, problems);
    await this.processSeries(q, values, problems);
    return { values, problems };
  }

  private async detect(q: (sql: string) => Promise<Row[]>): Promise<Dialect> {
    const [row] = await q('SELECT @@version AS v, @@version_comment AS c');
    return dialectOf(String(row?.v ?? ''), String(row?.c ?? ''));
  }

  private async replication(
    q: (sql: string) => Promise<Row[]>,
    v: Record<string, number>,
    problems: SeriesProblem[],
  ) {
    try {
      const status = primaryConnection(
        parseReplicaStatusRows(await q(this.dialect!.replicaStatusSql)),
      );
      if (!status) return; // not a replica: no replication series
      v['mysql.repl_io'] = status.ioThread === 'running' ? 1 : 0;
      v['mysql.repl_sql'] = status.sqlThread === 'running' ? 1 : 0;
      if (status.secondsBehind !== null) v['mysql.repl_lag'] = status.secondsBehind;
    } catch (err) {
      problems.push({
        metrics: REPLICATION,
        error: missingPrivilege(err)
          ? {
              code: 'METRICS_UNAVAILABLE',
              message: `The MySQL login of ${this.host.name} may not read the replication status.`,
              hint: 'GRANT REPLICATION CLIENT ON *.* (MySQL; on MariaDB 10.5+ SLAVE MONITOR) to that user.',
            }
          : toErrorShape(err),
      });
    }
  }

  private async processSeries(
    q: (sql: string) => Promise<Row[]>,
    v: Record<string, number>,
    problems: SeriesProblem[],
  ) {
    const now = this.now();
    if (now - this.processAt >= PROCESS_EVERY_MS) {
      this.processAt = now;
      try {
        const [status] = await q('SHOW ENGINE INNODB STATUS');
        const text = String(status?.Status ?? status?.STATUS ?? '');
        const [longest] = await q(LONGEST_SQL);
        const history = historyLength(text);
        this.processValues = {
          ...(history !== undefined ? { 'mysql.history_length': history } : {}),
          'mysql.longest_query': Number(longest?.t ?? 0),
        };
        this.processProblem = undefined;
      } catch (err) {
        this.processValues = {};
        this.processProblem = {
          metrics: NEEDS_PROCESS,
          error: missingPrivilege(err)
            ? {
                code: 'METRICS_UNAVAILABLE',
                message: `The MySQL login of ${this.host.name} lacks the PROCESS privilege.`,
                hint: 'GRANT PROCESS ON *.* to that user to chart the InnoDB history length and the longest query.',
              }
            : toErrorShape(err),
        };
      }
    }
    Object.assign(v, this.processValues);
    if (this.processProblem) problems.push(this.processProblem);
  }
}
