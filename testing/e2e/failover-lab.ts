import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { bundleLabScript, labEnv } from './mysql-lab';

/** Rows only db1 commits before it is killed (`diverge`): what the unplanned failover loses. */
export const DIVERGED_ROWS = 3;

/**
 * The failover journey's lab: `setup` builds db1 → db2, db3 (MariaDB GTID) with HAProxy as the
 * lab made it; `teardown` puts the servers and HAProxy back; `diverge`, `kill`, `start` make db1 an
 * unplanned failover's dead master and bring it back (testing/e2e/failover-lab-reset.ts).
 */
export async function failoverLab(
  mode: 'setup' | 'teardown' | 'diverge' | 'kill' | 'start',
): Promise<void> {
  execFileSync(process.execPath, [await bundleLabScript('failover-lab-reset'), mode], {
    cwd: resolve(import.meta.dirname, '..', '..'),
    stdio: 'inherit',
    timeout: 180_000,
    env: labEnv(),
  });
}
