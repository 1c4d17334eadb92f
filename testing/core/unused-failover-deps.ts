import type { FailoverDeps } from '../../src-main/core/workflows/failover/deps';

/**
 * Failover dependencies for unit tests that only build a failover/switchover workflow definition
 * (its steps, notes or discards): every dependency but the clock throws, naming `what` the test
 * does, so a test that reaches a real dependency fails saying so.
 */
export function unusedFailoverDeps(what: string): FailoverDeps {
  const unused = () => {
    throw new Error(`not used by ${what}`);
  };
  return {
    view: unused,
    cluster: unused,
    clusterOfHost: unused,
    saveCluster: unused,
    reports: { save: unused, failoversSince: unused },
    vault: { put: unused, get: unused },
    closeMysql: unused,
    hosts: unused,
    run: unused,
    clock: { now: () => new Date() },
    startChild: unused,
  };
}
