import { test as base } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServe, type WebMode } from './web-mode';
import { runWithAxe, type AxeChecker } from './axe';

/**
 * Web mode for journeys on the lab's stock hosts (fresh Debian MariaDB installs): both put back as
 * installed first and after, and a user's ~/.ssh/config + known_hosts naming them peer1 and peer2
 * with the lab's passwordless-sudo login — the way the issue's user had their servers.
 */
const root = resolve(import.meta.dirname, '..', '..');
const labDir = process.env.OPSDECK_LAB_DIR ?? resolve(root, '.lab');

interface Inventory {
  sshKey: string;
  hosts: {
    name: string;
    address: string;
    shape?: string;
    hostKeys: { type: string; publicKey: string }[];
  }[];
}

const labCommand = (...args: string[]) =>
  execFileSync(resolve(root, 'scripts', 'lab', 'lab'), args, {
    env: { ...process.env, OPSDECK_LAB_DIR: labDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });

/** One stock host as freshly installed, with `lab reset` flags (e.g. --bind-loopback). */
export const resetStockHost = (name: string, ...flags: string[]) =>
  labCommand('reset', name, ...flags);

/** The two stock hosts (brought up when the lab has none), as freshly installed. */
export const resetStock = () => {
  const inventory = join(labDir, 'inventory.json');
  const hasStock = (() => {
    try {
      return (JSON.parse(readFileSync(inventory, 'utf8')) as Inventory).hosts.some(
        (h) => h.shape === 'stock',
      );
    } catch {
      return false;
    }
  })();
  if (!hasStock) labCommand('up', '--hosts', '1', '--stock', '2');
  for (const host of ['stock1', 'stock2']) labCommand('reset', host);
};

function writeUserSsh(home: string) {
  const inv = JSON.parse(readFileSync(join(labDir, 'inventory.json'), 'utf8')) as Inventory;
  const ssh = join(home, '.ssh');
  mkdirSync(ssh, { recursive: true });
  const stock = (name: string) => {
    const host = inv.hosts.find((h) => h.name === name);
    if (!host) throw new Error(`the lab has no ${name}`);
    return host;
  };
  writeFileSync(
    join(ssh, 'config'),
    [1, 2]
      .map(
        (i) =>
          `Host peer${i}\n  HostName ${stock(`stock${i}`).address}\n  User admin\n  IdentityFile ${inv.sshKey}\n`,
      )
      .join('\n'),
  );
  const known = inv.hosts
    .filter((h) => h.shape === 'stock')
    .flatMap((h) => h.hostKeys.map((k) => `${h.address} ${k.type} ${k.publicKey}`));
  writeFileSync(join(ssh, 'known_hosts'), `${known.join('\n')}\n`);
}

export const test = base.extend<{ web: WebMode; axe: AxeChecker }>({
  // Every journey is checked by axe (issue 17): see testing/e2e/axe.ts.
  axe: [async ({ page }, use, info) => runWithAxe(page, info, use), { auto: true }],
  web: async ({ baseURL: _unused }, use) => {
    resetStock();
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-e2e-stock-'));
    const home = join(dir, 'data');
    const user = join(dir, 'user');
    writeUserSsh(user);
    const { child, url } = await startServe(home, { HOME: user });
    const parsed = new URL(url);
    await use({ url, origin: parsed.origin, token: parsed.searchParams.get('token') ?? '', home });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    resetStock();
  },
});

export { expect } from '@playwright/test';
