import { test as base } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';

/**
 * The renderer alone, in Vite's dev server, talking to its in-memory fake transport (`?fake`):
 * UI behaviour (keyboard, selection, dialogs, prompts) without a backend or a lab.
 */
export const test = base.extend<object, { ui: { url(query?: string): string } }>({
  ui: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const server: ViteDevServer = await createServer({
        configFile: 'vite.config.ts',
        logLevel: 'error',
        server: { port: 0, host: '127.0.0.1', hmr: false, watch: null },
      });
      await server.listen();
      const address = server.httpServer?.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      await use({ url: (query = '') => `http://127.0.0.1:${port}/?fake${query}` });
      await server.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
