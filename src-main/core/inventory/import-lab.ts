import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { OpsdeckError } from '../../contract/errors';
import type { HostInput } from '../../contract/hosts';
import { LabInventory } from './lab-inventory';
import type { ImportCandidate } from './host-service';

export interface LabHostKey {
  host: string;
  port: number;
  keyType: string;
  publicKey: string;
  fingerprint: string;
}

/** 127.0.0.0/8, ::1 (and ::ffff:127.x), or `localhost`: where the lab's hosts live. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  if (a === 'localhost') return true;
  if (isIP(a) === 4) return a.startsWith('127.');
  if (isIP(a) === 6) return a === '::1' || /^::ffff:127\./.test(a);
  return false;
}

/**
 * Read a lab inventory file: host candidates plus the host keys the lab generated. Keys are
 * trusted from a file only for loopback addresses (the lab's): a file that names any other
 * address must not pin or replace that machine's key (issue 12 #4) — those come back in
 * `refusedKeys`, and the host's key is confirmed on first connection instead.
 */
export function readLabInventory(path: string): {
  candidates: ImportCandidate[];
  hostKeys: LabHostKey[];
  refusedKeys: { name: string; address: string }[];
} {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new OpsdeckError(
      'IMPORT_FAILED',
      missing
        ? `No lab inventory at ${path}.`
        : `Cannot read the lab inventory ${path}: ${(err as Error).message}`,
      missing
        ? 'Bring the lab up first: scripts/lab/lab up --hosts 3'
        : 'Re-create it with scripts/lab/lab up.',
    );
  }
  const parsed = LabInventory.safeParse(raw);
  if (!parsed.success) {
    throw new OpsdeckError(
      'IMPORT_FAILED',
      `${path} is not a lab inventory: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
      'Re-create it with scripts/lab/lab up.',
    );
  }
  const inv = parsed.data;
  const candidates = inv.hosts.map<ImportCandidate>((h) => ({
    source: 'lab',
    input: {
      name: h.name,
      address: h.address,
      port: h.port,
      user: h.user,
      auth: 'key',
      keyPath: inv.sshKey,
      groups: h.groups,
      tags: h.tags,
      profile: h.profile as HostInput['profile'],
      notes: `Lab host (${inv.lab})`,
      // The admin password goes to the vault (HostService.add/update); the store keeps the ref.
      ...(h.mysql
        ? {
            mysql: {
              port: h.mysql.port,
              user: h.mysql.adminUser,
              password: h.mysql.adminPassword,
              via: 'ssh-tunnel' as const,
              address: h.address,
            },
          }
        : {}),
    },
  }));
  const refusedKeys = inv.hosts
    .filter((h) => h.hostKeys.length && !isLoopbackAddress(h.address))
    .map((h) => ({ name: h.name, address: h.address }));
  const hostKeys = inv.hosts
    .filter((h) => isLoopbackAddress(h.address))
    .flatMap((h) =>
      h.hostKeys.map((k) => ({
        host: h.address,
        port: h.port,
        keyType: k.type,
        publicKey: k.publicKey,
        fingerprint: k.fingerprint,
      })),
    );
  return { candidates, hostKeys, refusedKeys };
}
