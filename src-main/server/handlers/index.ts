import type { Core } from '../../core/create-core';
import type { Handlers } from '../router';
import { appHandlers } from './app-handlers';
import { backupHandlers } from './backup-handlers';
import { ec2Handlers } from './ec2-handlers';
import { hostHandlers } from './host-handlers';
import { mysqlHandlers } from './mysql-handlers';
import { haproxyHandlers } from './haproxy-handlers';
import { failoverHandlers } from './failover-handlers';
import { sshHandlers } from './ssh-handlers';
import { tunnelHandlers } from './tunnel-handlers';
import { vaultHandlers } from './vault-handlers';
import { watchHandlers } from './watch-handlers';
import { metricsHandlers } from './metrics-handlers';
import { workflowHandlers } from './workflow-handlers';
import { diffHandlers } from './diff-handlers';

/** Binds every contract method to the core. The type makes a missing method a compile error. */
export function createHandlers(core: Core): Handlers {
  return {
    ...appHandlers(core),
    ...vaultHandlers(core),
    ...hostHandlers(core),
    ...workflowHandlers(core),
    ...sshHandlers(core),
    ...tunnelHandlers(core),
    ...ec2Handlers(core),
    ...mysqlHandlers(core),
    ...haproxyHandlers(core),
    ...failoverHandlers(core),
    ...diffHandlers(core),
    ...watchHandlers(core),
    ...metricsHandlers(core),
    ...backupHandlers(core),
  };
}
