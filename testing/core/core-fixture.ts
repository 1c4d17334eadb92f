import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src-main/core/clock';
import { composeServices, type Services } from '../../src-main/server/compose';

/** A real core + router over a fresh data folder, as a door would build it. */
export async function createTestServices(
  door: 'cli' | 'web' = 'cli',
  /** The core's clock (a test that moves time between runs, as retention over days needs). */
  clock?: Clock,
): Promise<Services & { home: string; dispose(): Promise<void> }> {
  const home = mkdtempSync(join(tmpdir(), 'opsdeck-itest-'));
  const services = await composeServices({
    door,
    dataDir: home,
    vaultPassphrase: 'integration-test-passphrase',
    knownHostsFiles: [],
    promptTimeoutMs: 5_000,
    ...(clock ? { clock } : {}),
  });
  return {
    ...services,
    home,
    async dispose() {
      await services.shutdown();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
