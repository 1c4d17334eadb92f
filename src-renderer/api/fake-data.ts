/**
 * DEV ONLY — sample data for the fake transport (see fake-transport.ts). Never imported by a
 * production build.
 */
import type { AuditRecord, Host, HostFacts } from '../../src-main/contract';

let seed = 42;
function rand(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const ROLES = [
  { prefix: 'web', groups: ['web'], tags: ['nginx'], mysql: false },
  { prefix: 'db', groups: ['db'], tags: ['mysql'], mysql: true },
  { prefix: 'cache', groups: ['cache'], tags: ['redis'], mysql: false },
  { prefix: 'batch', groups: ['batch'], tags: ['cron'], mysql: false },
  { prefix: 'lb', groups: ['edge'], tags: ['haproxy'], mysql: false },
] as const;
const ENVS = [
  { env: 'prod', region: 'eu-west-1', net: 10 },
  { env: 'prod', region: 'us-east-1', net: 11 },
  { env: 'staging', region: 'eu-west-1', net: 20 },
] as const;
const OSES = [
  'Debian GNU/Linux 12 (bookworm)',
  'Ubuntu 22.04.4 LTS',
  'Rocky Linux 9.3',
  'Debian GNU/Linux 11 (bullseye)',
];

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

export function sampleFacts(name: string, mysql: boolean): HostFacts {
  const os = pick(OSES);
  return {
    collectedAt: iso(Math.floor(rand() * 9 * 86400_000)),
    hostname: name,
    os,
    kernel: os.startsWith('Rocky')
      ? '5.14.0-362.el9.x86_64'
      : `6.1.0-${17 + Math.floor(rand() * 8)}-amd64`,
    uptimeSeconds: Math.floor(rand() * 90 * 86400),
    cpus: pick([2, 4, 8, 16, 32]),
    memoryMiB: pick([2048, 4096, 8192, 16384, 65536]),
    disks: [
      { mount: '/', device: '/dev/nvme0n1p1', sizeMiB: 40960, usedPct: Math.floor(rand() * 95) },
      ...(mysql
        ? [
            {
              mount: '/var/lib/mysql',
              device: '/dev/nvme1n1',
              sizeMiB: 512000,
              usedPct: 40 + Math.floor(rand() * 58),
            },
          ]
        : []),
    ],
    mysql: mysql
      ? {
          installed: true,
          running: rand() > 0.15,
          version: pick(['10.11.6-MariaDB', '8.0.36', '5.7.44']),
          flavor: pick(['mariadb', 'mysql'] as const),
        }
      : { installed: false, running: false },
  };
}

export function sampleHosts(count: number): Host[] {
  seed = 42;
  const hosts: Host[] = [];
  const perRole = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const role = ROLES[i % ROLES.length]!;
    const env = ENVS[Math.floor(i / ROLES.length) % ENVS.length]!;
    const n = (perRole.get(role.prefix + env.env + env.region) ?? 0) + 1;
    perRole.set(role.prefix + env.env + env.region, n);
    const region = env.region === 'eu-west-1' ? 'euw1' : 'use1';
    const name = `${env.env === 'staging' ? 'stg-' : ''}${role.prefix}-${region}-${String(n).padStart(2, '0')}`;
    const auth = pick(['agent', 'agent', 'key', 'password'] as const);
    const withFacts = rand() > 0.3;
    hosts.push({
      id: `h${i + 1}`,
      name,
      address: `${env.net}.${Math.floor(i / 250) % 250}.${(i % 250) + 1}.${10 + (i % 7)}`,
      port: rand() > 0.9 ? 2222 : 22,
      user: pick(['root', 'ops', 'admin', 'ubuntu']),
      auth,
      ...(auth === 'key' ? { keyPath: '~/.ssh/id_ed25519' } : {}),
      ...(auth === 'password' ? { secretRef: `vault:host/${i + 1}/password` } : {}),
      groups: [...role.groups, env.env],
      tags: [...role.tags, env.region],
      profile: role.mysql
        ? {
            sudo: true,
            mysqlConfigPath: '/etc/mysql/my.cnf',
            mysqlDataDir: '/var/lib/mysql',
            mysqlServiceRestart: 'systemctl restart mariadb',
            mysqlFlavor: 'mariadb',
          }
        : { sudo: rand() > 0.5 },
      notes: role.mysql && n === 1 ? 'Primary. Replicas: db-*-02, db-*-03.' : '',
      ...(withFacts ? { facts: sampleFacts(name, role.mysql) } : {}),
      source: pick(['manual', 'ssh-config', 'lab'] as const),
      createdAt: iso(40 * 86400_000),
      updatedAt: iso(Math.floor(rand() * 86400_000)),
    });
  }
  return hosts;
}

export function sampleAudit(hosts: Host[]): AuditRecord[] {
  const actions = [
    ['collect-facts: read', 'uname -a; cat /etc/os-release'],
    ['hosts.update', 'changed user root → ops'],
    ['collect-facts: read', 'df -P -m'],
    ['mysql: restart', 'systemctl restart mariadb'],
  ] as const;
  return Array.from({ length: Math.min(60, hosts.length * 2) }, (_, i) => {
    const [action, detail] = actions[i % actions.length]!;
    return {
      id: 1000 - i,
      at: iso(i * 37 * 60_000),
      door: i % 5 === 0 ? 'cli' : 'web',
      target: hosts[i % hosts.length]!.name,
      action,
      detail,
      outcome: i % 9 === 4 ? 'failed' : 'ok',
    } satisfies AuditRecord;
  });
}

export function fakeFingerprint(name: string): string {
  let h = 0;
  for (const c of name) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < 43; i++) {
    h = (Math.imul(h, 1103515245) + 12345) >>> 0;
    out += alphabet[(h >>> 16) % 64];
  }
  return `SHA256:${out}`;
}
