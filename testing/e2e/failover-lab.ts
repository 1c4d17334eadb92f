import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { bundleLabScript, labEnv } from './mysql-lab';

/**
 * The failover journey's lab: `setup` builds db1 → db2, db3 (MariaDB GTID) with HAProxy as the
 * lab made it; `teardown` puts the servers and HAProxy back (testing/e2e/failover-lab-reset.ts).
 */
export async function failoverLab(mode: 'setup' | 'teardown'): Promise<void> {
  execFileSync(process.execPath, [await bundleLabScript('failover-lab-reset'), mode], {
    cwd: resolve(import.meta.dirname, '..', '..'),
    stdio: 'inherit',
    timeout: 180_000,
    env: labEnv(),
  });
}
