import type Database from 'better-sqlite3';
import type { Db } from './database';

/**
 * Prepared statements, prepared on first use and reused for the life of the database handle.
 * Compiling SQL costs 20–70 µs here, 5–10 times what running a small statement costs, and the
 * workflow journal runs the same few statements for every log line, step change and progress
 * sample while terminals stream through the same core process.
 *
 * Only for SQL whose text is fixed (not built from values, so the cache stays small) and for
 * statements used as they come: never with pluck()/raw()/expand()/safeIntegers() (those change the
 * shared statement for every later caller) or iterate() (a busy statement cannot run again).
 */
const caches = new WeakMap<Db, Map<string, Database.Statement>>();

export function prepared(db: Db, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}
