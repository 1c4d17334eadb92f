/**
 * The workflows load the AWS SDK only when a step first calls EC2 (workflow-ec2.ts): the
 * modules of the workflows area import no SDK module statically, so a run that never touches
 * EC2 does not block the core's event loop (and the terminals streaming beside it) loading it.
 * Read from the import graph esbuild builds, as the app's bundles are built.
 */
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The packages reached from `entry` through static imports only (not `import()`). */
async function staticPackages(entry: string): Promise<Set<string>> {
  const { metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const inputs: Metafile['inputs'] = metafile.inputs;
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const i of inputs[path]?.imports ?? []) {
      if (i.kind === 'dynamic-import') continue;
      if (i.external) packages.add(i.path);
      else visit(i.path);
    }
  };
  visit(Object.keys(inputs).find((p) => entry.endsWith(p))!);
  return packages;
}

const sdk = (packages: Set<string>) => [...packages].filter((p) => p.startsWith('@aws-sdk/'));

describe('the AWS SDK in the workflows area', () => {
  it('is not imported statically by the workflows or their runner', async () => {
    for (const entry of [
      'src-main/core/workflows/registry.ts',
      'src-main/core/workflows/engine/runner.ts',
    ])
      expect(sdk(await staticPackages(entry)), entry).toEqual([]);
  }, 30_000);

  it('comes with the EC2 calls the steps load on first use', async () => {
    expect(sdk(await staticPackages('src-main/core/aws/workflow-ec2.ts'))).toContain(
      '@aws-sdk/client-ec2',
    );
  }, 30_000);
});
