/**
 * The CLI's bundles loaded with V8's code cache: `npm run build` runs `opsdeck hosts list` once
 * and keeps V8's compiled form of cli.cjs, cli-core.cjs and zod.cjs beside each
 * (`<bundle>.v8cache`) as that command left it — the top level and every function it ran — so a
 * command neither parses ~2.5 MB of JavaScript nor compiles its start-up functions every time
 * (Node 20 has no compile cache of its own; Node 22's `module.enableCompileCache` keeps one per
 * user in a temporary folder instead).
 *
 * A cache is used only when it was made from exactly this source (a CRC-32 of it heads the file;
 * V8 itself checks its version and flags): otherwise the bundle compiles as usual. A bundle
 * loaded here is an ordinary CommonJS module (in `require.cache`, loaded once); the `.cjs`
 * bundles it requires by relative path load the same way, anything else through Node's require.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

// A CommonJS module's body as a function of its five names (as Node's loader wraps it).
const HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const TAIL = '\n})';

const cacheFileOf = (file: string) => `${file}.v8cache`;

/** V8's data if the cache beside `file` was made from the source whose CRC-32 is `crc`. */
function cachedDataFor(file: string, crc: number): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFileOf(file));
  } catch {
    return undefined; // no cache (a release build, or a bundle not cached): compile
  }
  return data.length > 4 && data.readUInt32LE(0) === crc ? data.subarray(4) : undefined;
}

/** How the bundles loaded so far were compiled: from their cache or not (tests). */
export const codeCacheStats = { used: 0, rejected: 0, absent: 0 };

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
    const cachedData = cachedDataFor(file, crc);
    const script = new Script(HEAD + bytes.toString('utf8') + TAIL, {
      filename: file,
      ...(cachedData ? { cachedData } : {}),
    });
    if (!cachedData) codeCacheStats.absent++;
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
 * start-up runs.
 */
export function writeCodeCaches(only?: readonly string[]): void {
  for (const { file, crc, script } of loaded) {
    if (only && !only.includes(file)) continue;
    const head = Buffer.alloc(4);
    head.writeUInt32LE(crc);
    writeFileSync(cacheFileOf(file), Buffer.concat([head, script.createCachedData()]));
  }
}
