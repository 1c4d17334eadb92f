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
