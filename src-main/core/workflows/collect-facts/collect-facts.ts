import { z } from 'zod';
import type { HostFacts, ServerProfile } from '../../../contract';
import type { StepContext, WorkflowDefinition } from '../engine/definition';
import { PID_FILES } from '../../mysql/options/server-args';
import { accessStep, serverProfileStep, type Detected } from './profile-steps';
import {
  parseDf,
  parseMemInfoMiB,
  parseMysqlVersion,
  parseOsRelease,
  parseUptimeSeconds,
  splitSections,
} from './parse-facts';

const Params = z.object({ hostId: z.string().min(1) });
type Params = z.output<typeof Params>;
type Ctx = StepContext<Params>;

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

async function read(ctx: Ctx, command: string, purpose: string): Promise<string> {
  const host = ctx.host(ctx.params.hostId);
  // `true` at the end: a missing optional tool must not fail the whole collection.
  const result = await ctx.ssh.read(host, `${command}; true`, { purpose, timeoutMs: 30_000 });
  return result.stdout;
}

/**
 * Read-only facts about a host over SSH, and its server profile detected from them (how MySQL and
 * HAProxy are configured and run, whether privileged work needs sudo), stored in the inventory.
 */
export function collectFactsWorkflow(deps: {
  saveFacts(
    hostId: string,
    facts: HostFacts,
    detected: { profile: Partial<ServerProfile>; notes: string[] },
  ): void;
  now(): Date;
}): WorkflowDefinition<typeof Params> {
  return {
    id: 'collect-facts',
    title: 'Collect host facts',
    description:
      'OS, kernel, uptime, CPUs, memory, disks and MySQL presence, read over SSH; the server profile (MySQL option file, data dir, socket, service commands, sudo, HAProxy) detected from them. Changes nothing on the host.',
    params: Params,
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
      accessStep,
      serverProfileStep,
    ],
    onSuccess(params, output) {
      const system = output.system as Omit<HostFacts, 'collectedAt' | 'disks' | 'mysql'>;
      const detected = output.detected as Detected;
      deps.saveFacts(
        params.hostId,
        {
          collectedAt: deps.now().toISOString(),
          ...system,
          disks: output.disks as HostFacts['disks'],
          mysql: {
            ...(output.mysql as HostFacts['mysql']),
            ...(detected.configFiles.length ? { configFiles: detected.configFiles } : {}),
          },
          access: output.access as NonNullable<HostFacts['access']>,
        },
        { profile: detected.profile, notes: detected.notes },
      );
    },
  };
}
