/** What the benchmarks drive, bundled by build.mjs (the core is TypeScript). */
export { composeServices } from '../../src-main/server/compose';
export { startWebServer } from '../../src-main/server/web/web-server';
export { startTestSshd } from '../../testing/ssh/sshd';
