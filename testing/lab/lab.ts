import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Test-side handle on scripts/lab: the real servers the integration and e2e tests use. */
export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const labScript = resolve(repoRoot, 'scripts', 'lab', 'lab');
export const labDir = process.env.OPSDECK_LAB_DIR ?? resolve(repoRoot, '.lab');
export const labInventoryPath = resolve(labDir, 'inventory.json');

export interface LabInventoryFile {
  sshKey: string;
  /** The CA that signed every lab MariaDB's TLS certificate (scripts/lab/tls.mjs). */
  tlsCa?: string;
  hosts: {
    name: string;
    address: string;
    port: number;
    /** root's password inside the host (scripts/lab/password.mjs). */
    sshPassword?: string;
    hostKeys: { type: string; publicKey: string; fingerprint: string }[];
    mysql?: { port: number; adminUser: string; adminPassword: string };
    /** 'stock': a fresh Debian install of MariaDB (scripts/lab/stock.mjs). */
    shape?: 'stock';
    /** Non-root logins with the lab key (scripts/lab/sudo-logins.mjs). */
    logins?: { user: string; sudo: 'passwordless' | 'password' }[];
  }[];
}

export function lab(...args: string[]): string {
  return execFileSync(labScript, args, {
    encoding: 'utf8',
    env: { ...process.env, OPSDECK_LAB_DIR: labDir },
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 300_000,
  });
}

export function labInventory(): LabInventoryFile {
  return JSON.parse(readFileSync(labInventoryPath, 'utf8')) as LabInventoryFile;
}

export function labIsUp(): boolean {
  return existsSync(labInventoryPath);
}

/** The lab's /24 on loopback (`OPSDECK_LAB_NET`, as scripts/lab/paths.mjs reads it). */
export const labNet = process.env.OPSDECK_LAB_NET || '127.0.10';

/** Address of lab host `db<index>` (or `.254`, HAProxy): `<labNet>.<index>`. */
export function labAddress(index: number): string {
  return `${labNet}.${index}`;
}

/** Address of stock host `stock<index>` (scripts/lab/paths.mjs: `<labNet>.<100 + index>`). */
export function stockAddress(index: number): string {
  return `${labNet}.${100 + index}`;
}

/** What a stock host is, inside (scripts/lab/stock.mjs): for assertions on detection. */
export const STOCK_HOST = {
  serverConfig: '/etc/mysql/mariadb.conf.d/50-server.cnf',
  socket: '/run/mysqld/mysqld.sock',
  dataDir: '/var/lib/mysql',
  serviceName: 'mariadb',
  restart: 'service mariadb restart',
} as const;

/** The lab's login with passwordless sudo, and the one whose sudo wants a password. */
export const SUDO_LOGIN = 'admin';
export const SUDO_PASSWORD_LOGIN = 'deploy';

/**
 * End every established SSH session of a lab host (its per-connection sshd processes, found by the
 * host's mount namespace) — what a crashed host or a cut network does to live connections, which a
 * stopped sshd listener alone leaves open (Opsdeck pools connections, e.g. for live charts).
 */
export function dropLabSshSessions(host: string): number {
  const holder = readFileSync(resolve(labDir, 'hosts', host, 'holder.pid'), 'utf8').trim();
  const out = execFileSync(
    'sh',
    [
      '-c',
      `ns=$(readlink /proc/${holder}/ns/mnt); n=0
       for p in $(pgrep '^sshd$'); do
         case "$(tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null)" in *'[listener]'*|*' -D '*) continue;; esac
         [ "$(readlink /proc/$p/ns/mnt 2>/dev/null)" = "$ns" ] && kill -KILL $p 2>/dev/null && n=$((n+1))
       done; echo $n`,
    ],
    { encoding: 'utf8' },
  );
  return Number(out.trim());
}
