import type { AreaBase } from '../area-base';
import { CheckEngine } from '../checks/check-engine';
import { DeployService } from '../deploy/deploy-service';
import type { MysqlPool } from '../mysql/connection';
import type { SshPool } from '../ssh/ssh-pool';
import { BackupsRepo } from '../store/backups-repo';
import { ChecksRepo } from '../store/checks-repo';
import { DeployRepo } from '../store/deploy-repo';
import { KnownHostsRepo } from '../store/known-hosts-repo';
import { TimelineRepo } from '../store/timeline-repo';
import { MetricsService } from './metrics-service';

export interface MetricsArea {
  metrics: MetricsService;
  checks: CheckEngine;
  deploy: DeployService;
  timeline: TimelineRepo;
  stop(): void;
}

/**
 * The metrics area of the core: SSH collectors and Prometheus (MetricsService), the check engine,
 * deployment suites and the incident timeline. A long-running core (desktop, `opsdeck serve`)
 * also runs what works by itself: checks watching their hosts, rollups, scheduled suites; a CLI
 * run never does (it must not connect to every checked host).
 */
export function createMetricsArea(base: AreaBase, ssh: SshPool, mysql: MysqlPool): MetricsArea {
  const knownHosts = new KnownHostsRepo(base.db);
  const metrics = new MetricsService({
    ...{ db: base.db, hosts: base.hosts, ssh, mysql, bus: base.bus, clock: base.clock },
    knowsHostKey: (h) =>
      [h.address, h.name].some((n) => knownHosts.forHost(n.toLowerCase(), h.port).length > 0),
  });
  const backups = new BackupsRepo(base.db);
  const checks = new CheckEngine({
    ...{ repo: new ChecksRepo(base.db), collectors: metrics.collectors },
    ...{ hosts: base.hosts, bus: base.bus, clock: base.clock },
    // Backup checks read the catalog's rows: the backups area (its destinations) is not loaded.
    restoreTests: (host) => backups.restoreTested(host),
  });
  const deploy = new DeployService({
    ...{ repo: new DeployRepo(base.db), hosts: base.hosts, ssh, mysql, vault: base.vault },
    ...{ audit: base.audit, bus: base.bus, clock: base.clock, door: base.door },
    metricsSettings: (hostId) => metrics.settingsRepo.host(hostId),
  });
  if (base.door !== 'cli') {
    metrics.start();
    checks.start();
    deploy.startScheduler();
  }
  return {
    metrics,
    checks,
    deploy,
    timeline: new TimelineRepo(base.db),
    stop: () => {
      checks.stop();
      deploy.stop();
      metrics.shutdown();
    },
  };
}
