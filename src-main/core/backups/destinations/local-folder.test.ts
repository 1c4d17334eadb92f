import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Durable from './durable';
import { LocalFolderStore } from './local-folder';

/**
 * A backup in a local folder is durable before it is catalogued as good: the commit flushes the
 * file to disk before the rename makes it final, and the folder after it. The flushes are
 * watched (and made to fail) through the durable module; the files are real.
 */
const synced = vi.hoisted(() => ({
  calls: [] as { what: 'file' | 'dir'; path: string; partial: boolean; final: boolean }[],
  fail: undefined as 'file' | 'dir' | undefined,
  final: '',
}));
vi.mock('./durable', async (importOriginal) => {
  const real = await importOriginal<typeof Durable>();
  const watched =
    (what: 'file' | 'dir', sync: (path: string) => Promise<void>) => async (path: string) => {
      synced.calls.push({
        what,
        path,
        partial: existsSync(`${synced.final}.partial`),
        final: existsSync(synced.final),
      });
      if (synced.fail === what)
        throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      await sync(path);
    };
  return { syncFile: watched('file', real.syncFile), syncDir: watched('dir', real.syncDir) };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-local-store-'));
  synced.calls = [];
  synced.fail = undefined;
  synced.final = join(dir, 'db1', 'b1.sql.zst');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const store = () => new LocalFolderStore({ kind: 'file', url: `file://${dir}`, path: dir });

describe('a local-folder backup is on disk before it is final', () => {
  it('flushes the partial file, renames it, then flushes the folder', async () => {
    const writer = await store().write('db1/b1.sql.zst');
    writer.stream.end(Buffer.from('the dump'));
    await writer.commit();
    expect(readFileSync(synced.final, 'utf8')).toBe('the dump');
    expect(synced.calls).toEqual([
      // The file's bytes, while it is still the partial file (nothing final yet)…
      { what: 'file', path: `${synced.final}.partial`, partial: true, final: false },
      // …then the folder holding the rename.
      { what: 'dir', path: join(dir, 'db1'), partial: false, final: true },
    ]);
  });

  it.each(['file', 'dir'] as const)(
    'a failed flush (%s) fails the commit: never catalogued as good',
    async (what) => {
      synced.fail = what;
      const writer = await store().write('db1/b1.sql.zst');
      writer.stream.end(Buffer.from('the dump'));
      await expect(writer.commit()).rejects.toThrow(/EIO/);
      // A file flush failing leaves the name untouched; the backup's clean-up removes the rest.
      expect(existsSync(synced.final)).toBe(what === 'dir');
    },
  );
});
