import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices, type Services } from '../../src-main/server/compose';

/** A real core + router over a fresh data folder, as a door would build it. */
export async function createTestServices(
  door: 'cli' | 'web' = 'cli',
): Promise<Services & { home: string; dispose(): Promise<void> }> {
  const home = mkdtempSync(join(tmpdir(), 'opsdeck-itest-'));
  const services = await composeServices({
    door,
    dataDir: home,
    vaultPassphrase: 'integration-test-passphrase',
    knownHostsFiles: [],
    promptTimeoutMs: 5_000,
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
