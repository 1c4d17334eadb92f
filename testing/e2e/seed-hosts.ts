import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebMode } from './web-mode';

export interface SeedHost {
  name: string;
  address: string;
  port?: number;
  user?: string;
  identityFile?: string;
}

/**
 * Put hosts in the inventory of a running `opsdeck serve` the way a user would: an OpenSSH
 * client config imported by the CLI, which attaches to the serve's core (its local socket).
 * The window then learns of them from `hosts.changed`.
 */
export function seedHosts(web: WebMode, hosts: readonly SeedHost[]): void {
  const file = join(web.home, 'seed_ssh_config');
  const lines = hosts.flatMap((h) => [
    `Host ${h.name}`,
    `  HostName ${h.address}`,
    `  Port ${h.port ?? 22}`,
    `  User ${h.user ?? 'root'}`,
    ...(h.identityFile ? [`  IdentityFile ${h.identityFile}`] : []),
    '',
  ]);
  writeFileSync(file, lines.join('\n'), { mode: 0o600 });
  execFileSync(process.execPath, ['bin/opsdeck.mjs', 'hosts', 'import', 'ssh-config', file], {
    env: { ...process.env, OPSDECK_HOME: web.home },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
}

/** A small fleet in the naming style of a real one (nothing listens at these addresses). */
export function sampleFleet(): SeedHost[] {
  const names = [
    'batch-euw1-01',
    'batch-euw1-02',
    'batch-euw1-03',
    'db-euw1-01',
    'db-euw1-02',
    'web-euw1-01',
    'web-use1-01',
  ];
  return names.map((name, i) => ({ name, address: `10.20.0.${i + 10}`, user: 'ops' }));
}
