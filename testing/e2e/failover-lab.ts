import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { labScript } from '../lab/lab';
import { sql } from '../lab/mysql-lab';
import { bundleLabScript, labEnv } from './mysql-lab';

/** Rows only db1 commits before it is killed (`diverge`): what the unplanned failover loses. */
export const DIVERGED_ROWS = 3;
const REPLICAS = ['db2', 'db3'];
const root = resolve(import.meta.dirname, '..', '..');

/** Budgets of the lab work; each fails with its own message when exceeded (never a silent hang). */
const SETUP_MS = 150_000;
/** A `lab` command waits for the machine-wide lab lock (other labs' commands) before it acts. */
const LAB_COMMAND_MS = 120_000;

/**
 * Runs a program without blocking this worker (execFileSync would keep Playwright's own timeouts
 * from firing), with a budget; says how long it took when that was long (the lab lock, a slow box).
 */
function run(what: string, file: string, args: string[], timeout: number): Promise<void> {
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = execFile(file, args, { cwd: root, env: labEnv(), timeout }, (err) => {
      const secs = (Date.now() - started) / 1000;
      if (secs > 10) console.log(`${what} took ${secs.toFixed(1)} s`);
      if (!err) return done();
      fail(
        new Error(
          child.killed
            ? `${what} did not finish in ${timeout / 1000} s (stopped)`
            : `${what} failed: ${err.message}`,
        ),
      );
    });
    child.stdout?.pipe(process.stdout);
    child.stderr?.pipe(process.stderr);
  });
}

/** The lab-side script, bundled once per worker (each bundle took seconds under load). */
let bundled: Promise<string> | undefined;

/**
 * The failover journeys' lab: `setup` builds db1 → db2, db3 (MariaDB GTID) with HAProxy as the
 * lab made it; `teardown` puts the servers and HAProxy back (testing/e2e/failover-lab-reset.ts).
 */
export async function failoverLab(mode: 'setup' | 'teardown'): Promise<void> {
  bundled ??= bundleLabScript('failover-lab-reset');
  const script = await bundled;
  await run(`failover lab ${mode}`, process.execPath, [script, mode], SETUP_MS);
}

/** A `lab` command (scripts/lab/lab), e.g. `kill db1 mysql`, within its budget. */
export function labCommand(...args: string[]): Promise<void> {
  return run(`lab ${args.join(' ')}`, labScript, args, LAB_COMMAND_MS);
}

/** The replicas stop fetching and db1 commits rows only it will have (what a failover loses). */
export async function divergeLabMaster(): Promise<void> {
  for (const r of REPLICAS) await sql(r, 'STOP SLAVE IO_THREAD');
  for (let i = 0; i < DIVERGED_ROWS; i++)
    await sql('db1', `INSERT INTO opsdeck_failover.t VALUES (${100 + i})`);
}

/** db1's mysqld killed (-9), its host still up; the replicas fetch again and see it gone. */
export async function killLabMaster(): Promise<void> {
  await labCommand('kill', 'db1', 'mysql');
  for (const r of REPLICAS) await sql(r, 'START SLAVE IO_THREAD');
}

/** db1's mysqld started again (as after a reboot, the old data), answering SQL. */
export async function startLabMaster(): Promise<void> {
  await labCommand('start', 'db1', 'mysql');
  await sql('db1', 'SELECT 1');
}
