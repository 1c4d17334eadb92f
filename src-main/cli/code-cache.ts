/**
 * The CLI's bundles loaded with V8's code cache: `npm run build` compiles cli.cjs, cli-core.cjs
 * and zod.cjs once and keeps V8's compiled form beside each (`<bundle>.v8cache`), so a command
 * does not parse ~2.5 MB of JavaScript every time it starts (Node 20 has no compile cache of its
 * own; Node 22's `module.enableCompileCache` keeps one per user in a temporary folder instead).
 *
 * A cache is used only when it was made from exactly this source (a CRC-32 of it heads the file;
 * V8 itself checks its version and flags): otherwise the bundle compiles as usual. A bundle
 * loaded here is an ordinary CommonJS module (in `require.cache`, loaded once); the `.cjs`
 * bundles it requires by relative path load the same way, anything else through Node's require.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { compileFunction } from 'node:vm';
import { crc32 } from 'node:zlib';

/** A CommonJS module's body is compiled as a function of these (as Node's loader does). */
const PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];

const cacheFileOf = (file: string) => `${file}.v8cache`;

/** V8's data for the file's `bytes` if the cache beside `file` was made from it. */
function cachedDataFor(file: string, bytes: Buffer): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFileOf(file));
  } catch {
    return undefined; // no cache (a release build, or a bundle not cached): compile
  }
  return data.length > 4 && data.readUInt32LE(0) === crc32(bytes) ? data.subarray(4) : undefined;
}

/** How the bundles loaded so far were compiled: from their cache or not (tests). */
export const codeCacheStats = { used: 0, rejected: 0, absent: 0 };

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
    const cachedData = cachedDataFor(file, bytes);
    const body = compileFunction(bytes.toString('utf8'), PARAMS, {
      filename: file,
      ...(cachedData ? { cachedData } : {}),
    });
    if (!cachedData) codeCacheStats.absent++;
    else if (body.cachedDataRejected) codeCacheStats.rejected++;
    else codeCacheStats.used++;
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

/** Compile `file` and keep V8's code cache beside it (the build, for each CLI bundle). */
export function writeCodeCache(file: string): void {
  const bytes = readFileSync(file);
  const { cachedData } = compileFunction(bytes.toString('utf8'), PARAMS, {
    filename: file,
    produceCachedData: true,
  });
  if (!cachedData) throw new Error(`V8 made no code cache for ${file}`);
  const head = Buffer.alloc(4);
  head.writeUInt32LE(crc32(bytes));
  writeFileSync(cacheFileOf(file), Buffer.concat([head, cachedData]));
}
