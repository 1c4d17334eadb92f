/**
 * The heavy areas of the core (SSH, tunnels, MySQL, EC2, backups, workflows, config diff), each loaded on first need
 * with a dynamic import: `opsdeck hosts list` never loads ssh2, mysql2 or the AWS SDK. A door
 * calls `load(area)` before using one (the router does it per method, server/handlers/lazy.ts).
 */
import type { AreaBase } from './area-base';
import type { AwsService } from './aws/ec2-service';
import type { MysqlService } from './mysql';
import type { SshPool } from './ssh/ssh-pool';
import type { createSshServices } from './ssh-services';
import type { TunnelManager } from './tunnels';
import type { WorkflowRunner } from './workflows/engine/runner';
import { runChild } from './workflows/engine/child-run';
import type { MysqlPool } from './mysql/connection';
import type { RemotePipe } from './ssh/pipe';
import type { DiffService } from './diff/diff-service';
import type { BackupCatalog } from './backups/catalog';
import type { ScheduleService } from './backups/schedules/schedule-service';
import type { HaproxyService } from './haproxy/haproxy-service';
import type { ClusterService } from './mysql/failover/cluster-service';
import type { HeartbeatService } from './mysql/heartbeat/heartbeat-service';
import type { FailoverArea } from './failover-area';
import type { MetricsArea } from './metrics/metrics-area';

export const AREAS = [
  'ssh',
  'tunnels',
  'mysql',
  'haproxy',
  'failover',
  'aws',
  'backups',
  'workflows',
  'diff',
  'metrics',
] as const;
export type Area = (typeof AREAS)[number];

type SshServices = ReturnType<typeof createSshServices>;

/** What each area adds to the core once loaded. */
export interface AreaServices {
  ssh: SshPool;
  terminals: SshServices['terminals'];
  exec: SshServices['exec'];
  files: SshServices['files'];
  transfers: SshServices['transfers'];
  tunnels: TunnelManager;
  mysql: MysqlService;
  aws: AwsService;
  /** The backup catalog; its destinations load SSH and EC2 when a file is read or written. */
  backups: BackupCatalog;
  /** Backup schedules; running one loads the workflows. */
  schedules: ScheduleService;
  workflows: WorkflowRunner;
  /** The HAProxy traffic layer (area haproxy). */
  haproxy: HaproxyService;
  /** MySQL clusters: settings, health, ranking, reports (area failover). */
  clusters: ClusterService;
  heartbeat: HeartbeatService;
  diff: DiffService;
  /** Live charts, checks, deployment suites, the incident timeline (core/metrics). */
  metrics: MetricsArea['metrics'];
  checks: MetricsArea['checks'];
  deploy: MetricsArea['deploy'];
  timeline: MetricsArea['timeline'];
}

export interface AreaLoader {
  load(area: Area): Promise<void>;
  isLoaded(area: Area): boolean;
  /** The service if its area is loaded, else undefined. */
  peek<K extends keyof AreaServices>(key: K): AreaServices[K] | undefined;
  /** Shut down the loaded areas (the others never started). */
  shutdown(): Promise<void>;
}

