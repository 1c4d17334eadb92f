import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
} from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Owner-only storage for the SQLite store (issue 12 #4): hosts, audit records and run logs are
 * nobody else's business. The file is created 0600 before SQLite opens it — SQLite gives its
 * -wal and -shm files the database file's permissions — and a store left wider by an older
 * version is tightened. The folder is created 0700; an existing one is tightened only when it is
 * Opsdeck's own (empty, or already holding this store) and ours, so pointing OPSDECK_HOME at a
 * shared folder never changes that folder for everyone else. Windows: ACLs of the profile apply.
 */
export function prepareStoreFile(file: string): void {
  const dir = dirname(file);
  const existed = existsSync(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  if (existed) tightenOwnFolder(dir, basename(file));
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`])
    if (existsSync(f) && (statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
}

function tightenOwnFolder(dir: string, storeName: string): void {
  const st = statSync(dir);
  if ((st.mode & 0o077) === 0) return;
  if (process.getuid && st.uid !== process.getuid()) return;
  const entries = readdirSync(dir);
  if (entries.length === 0 || entries.includes(storeName)) chmodSync(dir, 0o700);
}
