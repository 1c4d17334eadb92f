import Database from 'better-sqlite3';
import { migrations } from './migrations';
import { prepareStoreFile } from './private-files';

export type Db = Database.Database;

/** Open (creating if needed, owner-only) the store and bring its schema up to date. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') prepareStoreFile(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): number {
  const newer = (current: number) =>
    new Error(
      `The data folder was written by a newer Opsdeck (schema ${current}, this build knows ${migrations.length}).`,
    );
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) throw newer(current);
  if (current === migrations.length) return migrations.length;
  // Two processes may open one store at once (a window's core and a CLI): the version is read
  // again under the write lock, so each migration is applied exactly once.
  db.transaction(() => {
    const locked = db.pragma('user_version', { simple: true }) as number;
    if (locked > migrations.length) throw newer(locked);
    for (let version = locked; version < migrations.length; version++) {
      db.exec(migrations[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    }
  }).immediate();
  return migrations.length;
}
