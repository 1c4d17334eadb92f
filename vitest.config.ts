import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src-main/**/*.test.ts',
            'src-renderer/**/*.test.ts',
            'src-renderer/**/*.test.tsx',
            'scripts/**/*.test.ts',
            'eslint/**/*.test.js',
          ],
          environment: 'node',
          // The theme's tokens are read as text by their contrast test (theme.css?raw).
          css: { include: [/theme\.css/] },
          // A safety net, not a speed check (speed lives in `npm run bench`): on a 2-core CI box
          // under load a test that spawns ESLint or loads the CLI's areas can take >5 s.
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src-main/**/*.itest.ts', 'scripts/**/*.itest.ts'],
          environment: 'node',
          globalSetup: ['testing/lab/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // One lab, shared: files run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
