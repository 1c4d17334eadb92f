import {
  OpsdeckError,
  toErrorShape,
  type ErrorShape,
  isMysqlHost,
  type Host,
  type MysqlActionParams,
  type MysqlActionResult,
  type ReplicaErrorReport,
  type ReplicaStatus,
  type ServerFacts,
  type Topology,
} from '../../contract';
import type { Clock } from '../clock';
import type { AuditRepo } from '../store/audit-repo';
import { runAction, readReplicaError } from './actions';
import type { MysqlPool } from './connection';
import { mysqlTarget } from './login-target';
import { describeSocketLogin } from './socket-login';
import { readServerFacts, type ReadRows } from './facts';
import type { ServerProbe } from './server-probe';
import { parseReplicaStatusRows } from './status-parse';
import { discoverTopology } from './topology';

export interface MysqlServiceDeps {
  pool: MysqlPool;
  hosts: { get(idOrName: string): Host; list(): Host[] };
  audit: AuditRepo;
  clock: Clock;
}

/**
 * MySQL for the doors: facts, status, topology, confirmed actions. The live topology is the
 * `mysql.topology` feed (core/watch/feed-sources.ts).
 */
export class MysqlService {
  private readonly lastProbes = new Map<string, ServerProbe>();

  constructor(private readonly deps: MysqlServiceDeps) {}

  reader(host: Host, signal?: AbortSignal, timeoutMs?: number): ReadRows {
    return async (sql) =>
      (
        await this.deps.pool.query(host, sql, {
          ...(signal ? { signal } : {}),
          ...(timeoutMs ? { timeoutMs } : {}),
        })
      ).rows;
  }

  async facts(ref: string): Promise<ServerFacts> {
    const host = this.deps.hosts.get(ref);
    const { facts } = await readServerFacts(this.reader(host), host, this.deps.clock.now());
    const socket = this.deps.pool.socketLogin(host.id);
    const target = mysqlTarget(host);
    return {
      ...facts,
      login:
        socket && target.via === 'ssh-socket'
          ? describeSocketLogin(socket, target.user)
          : target.via === 'ssh-socket'
            ? `${target.user} over SSH to the server socket`
            : `${target.user}@${target.address}:${target.port} (${target.via})`,
    };
  }

  async probe(host: Host, options: { timeoutMs?: number } = {}): Promise<ServerProbe> {
    const read = this.reader(host, undefined, options.timeoutMs);
    const work = (async () => {
      const { facts, dialect } = await readServerFacts(read, host, this.deps.clock.now(), {
        light: true,
      });
      const replication = parseReplicaStatusRows(await read(dialect.replicaStatusSql));
      return { host, facts, dialect, replication };
    })();
    const probe = await (options.timeoutMs ? withDeadline(work, options.timeoutMs, host) : work);
    this.lastProbes.set(host.id, probe);
    return probe;
  }

  /** The last successful probe of a host in this process (a dead master's last known state). */
  lastKnown(hostId: string): ServerProbe | undefined {
    return this.lastProbes.get(hostId);
  }

  /** The topology, and every probe it made (facts, replication) or the error each one got. */
  async topologyWithProbes(
    ref: string,
    options: { timeoutMs?: number } = {},
  ): Promise<{
    topology: Topology;
    probes: Map<string, ServerProbe>;
    errors: Map<string, ErrorShape>;
  }> {
    const start = this.deps.hosts.get(ref);
    const probes = new Map<string, ServerProbe>();
    const errors = new Map<string, ErrorShape>();
    const topology = await discoverTopology(start, {
      hosts: () => this.deps.hosts.list().filter((h) => isMysqlHost(h) || h.id === start.id),
      probe: async (h) => {
        try {
          const p = await this.probe(h, options);
          probes.set(h.id, p);
          return p;
        } catch (err) {
          errors.set(h.id, toErrorShape(err));
          throw err;
        }
      },
      read: (h) => this.reader(h, undefined, options.timeoutMs),
      now: () => this.deps.clock.now(),
    });
    return { topology, probes, errors };
  }

  async replicaStatus(ref: string): Promise<ReplicaStatus[]> {
    return (await this.probe(this.deps.hosts.get(ref))).replication;
  }

  async topology(ref: string): Promise<Topology> {
    return (await this.topologyWithProbes(ref)).topology;
  }

  async replicaError(ref: string): Promise<ReplicaErrorReport> {
    const host = this.deps.hosts.get(ref);
    return readReplicaError(await this.probe(host), this.reader(host));
  }

  async action(params: MysqlActionParams, door: string): Promise<MysqlActionResult> {
    const host = this.deps.hosts.get(params.host);
    return runAction(params, {
      host,
      probe: () => this.probe(host),
      write: (sqls) => this.deps.pool.queryAll(host, sqls),
      read: this.reader(host),
      audit: (detail, outcome) =>
        this.deps.audit.append({
          at: this.deps.clock.now().toISOString(),
          door,
          target: host.name,
          action: `mysql.${params.action}`,
          detail,
          outcome,
        }),
    });
  }

  close(hostId?: string): void {
    if (hostId) this.deps.pool.close(hostId);
    else this.deps.pool.closeAll();
  }

  shutdown(): void {
    this.deps.pool.closeAll();
  }
}

/** A probe that takes longer than `ms` counts as unreachable (a black-holed host never answers). */
function withDeadline<T>(work: Promise<T>, ms: number, host: Host): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new OpsdeckError(
            'TIMEOUT',
            `MySQL on ${host.name} did not answer within ${Math.round(ms / 100) / 10} s.`,
            `Check that ${host.name} and its network are up.`,
          ),
        ),
      ms,
    );
  });
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
