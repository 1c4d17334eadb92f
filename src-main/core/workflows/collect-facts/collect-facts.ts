import { CollectFactsParams, HostFacts, type Host } from '../../../contract';
import type { ChildContext, OutputOf, Step, WorkflowDefinition } from '../engine/definition';
import { outputOf } from '../engine/definition';
import { z } from 'zod';
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
  'echo @@running; (pgrep -x mariadbd || pgrep -x mysqld) 2>/dev/null | head -n 1',
].join('; ');

async function read(ctx: Child, host: Host, command: string, purpose: string): Promise<string> {
  // `true` at the end: a missing optional tool must not fail the whole collection.
  const result = await ctx.ssh.read(host, `${command}; true`, { purpose, timeoutMs: 30_000 });
  return result.stdout;
}

/** The three reads of one host, as facts (without the time they were collected). */
async function factsOf(ctx: Child, host: Host, collectedAt: string): Promise<HostFacts> {
  const s = splitSections(await read(ctx, host, SYSTEM_SCRIPT, 'read system information'));
  const system = {
    hostname: (s.get('hostname') ?? '').trim(),
    os: parseOsRelease(s.get('os') ?? ''),
    kernel: (s.get('kernel') ?? '').trim(),
    uptimeSeconds: parseUptimeSeconds(s.get('uptime') ?? ''),
    cpus: Number.parseInt((s.get('cpus') ?? '0').trim(), 10) || 0,
    memoryMiB: parseMemInfoMiB(s.get('mem') ?? ''),
  };
  ctx.log(`hostname ${system.hostname} · ${system.os} · ${system.kernel}`);
  const disks = parseDf(await read(ctx, host, DISKS, 'list filesystems'));
  const m = splitSections(await read(ctx, host, MYSQL_SCRIPT, 'detect MySQL'));
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
  return { collectedAt, ...system, disks, mysql };
}

/** What a run collected: how many hosts, and the facts of each (also stored on each host). */
export const COLLECT = outputOf(
  'collect',
  z.object({ hosts: z.number().int(), facts: z.array(HostFacts) }),
);

/**
 * Read-only facts over SSH — OS, kernel, uptime, CPUs, memory, disks, MySQL presence — for one
 * host or many: one child per host, `parallel` at once, each host's facts stored in the
 * inventory as soon as it is read (a host that fails does not hold back the others).
 */
export function collectFactsWorkflow(deps: {
  saveFacts(hostId: string, facts: HostFacts): void;
  now(): Date;
}): WorkflowDefinition<CollectFactsParams, 'collect-facts'> {
  const collect: Step<CollectFactsParams, OutputOf<typeof COLLECT>> = {
    ...COLLECT,
    title: 'Read OS, kernel, uptime, CPUs, memory, disks and MySQL',
    retry: { attempts: 2, backoffMs: 2000 },
    async run(ctx) {
      const hosts = ctx.params.hostIds.map((h) => ctx.host(h));
      const facts = await ctx.forEach(
        hosts,
        {
          key: (h) => h.id,
          title: (h) => h.name,
          limit: ctx.params.parallel,
          output: HostFacts,
        },
        async (child, host) => {
          const f = await factsOf(child, host, deps.now().toISOString());
          if (!child.dryRun) deps.saveFacts(host.id, f);
          return f;
        },
      );
      return { hosts: hosts.length, facts: [...facts.values()] };
    },
  };
  return {
    id: 'collect-facts',
    title: 'Collect host facts',
    description:
      'OS, kernel, uptime, CPUs, memory, disks and MySQL presence, read over SSH from one host or many at once. Changes nothing on the hosts.',
    params: CollectFactsParams,
    subject: (params, lookup) => {
      const [first, ...rest] = params.hostIds.map((h) => lookup.host(h).name);
      return rest.length ? `${first} +${rest.length}` : (first ?? '');
    },
    steps: [collect],
  };
}
