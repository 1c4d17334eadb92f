import {
  OpsdeckError,
  toErrorShape,
  type Host,
  type HaproxyCreatePoolParams,
  type HaproxyCreatePoolResult,
  type HaproxySetServerParams,
  type HaproxySetServerResult,
  type HaproxyStatus,
} from '../../contract';
import type { Clock } from '../clock';
import { sleep } from '../common/wait';
import { appendAuditNow, type AuditRepo } from '../store/audit-repo';
import type { ExecResult, ShellOptions } from '../workflows/engine/definition';
import { parseHaproxyConfig } from './config-parse';
import { createWriterPool } from './create-pool';
import { readProxy, readStats, runtimeChange, type ProxyShell } from './proxy-shell';
import { setServerStateCommand } from './runtime';
import { serverRow } from './stats-parse';

export interface HaproxyServiceDeps {
  ssh: {
    exec(
      host: Host,
      command: string,
      options?: { timeoutMs?: number; stdin?: string },
    ): Promise<ExecResult>;
  };
  hosts: { get(idOrName: string): Host };
  audit: AuditRepo;
  clock: Clock;
}

/** HAProxy for the doors: status (config + live stats) and audited runtime server states. */
export class HaproxyService {
  constructor(private readonly deps: HaproxyServiceDeps) {}

  /** A shell whose writes are appended to the audit (for the doors; workflows use ctx.ssh). */
  shell(door: string): ProxyShell {
    const exec = async (host: Host, command: string, o: ShellOptions, write: boolean) => {
      const r = await this.deps.ssh.exec(host, command, {
        timeoutMs: o.timeoutMs ?? 15_000,
        ...(o.stdin !== undefined ? { stdin: o.stdin } : {}),
      });
      const ok = (o.okCodes ?? [0]).includes(r.code ?? -1);
      if (write)
        appendAuditNow(this.deps, {
          door,
          target: host.name,
          action: 'haproxy.runtime',
          detail: auditDetail(command),
          outcome: ok ? 'ok' : 'failed',
        });
      if (!ok)
        throw new OpsdeckError(
          'SSH_COMMAND_FAILED',
          `On ${host.name}, a command to ${o.purpose ?? 'manage HAProxy'} exited with ${r.code ?? r.signal}: ${r.stderr.trim().slice(-500)}`,
          `Fix the cause on ${host.name} and retry.`,
        );
      return r;
    };
    return {
      read: (host, command, o = {}) => exec(host, command, o, false),
      write: (host, command, o = {}) => exec(host, command, o, true),
    };
  }

  async status(ref: string): Promise<HaproxyStatus> {
    const host = this.deps.hosts.get(ref);
    const shell = this.shell('read');
    const { settings, version, config } = await readProxy(shell, host);
    const warnings: string[] = [];
    let stats: HaproxyStatus['stats'] = [];
    if (settings.statsSocket) {
      try {
        stats = await readStats(shell, host, settings);
      } catch (err) {
        warnings.push(toErrorShape(err).message);
      }
    } else
      warnings.push(
        `No admin stats socket in ${settings.configPath}: live stats and server states need "stats socket <path> level admin".`,
      );
    if (settings.source.reloadCommand === 'none')
      warnings.push(
        `No reload command known for ${host.name}: set it in the profile (e.g. "systemctl reload haproxy").`,
      );
    return {
      host: host.name,
      hostId: host.id,
      settings,
      version,
      sections: parseHaproxyConfig(config),
      stats,
      statsSource: stats.length ? 'socket' : 'none',
      collectedAt: this.deps.clock.now().toISOString(),
      warnings,
    };
  }

  /** `set server <b>/<s> state …`, typed confirmation, audited, proven by the stats read back. */
  async setServer(params: HaproxySetServerParams, door: string): Promise<HaproxySetServerResult> {
    const host = this.deps.hosts.get(params.host);
    const target = `${params.backend}/${params.server}`;
    if (params.confirm !== target)
      throw new OpsdeckError(
        'CONFIRMATION_REQUIRED',
        `Setting ${target} on ${host.name} to ${params.state} changes where traffic goes.`,
        `Type "${target}" to confirm.`,
      );
    const shell = this.shell(door);
    const { settings } = await readProxy(shell, host);
    const before = serverRow(await readStats(shell, host, settings), params.backend, params.server);
    if (!before)
      throw new OpsdeckError(
        'NOT_FOUND',
        `HAProxy on ${host.name} has no server ${target}.`,
        'Run haproxy status to see its backends and servers.',
      );
    const command = setServerStateCommand(params.backend, params.server, params.state);
    await runtimeChange(shell, host, settings, [command]);
    const row = serverRow(await readStats(shell, host, settings), params.backend, params.server);
    if (!row || !showsState(row.status, params.state))
      throw new OpsdeckError(
        'HAPROXY_RUNTIME_FAILED',
        `HAProxy accepted "${command}" but ${target} now shows "${row?.status ?? 'nothing'}".`,
        'Look at the HAProxy log on the proxy host; retry.',
      );
    const { backend, server, state } = params;
    return { host: host.name, backend, server, state, command, row };
  }

  /** A writers' pool from scratch (create-pool.ts): typed confirmation, every write audited. */
  async createPool(
    params: HaproxyCreatePoolParams,
    door: string,
  ): Promise<HaproxyCreatePoolResult> {
    const result = await createWriterPool(
      this.shell(door),
      {
        hosts: this.deps.hosts,
        stamp: this.deps.clock
          .now()
          .toISOString()
          .replace(/[^0-9]/g, '')
          .slice(0, 17), // to the millisecond: two installs never share a copy
        sleep,
      },
      params,
    );
    if (result.installed)
      appendAuditNow(this.deps, {
        door,
        target: this.deps.hosts.get(params.host).name,
        action: 'haproxy.createPool',
        detail: auditDetail(result.sectionText),
        outcome: 'ok',
      });
    return result;
  }
}

/** A command or config section as the audit keeps it: its first 2000 characters, then `…`. */
function auditDetail(text: string): string {
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

/** Does a stats status reflect the administrative state just set? */
export function showsState(status: string, state: HaproxySetServerParams['state']): boolean {
  if (state === 'maint') return /MAINT/.test(status);
  if (state === 'drain') return /DRAIN/.test(status);
  return !/MAINT|DRAIN/.test(status);
}
