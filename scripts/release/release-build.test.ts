import { describe, expect, it } from 'vitest';
import { mainBuildOptions, isReleaseBuild } from '../build-options.mjs';
import viteConfig from '../../vite.config';

/** Production builds ship no source maps (issue 12 #4); development builds keep them. */
describe('release builds', () => {
  const vite = (env: Record<string, string>) => {
    const saved = process.env.OPSDECK_RELEASE;
    if (env.OPSDECK_RELEASE === undefined) delete process.env.OPSDECK_RELEASE;
    else process.env.OPSDECK_RELEASE = env.OPSDECK_RELEASE;
    try {
      const config =
        typeof viteConfig === 'function'
          ? viteConfig({ command: 'build', mode: 'production' })
          : viteConfig;
      return config as { build?: { sourcemap?: unknown } };
    } finally {
      if (saved === undefined) delete process.env.OPSDECK_RELEASE;
      else process.env.OPSDECK_RELEASE = saved;
    }
  };

  it('OPSDECK_RELEASE=1 (npm run dist) turns source maps off for the renderer and the main bundles', () => {
    expect(isReleaseBuild({ OPSDECK_RELEASE: '1' })).toBe(true);
    expect(vite({ OPSDECK_RELEASE: '1' }).build?.sourcemap).toBe(false);
    expect(mainBuildOptions({ OPSDECK_RELEASE: '1' }).sourcemap).toBe(false);
  });

  it('development builds (npm run build, tests) keep source maps', () => {
    expect(isReleaseBuild({})).toBe(false);
    expect(vite({}).build?.sourcemap).toBe(true);
    expect(mainBuildOptions({}).sourcemap).toBe(true);
  });
});
