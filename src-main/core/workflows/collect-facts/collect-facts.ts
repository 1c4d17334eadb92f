import { CollectFactsParams, type HostFacts } from '../../../contract';
import type { StepContext, WorkflowDefinition } from '../engine/definition';
import {
  parseDf,
  parseMemInfoMiB,
  parseMysqlVersion,
  parseOsRelease,
  parseUptimeSeconds,
  splitSections,
} from './parse-facts';

type Ctx = StepContext<CollectFactsParams>;

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

async function read(ctx: Ctx, command: string, purpose: string): Promise<string> {
  const host = ctx.host(ctx.params.hostId);
  // `true` at the end: a missing optional tool must not fail the whole collection.
  const result = await ctx.ssh.read(host, `${command}; true`, { purpose, timeoutMs: 30_000 });
  return result.stdout;
}

/** A small real workflow: read-only facts about a host over SSH, stored in the inventory. */
export function collectFactsWorkflow(deps: {
  saveFacts(hostId: string, facts: HostFacts): void;
  now(): Date;
}): WorkflowDefinition<typeof CollectFactsParams, 'collect-facts'> {
  return {
    id: 'collect-facts',
    title: 'Collect host facts',
    description:
      'OS, kernel, uptime, CPUs, memory, disks and MySQL presence, read over SSH. Changes nothing on the host.',
    params: CollectFactsParams,
    subject: (params, lookup) => lookup.host(params.hostId).name,
    steps: [
      {
        id: 'system',
        title: 'Read OS, kernel, uptime, CPU and memory',
        async run(ctx) {
          const s = splitSections(await read(ctx, SYSTEM_SCRIPT, 'read system information'));
          ctx.output.system = {
            hostname: (s.get('hostname') ?? '').trim(),
            os: parseOsRelease(s.get('os') ?? ''),
            kernel: (s.get('kernel') ?? '').trim(),
            uptimeSeconds: parseUptimeSeconds(s.get('uptime') ?? ''),
            cpus: Number.parseInt((s.get('cpus') ?? '0').trim(), 10) || 0,
            memoryMiB: parseMemInfoMiB(s.get('mem') ?? ''),
          };
          const sys = ctx.output.system as { hostname: string; os: string; kernel: string };
          ctx.log(`${sys.hostname}: ${sys.os}, ${sys.kernel}`);
        },
      },
      {
        id: 'disks',
        title: 'Read mounted filesystems',
        async run(ctx) {
          ctx.output.disks = parseDf(await read(ctx, DISKS, 'list filesystems'));
          ctx.log(`${(ctx.output.disks as unknown[]).length} filesystem(s)`);
        },
      },
      {
        id: 'mysql',
        title: 'Detect MySQL / MariaDB',
        async run(ctx) {
          const s = splitSections(await read(ctx, MYSQL_SCRIPT, 'detect MySQL'));
          const mysql: HostFacts['mysql'] = {
            installed: (s.get('binary') ?? '').trim().length > 0,
            running: (s.get('running') ?? '').trim().length > 0,
            ...parseMysqlVersion(s.get('version') ?? ''),
          };
          ctx.output.mysql = mysql;
          ctx.log(
            mysql.installed
              ? `${mysql.flavor ?? 'mysql'} ${mysql.version ?? '?'} (${mysql.running ? 'running' : 'stopped'})`
              : 'no MySQL server installed',
          );
        },
      },
    ],
    onSuccess(params, output) {
      const system = output.system as Omit<HostFacts, 'collectedAt' | 'disks' | 'mysql'>;
      deps.saveFacts(params.hostId, {
        collectedAt: deps.now().toISOString(),
        ...system,
        disks: output.disks as HostFacts['disks'],
        mysql: output.mysql as HostFacts['mysql'],
      });
    },
  };
}
