import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { createClient, type EventMessage, type RunEvent } from '../../src-main/contract';
import {
  superviseCoreProcess,
  type CoreSupervisor,
} from '../../src-main/electron/core-process/core-supervisor';
import { labInventoryPath } from '../lab/lab';
import { buildCoreProcessEntry } from './core-process-build';
import type { ElectronStandIn } from './electron-stand-in';

/**
 * A window's core as the desktop app runs it — a separate process on its own data folder,
 * supervised (restarted when it dies) — with the lab imported, a connection to it, and the
 * workflow events it sent. `fake` is the file's mocked electron module (vi.mock is per file).
 */
export async function startWindowCore(fake: ElectronStandIn, prefix: string) {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const supervisor: CoreSupervisor = await superviseCoreProcess({
    entryPath: await buildCoreProcessEntry(),
    dataDir: home,
    safeStorage: fake.module.safeStorage,
    env: { ...process.env, OPSDECK_HOME: home },
    backoff: { firstMs: 200, maxMs: 1_000 },
  });
  const connection = supervisor.connect('electron');
  const events: RunEvent[] = [];
  connection.onEvent((m: EventMessage) => {
    if (m.topic === 'workflow.event') events.push(m.payload as RunEvent);
  });
  // Typed by the contract: params checked at compile time, results typed (a failure throws the
  // core's OpsdeckError, code, message and hint).
  const { call } = createClient(connection);
  const corePid = () => {
    const pid = fake.forks.at(-1)?.pid;
    if (pid === undefined)
      throw new Error(`no core process was forked for ${home} (or it has no pid yet)`);
    return pid;
  };
  await call('hosts.importLab', { path: labInventoryPath });
  return {
    home,
    supervisor,
    events,
    call,
    corePid,
    /** kill -9 of the core process; resolves when its successor is ready. Returns the killed pid. */
    async killCore(): Promise<number> {
      const killed = corePid();
      const forks = fake.forks.length;
      process.kill(killed, 'SIGKILL');
      await vi.waitFor(
        () => {
          if (fake.forks.length <= forks) throw new Error('no successor yet');
          if (supervisor.state.state !== 'ready') throw new Error(supervisor.state.state);
        },
        { timeout: 60_000, interval: 200 },
      );
      return killed;
    },
    async close(): Promise<void> {
      await supervisor.shutdown();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export type WindowCore = Awaited<ReturnType<typeof startWindowCore>>;
