import { expect } from 'vitest';
import type { Services } from '../../src-main/server/compose';
import { createTestServices } from '../core/core-fixture';
import { lab, labInventory, labInventoryPath, stockAddress } from './lab';

/**
 * Test-side helpers for the lab's stock hosts (fresh Debian MariaDB installs): put them back as
 * installed, add them under a sudo login, run SQL as root over their socket through Opsdeck.
 */

/**
 * stockN's MariaDB as freshly installed again (config, data, logs); names, each optionally
 * followed by `--collation <name>` (installed with that default collation) and/or
 * `--bind-loopback` (bind-address = 127.0.0.1, as the package ships it).
 */
export function resetStock(...args: string[]): void {
  for (let i = 0; i < args.length; i++) {
    const name = args[i] as string;
    const flags: string[] = [];
    while (args[i + 1]?.startsWith('--')) {
      const flag = args[++i] as string;
      flags.push(flag);
      if (flag === '--collation') flags.push(args[++i] as string);
    }
    lab('reset', name, ...flags);
  }
}

/** An inventory host for stock host `index` under another SSH login (the lab key). */
export function addStockLogin(t: Services, name: string, index: number, user: string) {
  return t.core.hosts.add({
    name,
    address: stockAddress(index),
    user,
    auth: 'key',
    keyPath: labInventory().sshKey,
  });
}

/** Statements in order, as Opsdeck logs in to the host (root over its socket); the last one's rows. */
export async function rootSql(t: Services, host: string, ...statements: string[]) {
  const read = t.core.mysql.reader(t.core.hosts.get(host));
  let rows: Record<string, unknown>[] = [];
  for (const statement of statements) rows = await read(statement);
  return rows;
}

/**
 * `fn` while app.zz_broken, a view over a dropped table, exists on the host: mariadb-dump writes
 * the tables, then stops at it with error 1356 (exit 2) — a dump cut at a statement boundary.
 */
export async function withBrokenView(t: Services, host: string, fn: () => Promise<void>) {
  await rootSql(
    t,
    host,
    'CREATE TABLE app.gone (id INT)',
    'CREATE VIEW app.zz_broken AS SELECT id FROM app.gone',
    'DROP TABLE app.gone',
  );
  try {
    await fn();
  } finally {
    await rootSql(t, host, 'DROP VIEW IF EXISTS app.zz_broken');
  }
}

/** A test core with the lab imported (db hosts and the stock hosts as root, no MySQL login). */
export async function labCore() {
  const t = await createTestServices();
  const imported = await t.router.call(
    'hosts.importLab',
    { path: labInventoryPath },
    { door: 'cli' },
  );
  expect(imported.ok).toBe(true);
  return t;
}

/** After a test core's runs on the stock hosts: runs stopped, the core closed, both hosts as installed. */
export async function releaseLabCore(t: Awaited<ReturnType<typeof labCore>>) {
  await t.core.workflows.stopAll();
  await t.dispose();
  resetStock('stock1', 'stock2');
}

/** A master with data to replicate: app.notes holding one row written before the setup. */
export function seedNotes(t: Services, host: string) {
  return rootSql(
    t,
    host,
    'CREATE DATABASE app',
    'CREATE TABLE app.notes (id INT AUTO_INCREMENT PRIMARY KEY, body VARCHAR(64)) ENGINE=InnoDB',
    "INSERT INTO app.notes (body) VALUES ('before the setup')",
  );
}
