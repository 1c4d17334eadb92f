/** What the benchmarks drive, bundled by build.mjs (the core is TypeScript). */
export { composeServices } from '../../src-main/server/compose';
export { startWebServer } from '../../src-main/server/web/web-server';
export { startTestSshd } from '../../testing/ssh/sshd';
// The failover bench builds and puts back its cluster the way the integration tests do.
export { buildLabCluster, resetLabCluster } from '../../testing/lab/failover-lab';
export { restoreLabHaproxy } from '../../testing/lab/proxy-lab';