export function createAreaLoader(base: AreaBase): AreaLoader {
  const s: Partial<AreaServices> = {};
  const stops: (() => Promise<void> | void)[] = [];
  let mysqlPool: { pool: MysqlPool; pipe: RemotePipe } | undefined;
  let failover: FailoverArea | undefined;

  const loaders: Record<Area, () => Promise<void>> = {
    ssh: async () => {
      const [{ SshPool }, { createSshServices }] = await Promise.all([
        import('./ssh/ssh-pool'),
        import('./ssh-services'),
      ]);
      const ssh = new SshPool({
        trust: base.trust,
        vault: base.vault,
        prompts: base.prompts,
        resolveHost: (name) =>
          base.hosts.list().find((h) => h.name.toLowerCase() === name.toLowerCase()),
      });
      const services = createSshServices({
        ...{ db: base.db, pool: ssh, hosts: base.hosts, bus: base.bus, clock: base.clock },
        audit: base.audit,
        dataDir: base.dataDir,
      });
      Object.assign(s, { ssh, ...services });
      // Stopped in reverse order of loading: sessions before the pool they run on.
      stops.push(
        () => ssh.closeAll(),
        () => services.stop(),
      );
    },
    tunnels: async () => {
      await load('ssh');
      const { TunnelManager } = await import('./tunnels');
      const tunnels = new TunnelManager({
        ...{ pool: need('ssh'), bus: base.bus, clock: base.clock, audit: base.audit },
        host: (idOrName) => base.hosts.get(idOrName),
      });
      s.tunnels = tunnels;
      stops.push(() => tunnels.closeAll());
    },
    mysql: async () => {
      await load('ssh');
      const { createMysqlServices } = await import('./mysql');
      const m = createMysqlServices({
        ...{ ssh: need('ssh'), vault: base.vault, hosts: base.hosts },
        ...{ audit: base.audit, clock: base.clock },
      });
      s.mysql = m.service;
      mysqlPool = { pool: m.pool, pipe: m.pipe };
      stops.push(() => m.service.shutdown());
    },
    haproxy: async () => {
      await load('ssh');
      s.haproxy = await (await import('./failover-area')).loadHaproxy(base, need('ssh'));
    },
    failover: async () => {
      await Promise.all([load('mysql'), load('haproxy')]);
      const { loadFailover, watchesClusters } = await import('./failover-area');
      if (!mysqlPool) throw new Error('core area mysql is not loaded');
      const f = await loadFailover(
        base,
        need('ssh'),
        { service: need('mysql'), pool: mysqlPool.pool },
        // A long-lived door watches clusters from the first one saved (the monitor needs runs).
        watchesClusters(base) ? () => void load('workflows').catch(() => undefined) : undefined,
      );
      failover = f;
      Object.assign(s, { clusters: f.clusters, heartbeat: f.heartbeat });
      stops.push(() => f.stop());
    },
    aws: async () => {
      const { AwsService } = await import('./aws/ec2-service');
      const aws = new AwsService({
        repo: new (await import('./store/aws-accounts-repo')).AwsAccountsRepo(base.db),
        vault: base.vault,
        audit: base.audit,
        clock: base.clock,
        dataDir: base.dataDir,
        // Every EC2 change is announced, whichever door or workflow made it.
        changed: (change) => base.bus.emit('ec2.changed', change),
        askMfaCode: async (profile, mfaSerial) => {
          const answer = await base.prompts.ask({
            kind: 'secret',
            title: `MFA code for AWS profile ${profile}`,
            label: mfaSerial,
          });
          if (answer.value === null) throw new Error('MFA code entry was cancelled');
          return answer.value;
        },
      });
      s.aws = aws;
      stops.push(() => aws.destroy());
    },
    diff: async () => {
      await load('ssh');
      const { DiffService } = await import('./diff/diff-service');
      s.diff = new DiffService({
        ...{ db: base.db, pool: need('ssh'), files: need('files'), hosts: base.hosts },
        ...{ vault: base.vault, audit: base.audit, clock: base.clock },
      });
    },
    backups: async () => {
      const { createBackupServices } = await import('./backups/backup-services');
      const b = await createBackupServices(base, {
        ssh: async () => (await load('ssh'), need('ssh')),
        aws: async () => (await load('aws'), need('aws')),
        mysql: async () => (await load('mysql'), needPool().pool),
        workflows: async () => (await load('workflows'), need('workflows')),
      });
      Object.assign(s, b);
      stops.push(() => b.schedules.stop());
    },
    workflows: async () => {
      // diff: the config-push workflow keeps its baseline in the snapshot store.
      // Not aws: the SDK loads when a run first touches EC2 (effects' `aws()`).
      await Promise.all([
        load('ssh'),
        load('mysql'),
        load('failover'),
        load('backups'),
        load('diff'),
      ]);
      const [
        { WorkflowRunner },
        { workflowDefinitions },
        { RunsRepo },
        { RunStateRepo },
        { WorkflowLocksRepo },
        { failoverDeps, startMonitor, watchesClusters },
      ] = await Promise.all([
        import('./workflows/engine/runner'),
        import('./workflows/registry'),
        import('./store/runs-repo'),
        import('./store/run-state-repo'),
        import('./store/workflow-locks-repo'),
        import('./failover-area'),
      ]);
      if (!mysqlPool || !failover) throw new Error('core area mysql is not loaded');
      const { pool, pipe } = mysqlPool;
      const ssh = need('ssh');
      const closeMysql = (hostId: string) => pool.close(hostId);
      const workflows: WorkflowRunner = new WorkflowRunner({
        definitions: workflowDefinitions({
          ...{ hosts: base.hosts, clock: base.clock, vault: base.vault },
          mysql: pool,
          failover: failoverDeps(base, failover, closeMysql, () => workflows),
          snapshots: need('diff').snapshots,
          audit: base.audit,
          backups: {
            catalog: need('backups'),
            afterBackup: (schedule, backup) => need('schedules').afterBackup(schedule, backup),
          },
          hostKeys: base.trust,
          restoreChild: (params, parentRunId, signal) =>
            runChild(workflows, { workflow: 'backup-restore', params }, parentRunId, signal),
        }),
        runs: new RunsRepo(base.db),
        state: new RunStateRepo(base.db),
        locks: new WorkflowLocksRepo(base.db),
        prompts: base.prompts,
        audit: base.audit,
        bus: base.bus,
        clock: base.clock,
        executor: ssh,
        ...{ mysql: pool, pipe },
        streams: {
          acquire: (h, signal) => ssh.acquire(h, signal),
          // The stop's signal: a stop given up on never runs later (after a reconnect).
          exec: (h, cmd, o) =>
            ssh.exec(h, cmd, { timeoutMs: 15_000, ...(o?.signal ? { signal: o.signal } : {}) }),
        },
        aws: async () => (await load('aws'), need('aws')),
        host: (idOrName) => base.hosts.get(idOrName),
        owner: base.owner,
      });
      s.workflows = workflows;
      stops.push(() => workflows.stopAll());
      if (watchesClusters(base)) {
        const monitor = await startMonitor(base, failover, workflows);
        stops.push(() => monitor.stop());
      }
    },
    metrics: async () => {
      await Promise.all([load('ssh'), load('mysql')]);
      const { createMetricsArea } = await import('./metrics/metrics-area');
      if (!mysqlPool) throw new Error('core area mysql is not loaded');
      const m = createMetricsArea(base, need('ssh'), mysqlPool.pool);
      Object.assign(s, {
        metrics: m.metrics,
        checks: m.checks,
        deploy: m.deploy,
        timeline: m.timeline,
      });
      // Collectors close their channels before the SSH pool goes (stops run in reverse).
      stops.push(() => m.stop());
    },
  };

  const loading = new Map<Area, Promise<void>>();
  const loaded = new Set<Area>();
  function load(area: Area): Promise<void> {
    let p = loading.get(area);
    if (!p) {
      p = loaders[area]().then(() => void loaded.add(area));
      // A failed load (a missing native module) can be retried by the next call.
      p.catch(() => loading.delete(area));
      loading.set(area, p);
    }
    return p;
  }
  function needPool() {
    if (!mysqlPool) throw new Error('core area mysql is not loaded');
    return mysqlPool;
  }
  function need<K extends keyof AreaServices>(key: K): AreaServices[K] {
    const value = s[key];
    if (!value) throw new Error(`core area for ${key} is not loaded`);
    return value;
  }

  return {
    load,
    isLoaded: (area) => loaded.has(area),
    peek: (key) => s[key],
    async shutdown() {
      await Promise.allSettled([...loading.values()]);
      for (const stop of stops.reverse()) await stop();
    },
  };
}
