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
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `The data folder was written by a newer Opsdeck (schema ${current}, this build knows ${migrations.length}).`,
    );
  }
  for (let version = current; version < migrations.length; version++) {
    const sql = migrations[version] as string;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return migrations.length;
}
