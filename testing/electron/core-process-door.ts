/**
 * The Electron door on the stand-in with its core in a real separate process (the core entry
 * bundled as the app ships it, forked by the utilityProcess stand-in), on a fresh data folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { startElectronDoor } from '../../src-main/electron/door';
import { superviseCoreProcess } from '../../src-main/electron/core-process/core-supervisor';
import { buildCoreProcessEntry } from './core-process-build';
import { indexHtmlPath, preloadPath } from './door-harness';
import type { ElectronStandIn } from './electron-stand-in';

export async function startDoorWithCoreProcess(
  fake: ElectronStandIn,
  opts: { prefix: string; backoff?: { firstMs: number; maxMs: number } },
) {
  const entryPath = await buildCoreProcessEntry();
  const home = mkdtempSync(join(tmpdir(), opts.prefix));
  fake.reset();
  await startElectronDoor({
    compose: (o) =>
      superviseCoreProcess({
        ...o,
        entryPath,
        env: { ...process.env, OPSDECK_HOME: home },
        ...(opts.backoff ? { backoff: opts.backoff } : {}),
      }),
    preloadPath,
    indexHtmlPath,
    env: { OPSDECK_HOME: home },
  });
  return {
    home,
    /** Quit the app as the user does (the core shuts down) and remove the data folder. */
    async quit() {
      fake.state.app.emit('before-quit', { preventDefault: vi.fn() });
      await vi.waitFor(() => expect(fake.state.app.quit).toHaveBeenCalled(), { timeout: 15_000 });
      rmSync(home, { recursive: true, force: true });
    },
  };
}
