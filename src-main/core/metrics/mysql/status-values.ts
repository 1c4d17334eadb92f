import { counterRate } from '../proc/counters';

/** SHOW GLOBAL STATUS variables the collector reads (lower case: MySQL and MariaDB spell them alike). */
export const STATUS_VARIABLES = [
  'Uptime',
  'Questions',
  'Connections',
  'Threads_connected',
  'Threads_running',
  'Bytes_received',
  'Bytes_sent',
  'Innodb_data_reads',
  'Innodb_data_writes',
  'Innodb_row_lock_waits',
  'Slow_queries',
] as const;

/** `SHOW GLOBAL STATUS` rows (`Variable_name`, `Value`) → lower-cased name → number. */
export function statusMap(rows: readonly Record<string, unknown>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) {
    const entries = Object.entries(row);
    const name = entries.find(([k]) => k.toLowerCase() === 'variable_name')?.[1];
    const value = entries.find(([k]) => k.toLowerCase() === 'value')?.[1];
    const n = Number(value);
    if (typeof name === 'string' && value !== '' && Number.isFinite(n))
      out.set(name.toLowerCase(), n);
  }
  return out;
}

export interface StatusRead {
  status: Map<string, number>;
  /** When it was read (ms, a monotonic clock). */
  atMs: number;
  /** Statements the collector itself sent since the previous read (not the workload's). */
  ownStatements: number;
}

const RATES: [string, string][] = [
  ['mysql.connections', 'connections'],
  ['mysql.bytes_in', 'bytes_received'],
  ['mysql.bytes_out', 'bytes_sent'],
  ['mysql.innodb_reads', 'innodb_data_reads'],
  ['mysql.innodb_writes', 'innodb_data_writes'],
  ['mysql.row_lock_waits', 'innodb_row_lock_waits'],
  ['mysql.slow_queries', 'slow_queries'],
];

/**
 * The MySQL series from two reads of SHOW GLOBAL STATUS. Counters become per-second rates over
 * the time between the reads (Uptime has a 1-second resolution: too coarse at 1 Hz); a server
 * restart (Uptime went back) gives gauges only. Queries per second leave out the collector's
 * own statements.
 */
export function statusValues(
  prev: StatusRead | undefined,
  cur: StatusRead,
): Record<string, number> {
  const v: Record<string, number> = { 'mysql.up': 1 };
  const s = cur.status;
  const gauge = (key: string, name: string) => {
    const x = s.get(name);
    if (x !== undefined) v[key] = x;
  };
  gauge('mysql.threads_connected', 'threads_connected');
  gauge('mysql.threads_running', 'threads_running');
  if (!prev) return v;
  const seconds = (cur.atMs - prev.atMs) / 1000;
  const restarted = (s.get('uptime') ?? 0) < (prev.status.get('uptime') ?? 0);
  if (restarted || !(seconds > 0)) return v;
  const rate = (name: string) => counterRate(prev.status.get(name), s.get(name), seconds);
  const questions = counterRate(prev.status.get('questions'), s.get('questions'), 1);
  if (questions !== null) v['mysql.qps'] = Math.max(0, questions - cur.ownStatements) / seconds;
  for (const [key, name] of RATES) {
    const r = rate(name);
    if (r !== null) v[key] = r;
  }
  return v;
}

/** "History list length 1234" from SHOW ENGINE INNODB STATUS. */
export function historyLength(innodbStatus: string): number | undefined {
  const m = /History list length (\d+)/.exec(innodbStatus);
  return m ? Number(m[1]) : undefined;
}
