// Bundles the core for the benchmarks into dist/bench (inside the repo so that the external
// packages resolve from node_modules), like scripts/build-main.mjs does for the CLI.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Returns the path of the bundled module. */
export async function buildBenchCore() {
  const outfile = `${root}dist/bench/core.cjs`;
  await build({
    entryPoints: [`${root}scripts/bench/core-entry.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs', // ssh2 and friends are CommonJS: named imports need cjs interop
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    // testing/lab (lab helpers of the failover bench) finds the repository from here.
    define: { 'import.meta.dirname': JSON.stringify(`${root}testing/lab`) },
  });
  // The web door's binary frame decoder, for the terminal bench's client (as the renderer uses it).
  await build({
    entryPoints: [`${root}src-main/contract/web-frames.ts`],
    outfile: `${root}dist/bench/web-frames.mjs`,
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    logLevel: 'warning',
  });
  return outfile;
}
