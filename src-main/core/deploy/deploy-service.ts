import { randomUUID } from 'node:crypto';
import {
  DeployRunParams,
  DeploySuiteInput,
  OpsdeckError,
  type DeployHostResult,
  type DeployReport,
  type DeploySuite,
  type Host,
  type HostMetricsSettings,
} from '../../contract';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import { runLimited } from '../exec/limiter';
import type { MysqlExecutor } from '../mysql';
import type { Vault } from '../secrets/vault';
import type { Lease } from '../ssh';
import type { ExecResult } from '../ssh/exec';
import type { AuditRepo } from '../store/audit-repo';
import type { DeployRepo } from '../store/deploy-repo';
import { runDeployCheck, type DeployContext } from './deploy-items';

export interface DeployServiceDeps {
  repo: DeployRepo;
  hosts: { get(idOrName: string): Host; list(): Host[] };
  ssh: {
    exec(
      host: Host,
      command: string,
      options?: { stdin?: string; timeoutMs?: number },
    ): Promise<ExecResult>;
    acquire(host: Host, signal?: AbortSignal): Promise<Lease>;
  };
  mysql: Pick<MysqlExecutor, 'query'>;
  vault: Pick<Vault, 'get'>;
  metricsSettings(hostId: string): HostMetricsSettings;
  audit: AuditRepo;
  bus: EventBus;
  clock: Clock;
  door: string;
}

/** Hosts checked at once by a suite. */
const PARALLEL = 8;
/** The scheduler looks for due suites this often. */
const TICK_MS = 60_000;

/**
 * Deployment checks: a suite per server role (a host group), run on demand or every N minutes
 * while a long-running core is up; each run is a pass/fail report per host kept in the store.
 */
export class DeployService {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Map<string, Promise<DeployReport>>();

  constructor(private readonly deps: DeployServiceDeps) {}

  suites(): DeploySuite[] {
    return this.deps.repo.suites();
  }

  save(input: unknown): DeploySuite {
    const parsed = DeploySuiteInput.parse(input);
    const existing = this.deps.repo.find(parsed.name);
    const at = this.deps.clock.now().toISOString();
    const suite: DeploySuite = {
      id: existing?.id ?? randomUUID(),
      name: parsed.name,
      role: parsed.role,
      checks: parsed.checks,
      ...(parsed.everyMinutes ? { everyMinutes: parsed.everyMinutes } : {}),
      ...(existing?.lastRunAt ? { lastRunAt: existing.lastRunAt } : {}),
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    };
    this.deps.repo.save(suite);
    this.deps.bus.emit('deploy.changed', { suiteId: suite.id });
    return suite;
  }

  remove(ref: string): { removed: boolean } {
    const suite = this.find(ref);
    const removed = this.deps.repo.remove(suite.id);
    this.deps.bus.emit('deploy.changed', { suiteId: suite.id });
    return { removed };
  }

  reports(ref: string | undefined, limit: number): DeployReport[] {
    return this.deps.repo.reports(ref ? this.find(ref).id : undefined, limit);
  }

  /** Run a suite now (a run of the same suite in progress is joined). */
  run(params: unknown, door = this.deps.door): Promise<DeployReport> {
    const { suite: ref, hosts } = DeployRunParams.parse(params);
    const suite = this.find(ref);
    const key = `${suite.id} ${(hosts ?? []).join(',')}`;
    const inFlight = this.running.get(key);
    if (inFlight) return inFlight;
    const run = this.execute(suite, hosts, door).finally(() => this.running.delete(key));
    this.running.set(key, run);
    return run;
  }

  /** Run scheduled suites when due (long-running doors). */
  startScheduler(): void {
    this.timer = setInterval(() => this.runDue(), TICK_MS);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  runDue(): void {
    const now = this.deps.clock.now().getTime();
    for (const s of this.deps.repo.suites()) {
      if (!s.everyMinutes) continue;
      const last = s.lastRunAt ? Date.parse(s.lastRunAt) : 0;
      if (now - last >= s.everyMinutes * 60_000)
        void this.run({ suite: s.id }, 'schedule').catch(() => undefined);
    }
  }

  private find(ref: string): DeploySuite {
    const suite = this.deps.repo.find(ref);
    if (!suite)
      throw new OpsdeckError(
        'NOT_FOUND',
        `No deployment check suite ${ref}.`,
        'List them: opsdeck deploy suites.',
      );
    return suite;
  }

  private hostsOf(suite: DeploySuite, only: readonly string[] | undefined): Host[] {
    const role = suite.role.toLowerCase();
    const members = this.deps.hosts
      .list()
      .filter((h) => h.groups.some((g) => g.toLowerCase() === role));
    if (!only) return members;
    const wanted = only.map((ref) => this.deps.hosts.get(ref).id);
    return members.filter((h) => wanted.includes(h.id));
  }

  private async execute(
    suite: DeploySuite,
    only: readonly string[] | undefined,
    door: string,
  ): Promise<DeployReport> {
    const hosts = this.hostsOf(suite, only);
    if (hosts.length === 0) {
      throw new OpsdeckError(
        'NOT_FOUND',
        `No host is in the group ${suite.role} (the role of ${suite.name}).`,
        `Add the role's hosts to the group ${suite.role}.`,
      );
    }
    const startedAt = this.deps.clock.now().toISOString();
    const results: DeployHostResult[] = new Array<DeployHostResult>(hosts.length);
    await runLimited(hosts, PARALLEL, async (host, i) => {
      const ctx = this.context(host, door);
      const items = [];
      for (const check of suite.checks) items.push(await runDeployCheck(ctx, check));
      results[i] = { host: host.name, passed: items.every((it) => it.outcome !== 'fail'), items };
    });
    const report: DeployReport = {
      id: randomUUID(),
      suiteId: suite.id,
      suite: suite.name,
      role: suite.role,
      door,
      startedAt,
      finishedAt: this.deps.clock.now().toISOString(),
      passed: results.every((r) => r.passed),
      hosts: results,
    };
    this.deps.repo.saveReport(report);
    this.deps.bus.emit('deploy.changed', { suiteId: suite.id, reportId: report.id });
    return report;
  }

  private context(host: Host, door: string): DeployContext {
    const d = this.deps;
    return {
      host,
      exec: (command, stdin) =>
        d.ssh.exec(host, command, {
          timeoutMs: 30 * 60_000,
          ...(stdin !== undefined ? { stdin } : {}),
        }),
      query: async (sql) => (await d.mysql.query(host, sql, { timeoutMs: 30_000 })).rows,
      acquire: (h, signal) => d.ssh.acquire(h, signal),
      metricsSettings: d.metricsSettings(host.id),
      mysqlPassword: async () =>
        host.mysql?.secretRef ? d.vault.get(host.mysql.secretRef) : undefined,
      audit: (action, detail, outcome) =>
        d.audit.append({
          at: d.clock.now().toISOString(),
          door,
          target: host.name,
          action,
          detail,
          outcome,
        }),
    };
  }
}
