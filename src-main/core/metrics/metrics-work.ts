import type { AreaBase } from '../area-base';

/**
 * Whether a long-running core should load the metrics area at start: checks or scheduled suites
 * exist. Apart from the area so that asking does not load it (and mysql2 with it).
 */
export function metricsWorkPending(db: AreaBase['db']): boolean {
  const row = db
    .prepare(
      "SELECT (SELECT COUNT(*) FROM checks) + (SELECT COUNT(*) FROM deploy_suites WHERE spec_json LIKE '%everyMinutes%') AS n",
    )
    .get() as { n: number };
  return row.n > 0;
}
