import {
  linkSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheStats, loadBundle, writeCodeCaches } from './code-cache';

/** The CLI's bundles load from V8's code cache only when it was made from their very source. */
let dir: string;
const cache = () => createRequire(join(dir, 'x.cjs')).cache;
/** Forget the bundles of this test's folder, as a new process would not know them. */
const forget = () => {
  for (const key of Object.keys(cache())) if (key.startsWith(dir)) delete cache()[key];
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-code-cache-'));
  // A bundle requiring a sibling bundle (as cli.cjs requires zod.cjs) and a Node module.
  writeFileSync(
    join(dir, 'main.cjs'),
    "const shared = require('./shared.cjs'); const { basename } = require('node:path');\n" +
      'module.exports = { shared, file: basename(__filename), answer: shared.next() };\n',
  );
  writeFileSync(
    join(dir, 'shared.cjs'),
    'let n = 40; exports.next = () => ++n; exports.version = "one";\n',
  );
});
afterEach(() => {
  forget();
  rmSync(dir, { recursive: true, force: true });
});

type Main = { shared: unknown; file: string; answer: number };
const stats = () => ({ ...codeCacheStats });
const delta = (before: typeof codeCacheStats) => ({
  used: codeCacheStats.used - before.used,
  rejected: codeCacheStats.rejected - before.rejected,
  corrupt: codeCacheStats.corrupt - before.corrupt,
  absent: codeCacheStats.absent - before.absent,
});
const files = () => [join(dir, 'main.cjs'), join(dir, 'shared.cjs')];

describe('loading a bundle with its code cache', () => {
  it('compiles from the cache a run wrote, as an ordinary CommonJS module', () => {
    let before = stats();
    expect((loadBundle(join(dir, 'main.cjs')) as Main).answer).toBe(41);
    expect(delta(before)).toEqual({ used: 0, rejected: 0, corrupt: 0, absent: 2 });
    writeCodeCaches(files());
    forget();

    before = stats();
    const main = loadBundle(join(dir, 'main.cjs')) as Main;
    expect(main).toMatchObject({ file: 'main.cjs', answer: 41 });
    expect(delta(before)).toEqual({ used: 2, rejected: 0, corrupt: 0, absent: 0 });
    // Loaded once: a second load (or a require of it) is the same module, in require.cache.
    expect(loadBundle(join(dir, 'shared.cjs'))).toBe(main.shared);
    expect(createRequire(join(dir, 'x.cjs'))('./shared.cjs')).toBe(main.shared);
  });

  it('ignores a cache made from other source, even of the same length', () => {
    const file = join(dir, 'shared.cjs');
    loadBundle(file);
    writeCodeCaches([file]);
    forget();
    writeFileSync(file, readFileSync(file, 'utf8').replace('"one"', '"two"'));
    const before = stats();
    expect((loadBundle(file) as { version: string }).version).toBe('two');
    expect(delta(before)).toEqual({ used: 0, rejected: 0, corrupt: 0, absent: 1 });
  });

  /** Write both bundles' caches, then `damage` main.cjs's before a new process would load it. */
  function loadWithDamagedCache(damage: (cacheFile: string) => void) {
    loadBundle(join(dir, 'main.cjs'));
    writeCodeCaches(files());
    forget();
    damage(join(dir, 'main.cjs.v8cache'));
    const before = stats();
    const main = loadBundle(join(dir, 'main.cjs')) as Main;
    return { main, delta: delta(before) };
  }

  it('ignores a torn cache (cut short as a crash mid-write leaves it) and compiles as usual', () => {
    const { main, delta } = loadWithDamagedCache((cacheFile) =>
      truncateSync(cacheFile, Math.floor(readFileSync(cacheFile).length / 2)),
    );
    expect(main.answer).toBe(41);
    expect(delta).toEqual({ used: 1, rejected: 0, corrupt: 1, absent: 0 });
  });

  it('ignores a cache whose data was damaged, though made from this very source', () => {
    const { main, delta } = loadWithDamagedCache((cacheFile) => {
      const bytes = readFileSync(cacheFile);
      const middle = 8 + Math.floor((bytes.length - 8) / 2);
      bytes[middle] = bytes[middle]! ^ 0xff;
      writeFileSync(cacheFile, bytes);
    });
    expect(main.answer).toBe(41);
    expect(delta).toEqual({ used: 1, rejected: 0, corrupt: 1, absent: 0 });
  });

  it('ignores a cache that is a header, or less', () => {
    for (const length of [0, 3, 8]) {
      const { main, delta } = loadWithDamagedCache((cacheFile) => truncateSync(cacheFile, length));
      expect(main.answer, `${length} bytes`).toBe(41);
      expect(delta, `${length} bytes`).toEqual({ used: 1, rejected: 0, corrupt: 1, absent: 0 });
      forget();
    }
  });

  it('replaces a cache whole (a new file renamed over it), never writing into the old one', () => {
    const file = join(dir, 'shared.cjs');
    loadBundle(file);
    writeCodeCaches([file]);
    const cacheFile = `${file}.v8cache`;
    const old = readFileSync(cacheFile);
    // A reader that opened the old cache keeps reading it: here, a second name of that file.
    const reader = join(dir, 'reader-of-old-cache');
    linkSync(cacheFile, reader);
    forget();
    writeFileSync(file, readFileSync(file, 'utf8').replace('"one"', '"two"'));
    loadBundle(file);
    writeCodeCaches([file]);
    expect(readFileSync(reader)).toEqual(old);
    expect(readFileSync(cacheFile)).not.toEqual(old);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    forget();
    const before = stats();
    expect((loadBundle(file) as { version: string }).version).toBe('two');
    expect(delta(before)).toEqual({ used: 1, rejected: 0, corrupt: 0, absent: 0 });
  });

  it('a bundle that throws is not left half-loaded', () => {
    const file = join(dir, 'broken.cjs');
    writeFileSync(file, "throw new Error('bad bundle');\n");
    expect(() => loadBundle(file)).toThrow('bad bundle');
    expect(cache()[file]).toBeUndefined();
    writeFileSync(file, 'exports.ok = true;\n');
    expect(loadBundle(file)).toEqual({ ok: true });
  });
});
