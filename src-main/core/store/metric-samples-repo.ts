import type { Db } from './database';

export type Resolution = 'raw' | '1m' | '1h';

/** One stored point: seconds since the epoch and the value (rollups: the average). */
export type Point = [t: number, v: number];

const TABLE: Record<Resolution, string> = {
  raw: 'metric_raw',
  '1m': 'metric_1m',
  '1h': 'metric_1h',
};
const VALUE: Record<Resolution, string> = { raw: 'v', '1m': 'avg', '1h': 'avg' };

/**
 * Metric samples in the store: a series is (host, key) with a small integer id; raw samples are
 * (series, second, value); rollups keep average, min, max and count per minute and per hour.
 * Every statement touches a range of one index, so each call stays short.
 */
export class MetricSamplesRepo {
  private readonly ids = new Map<string, number>();

  constructor(private readonly db: Db) {}

  /** The id of a series, created on first use. */
  seriesId(hostId: string, key: string): number {
    const k = `${hostId}\u0000${key}`;
    const known = this.ids.get(k);
    if (known !== undefined) return known;
    this.db
      .prepare('INSERT OR IGNORE INTO metric_series (host_id, key) VALUES (?, ?)')
      .run(hostId, key);
    const row = this.db
      .prepare('SELECT id FROM metric_series WHERE host_id = ? AND key = ?')
      .get(hostId, key) as { id: number };
    this.ids.set(k, row.id);
    return row.id;
  }

  /** The series a host has (key → id). */
  seriesOf(hostId: string): Map<string, number> {
    const rows = this.db
      .prepare('SELECT id, key FROM metric_series WHERE host_id = ?')
      .all(hostId) as { id: number; key: string }[];
    return new Map(rows.map((r) => [r.key, r.id]));
  }

  /** Raw samples in one transaction: [seriesId, t (s), v]. */
  insertRaw(rows: readonly (readonly [number, number, number])[]): void {
    if (rows.length === 0) return;
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO metric_raw (series_id, t, v) VALUES (?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const r of rows) insert.run(r[0], r[1], r[2]);
    })();
  }

  /** Points of one series in [from, to) seconds, ascending. */
  points(seriesId: number, resolution: Resolution, from: number, to: number): Point[] {
    return this.db
      .prepare(
        `SELECT t, ${VALUE[resolution]} FROM ${TABLE[resolution]} WHERE series_id = ? AND t >= ? AND t < ? ORDER BY t`,
      )
      .raw()
      .all(seriesId, from, to) as Point[];
  }

  /** Highest series id (rollups walk the ids in chunks). */
  maxSeriesId(): number {
    return (
      this.db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM metric_series').get() as { m: number }
    ).m;
  }

  /**
   * Roll `from` rows of series [lo, hi] in [start, end) seconds into buckets of `bucket`
   * seconds of `into` (raw → 1m averages the values; 1m → 1h weights by count).
   */
  rollup(
    from: 'raw' | '1m',
    into: '1m' | '1h',
    lo: number,
    hi: number,
    start: number,
    end: number,
    bucket: number,
  ): number {
    const source =
      from === 'raw'
        ? `SELECT series_id, (t / ${bucket}) * ${bucket} AS b, AVG(v) AS avg, MIN(v) AS min, MAX(v) AS max, COUNT(*) AS n FROM metric_raw`
        : `SELECT series_id, (t / ${bucket}) * ${bucket} AS b, SUM(avg * n) / SUM(n) AS avg, MIN(min) AS min, MAX(max) AS max, SUM(n) AS n FROM metric_1m`;
    const info = this.db
      .prepare(
        `INSERT OR REPLACE INTO ${TABLE[into]} (series_id, t, avg, min, max, n)
         ${source} WHERE series_id BETWEEN ? AND ? AND t >= ? AND t < ? GROUP BY series_id, b`,
      )
      .run(lo, hi, start, end);
    return info.changes;
  }

  /** Delete rows older than `before` (seconds) of series [lo, hi]. */
  prune(resolution: Resolution, lo: number, hi: number, before: number): number {
    return this.db
      .prepare(`DELETE FROM ${TABLE[resolution]} WHERE series_id BETWEEN ? AND ? AND t < ?`)
      .run(lo, hi, before).changes;
  }

  /** Until when (seconds) a rollup has been done. */
  mark(resolution: '1m' | '1h'): number | undefined {
    const row = this.db
      .prepare('SELECT done_until FROM metric_rollup_marks WHERE resolution = ?')
      .get(resolution) as { done_until: number } | undefined;
    return row?.done_until;
  }

  setMark(resolution: '1m' | '1h', doneUntil: number): void {
    this.db
      .prepare('INSERT OR REPLACE INTO metric_rollup_marks (resolution, done_until) VALUES (?, ?)')
      .run(resolution, doneUntil);
  }

  /** Oldest raw sample (seconds), for the first rollup of a store. */
  oldestRaw(): number | undefined {
    const row = this.db.prepare('SELECT MIN(t) AS t FROM metric_raw').get() as { t: number | null };
    return row.t ?? undefined;
  }

  /** Samples stored per resolution (diagnostics, tests). */
  counts(): Record<Resolution, number> {
    const n = (table: string) =>
      (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { raw: n('metric_raw'), '1m': n('metric_1m'), '1h': n('metric_1h') };
  }
}
