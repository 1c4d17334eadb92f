/**
 * The CLI's bundles loaded with V8's code cache: `npm run build` runs `opsdeck hosts list` once
 * and keeps V8's compiled form of cli.cjs, cli-core.cjs and zod.cjs beside each
 * (`<bundle>.v8cache`) as that command left it — the top level and every function it ran — so a
 * command neither parses ~2.5 MB of JavaScript nor compiles its start-up functions every time
 * (Node 20 has no compile cache of its own; Node 22's `module.enableCompileCache` keeps one per
 * user in a temporary folder instead).
 *
 * A cache file is a CRC-32 of the source it was made from, a CRC-32 of V8's data, then that
 * data. It is used only when it was made from exactly this source and its data is whole (V8
 * checks its version and flags, not that the bytes are intact: a torn or damaged file must never
 * reach it); otherwise the bundle compiles as usual. It is written to a temporary file and
 * renamed over the old one, so a reader sees the old cache or the new one, never half of one. A bundle
 * loaded here is an ordinary CommonJS module (in `require.cache`, loaded once); the `.cjs`
 * bundles it requires by relative path load the same way, anything else through Node's require.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

// A CommonJS module's body as a function of its five names (as Node's loader wraps it).
const HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const TAIL = '\n})';

const cacheFileOf = (file: string) => `${file}.v8cache`;

/** The source's CRC-32, then the payload's, then the payload (V8's data). */
const HEADER_BYTES = 8;

/** A cache file's bytes: V8's `data` for the source whose CRC-32 is `crc`. */
function encodeCodeCache(crc: number, data: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(crc, 0);
  header.writeUInt32LE(crc32(data), 4);
  return Buffer.concat([header, data]);
}

type CacheLookup =
  | { kind: 'absent' }
  | { kind: 'stale' } // made from other source
  | { kind: 'corrupt' } // torn or damaged: its data is not what was written
  | { kind: 'found'; data: Buffer };

/** V8's data in the cache beside `file`, if it was made from the source whose CRC-32 is `crc`. */
function cachedDataFor(file: string, crc: number): CacheLookup {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cacheFileOf(file));
  } catch {
    return { kind: 'absent' }; // no cache (a release build, or a bundle not cached): compile
  }
  if (bytes.length <= HEADER_BYTES) return { kind: 'corrupt' };
  if (bytes.readUInt32LE(0) !== crc) return { kind: 'stale' };
  const data = bytes.subarray(HEADER_BYTES);
  return crc32(data) === bytes.readUInt32LE(4) ? { kind: 'found', data } : { kind: 'corrupt' };
}

/**
 * How the bundles loaded so far were compiled (tests): from their cache (`used`), or not — V8
 * refused the cache (`rejected`), it was torn or damaged (`corrupt`), or there was none for
 * this source (`absent`).
 */
export const codeCacheStats = { used: 0, rejected: 0, corrupt: 0, absent: 0 };

/** The bundles this process loaded, for writeCodeCaches. */
const loaded: { file: string; crc: number; script: Script }[] = [];

/** Require a CommonJS bundle, compiled from its code cache when there is a valid one. */
export function loadBundle(file: string): unknown {
  const nodeRequire = createRequire(file);
  const known = nodeRequire.cache[file];
  if (known) return known.exports;
  const module = new Module(file);
  module.filename = file;
  nodeRequire.cache[file] = module;
  try {
    const bytes = readFileSync(file); // the CRC of bytes is ~20× cheaper than of a string
    const crc = crc32(bytes);
    const cache = cachedDataFor(file, crc);
    const script = new Script(HEAD + bytes.toString('utf8') + TAIL, {
      filename: file,
      ...(cache.kind === 'found' ? { cachedData: cache.data } : {}),
    });
    if (cache.kind === 'corrupt') codeCacheStats.corrupt++;
    else if (cache.kind !== 'found') codeCacheStats.absent++;
    else if (script.cachedDataRejected) codeCacheStats.rejected++;
    else codeCacheStats.used++;
    loaded.push({ file, crc, script });
    const body: unknown = script.runInThisContext();
    if (typeof body !== 'function') throw new Error(`${file} did not compile to a module body`);
    body.call(
      module.exports,
      module.exports,
      bundleRequire(file, nodeRequire),
      module,
      file,
      dirname(file),
    );
  } catch (err) {
    delete nodeRequire.cache[file];
    throw err;
  }
  module.loaded = true;
  return module.exports;
}

/** The `require` a bundle gets: its sibling bundles through loadBundle, the rest through Node. */
function bundleRequire(file: string, nodeRequire: NodeJS.Require): NodeJS.Require {
  const here = dirname(file);
  const require = (id: string): unknown =>
    id.startsWith('./') && id.endsWith('.cjs') ? loadBundle(resolve(here, id)) : nodeRequire(id);
  return Object.assign(require, {
    resolve: nodeRequire.resolve,
    cache: nodeRequire.cache,
    extensions: nodeRequire.extensions,
    main: nodeRequire.main,
  });
}

/**
 * Keep V8's code cache of the bundles this process loaded (all, or those named), as compiled so
 * far: the build calls it as its `opsdeck hosts list` exits, so the cache holds what a command's
 * start-up runs. Each file is written whole beside the cache, then renamed over it.
 */
export function writeCodeCaches(only?: readonly string[]): void {
  for (const { file, crc, script } of loaded) {
    if (only && !only.includes(file)) continue;
    const target = cacheFileOf(file);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, encodeCodeCache(crc, script.createCachedData()));
      renameSync(temporary, target);
    } finally {
      rmSync(temporary, { force: true });
    }
  }
}
