import { z } from 'zod';
import { CollectFactsParams, HostFacts, ServerProfile, type Host } from '../../../contract';
import { PID_FILES } from '../../mysql/options/server-args';
import type { ChildContext, OutputOf, Step, WorkflowDefinition } from '../engine/definition';
import { outputOf } from '../engine/definition';
import { detectAccess, detectServer, type Access, type Read } from './detect-profile';
import {
  parseDf,
  parseMemInfoMiB,
  parseMysqlVersion,
  parseOsRelease,
  parseUptimeSeconds,
  splitSections,
} from './parse-facts';

type Child = ChildContext<CollectFactsParams>;

const SYSTEM_SCRIPT = [
  'echo @@hostname; hostname',
  'echo @@os; cat /etc/os-release 2>/dev/null',
  'echo @@kernel; uname -sr',
  'echo @@uptime; cat /proc/uptime',
  'echo @@cpus; nproc 2>/dev/null || getconf _NPROCESSORS_ONLN',
  'echo @@mem; cat /proc/meminfo',
].join('; ');

const DISKS = 'df -P -k -x tmpfs -x devtmpfs -x overlay -x squashfs 2>/dev/null || df -P -k';

const MYSQL_SCRIPT = [
  'echo @@binary; command -v mariadbd || command -v mysqld || ls /usr/sbin/mariadbd /usr/sbin/mysqld 2>/dev/null',
  'echo @@version; (mariadbd --version || mysqld --version || /usr/sbin/mariadbd --version || /usr/sbin/mysqld --version) 2>/dev/null',
  // The pid file says whether *this* host's server runs (pgrep also sees other containers' servers).
  `echo @@running; f=; for c in ${PID_FILES.join(' ')}; do [ -e "$c" ] && f=$c && break; done; if [ -n "$f" ] && [ -r "$f" ]; then p=$(cat "$f"); [ -n "$p" ] && [ -d "/proc/$p" ] && echo "$p"; else (pgrep -x mariadbd || pgrep -x mysqld) 2>/dev/null | head -n 1; fi`,
].join('; ');

/** Read-only commands on one host; `true` at the end: a missing optional tool fails nothing. */
const reader =
  (ctx: Child, host: Host): Read =>
  async (command, purpose) =>
    (await ctx.ssh.read(host, `${command}; true`, { purpose, timeoutMs: 30_000 })).stdout;

/** One host's facts, and the server profile detected with them. */
export const CollectedHost = z.object({
  facts: HostFacts,
  profile: ServerProfile.partial(),
  notes: z.array(z.string()),
});
export type CollectedHost = z.infer<typeof CollectedHost>;

const SUDO_TEXT: Record<Access['sudo'], string> = {
  root: 'root',
  passwordless: 'sudo without a password',
  password: 'sudo asks for a password',
  none: 'no sudo',
};

/**
 * The reads of one host: system, filesystems, MySQL presence, whether the login can become root,
 * and the server profile (MySQL option files, data dir, socket, services, HAProxy, the relay for
 * socket logins) — all read-only.
 */
async function collectHost(ctx: Child, host: Host, collectedAt: string): Promise<CollectedHost> {
  const read = reader(ctx, host);
  const s = splitSections(await read(SYSTEM_SCRIPT, 'read system information'));
  const system = {
    hostname: (s.get('hostname') ?? '').trim(),
    os: parseOsRelease(s.get('os') ?? ''),
    kernel: (s.get('kernel') ?? '').trim(),
    uptimeSeconds: parseUptimeSeconds(s.get('uptime') ?? ''),
    cpus: Number.parseInt((s.get('cpus') ?? '0').trim(), 10) || 0,
    memoryMiB: parseMemInfoMiB(s.get('mem') ?? ''),
  };
  ctx.log(`hostname ${system.hostname} · ${system.os} · ${system.kernel}`);
  const disks = parseDf(await read(DISKS, 'list filesystems'));
  const m = splitSections(await read(MYSQL_SCRIPT, 'detect MySQL'));
  const mysql: HostFacts['mysql'] = {
    installed: (m.get('binary') ?? '').trim().length > 0,
    running: (m.get('running') ?? '').trim().length > 0,
    ...parseMysqlVersion(m.get('version') ?? ''),
  };
  ctx.log(
    `${disks.length} filesystem(s); ${
      mysql.installed
        ? `${mysql.flavor ?? 'mysql'} ${mysql.version ?? '?'} (${mysql.running ? 'running' : 'stopped'})`
        : 'no MySQL server installed'
    }`,
  );
  const access = await detectAccess(read);
  const rootly = access.sudo === 'root' || access.sudo === 'passwordless';
  ctx.log(`${access.user}: ${SUDO_TEXT[access.sudo]}`, rootly ? 'info' : 'warn');
  const detected = await detectServer(read, access, mysql, host.name);
  for (const [key, value] of Object.entries(detected.profile)) ctx.log(`${key}: ${String(value)}`);
  for (const note of detected.notes) ctx.log(note, 'warn');
  const configFiles = detected.configFiles.length ? { configFiles: detected.configFiles } : {};
  return {
    facts: { collectedAt, ...system, disks, mysql: { ...mysql, ...configFiles }, access },
    profile: detected.profile,
    notes: detected.notes,
  };
}

/** What a run collected: how many hosts, and the facts of each (also stored on each host). */
export const COLLECT = outputOf(
  'collect',
  z.object({ hosts: z.number().int(), facts: z.array(HostFacts) }),
);

/**
 * Read-only facts over SSH — OS, kernel, uptime, CPUs, memory, disks, MySQL presence, root access
 * and the server profile detected from them — for one host or many: one child per host,
 * `parallel` at once, each host's facts and detected profile stored in the inventory as soon as
 * it is read (a host that fails does not hold back the others; a value the user set stays).
 */
export function collectFactsWorkflow(deps: {
  saveFacts(
    hostId: string,
    facts: HostFacts,
    detected: { profile: Partial<ServerProfile>; notes: string[] },
  ): void;
  now(): Date;
}): WorkflowDefinition<CollectFactsParams, 'collect-facts'> {
  const collect: Step<CollectFactsParams, OutputOf<typeof COLLECT>> = {
    ...COLLECT,
    title: 'Read OS, disks and MySQL; detect root access and the server profile',
    retry: { attempts: 2, backoffMs: 2000 },
    async run(ctx) {
      const hosts = ctx.params.hostIds.map((h) => ctx.host(h));
      const collected = await ctx.forEach(
        hosts,
        {
          key: (h) => h.id,
          title: (h) => h.name,
          limit: ctx.params.parallel,
          output: CollectedHost,
        },
        async (child, host) => {
          const c = await collectHost(child, host, deps.now().toISOString());
          if (!child.dryRun) deps.saveFacts(host.id, c.facts, c);
          return c;
        },
      );
      return { hosts: hosts.length, facts: [...collected.values()].map((c) => c.facts) };
    },
  };
  return {
    id: 'collect-facts',
    title: 'Collect host facts',
    description:
      'OS, kernel, uptime, CPUs, memory, disks and MySQL presence, read over SSH from one host or many at once; the server profile (MySQL option file, data dir, socket, service commands, sudo, HAProxy) detected from them. Changes nothing on the hosts.',
    params: CollectFactsParams,
    subject: (params, lookup) => {
      const [first, ...rest] = params.hostIds.map((h) => lookup.host(h).name);
      return rest.length ? `${first} +${rest.length}` : (first ?? '');
    },
    steps: [collect],
  };
}
