import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database';

/** The store holds hosts, audit and run logs: owner-only on disk (issue 12 #4). */
const root = mkdtempSync(join(tmpdir(), 'opsdeck-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('store file permissions', () => {
  it('opsdeck.db and its WAL/SHM are 0600 even in an existing 0755 folder, which becomes 0700', () => {
    const dir = join(root, 'existing');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const db = openDatabase(join(dir, 'opsdeck.db'));
    db.prepare('CREATE TABLE IF NOT EXISTS t (x)').run();
    db.prepare('INSERT INTO t VALUES (1)').run();
    expect(mode(join(dir, 'opsdeck.db'))).toBe(0o600);
    expect(mode(join(dir, 'opsdeck.db-wal'))).toBe(0o600);
    expect(mode(join(dir, 'opsdeck.db-shm'))).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    db.close();
  });

  it('tightens a store left 0644 by an older version', () => {
    const dir = join(root, 'older');
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'opsdeck.db'), '');
    chmodSync(join(dir, 'opsdeck.db'), 0o644);
    openDatabase(join(dir, 'opsdeck.db')).close();
    expect(mode(join(dir, 'opsdeck.db'))).toBe(0o600);
  });

  it('a new folder is 0700; a shared folder that is not Opsdeck’s own is left as it is', () => {
    const fresh = join(root, 'new', 'deeper');
    openDatabase(join(fresh, 'opsdeck.db')).close();
    expect(mode(fresh)).toBe(0o700);
    const shared = join(root, 'shared');
    mkdirSync(shared, { mode: 0o755 });
    chmodSync(shared, 0o755);
    writeFileSync(join(shared, 'someone-else.txt'), 'x');
    openDatabase(join(shared, 'opsdeck.db')).close();
    expect(mode(shared)).toBe(0o755);
    expect(mode(join(shared, 'opsdeck.db'))).toBe(0o600);
  });
});
