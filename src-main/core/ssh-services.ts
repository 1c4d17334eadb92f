import { join } from 'node:path';
import type { Clock } from './clock';
import type { EventBus } from './event-bus';
import { ClusterExec } from './exec/cluster-exec';
import { SftpFiles } from './files/sftp-files';
import { Transfers } from './files/transfers';
import type { HostService } from './inventory/host-service';
import type { SshPool } from './ssh';
import type { AuditRepo } from './store/audit-repo';
import type { Db } from './store/database';
import { ExecRepo } from './store/exec-repo';
import { TerminalManager } from './terminals/terminal-manager';

export interface SshServicesDeps {
  db: Db;
  pool: SshPool;
  hosts: HostService;
  bus: EventBus;
  clock: Clock;
  audit: AuditRepo;
  dataDir: string;
}

/** Terminals, cluster exec, SFTP files and transfers: everything built on the SSH pool. */
export function createSshServices(deps: SshServicesDeps) {
  const { pool, hosts, bus, clock, audit } = deps;
  const terminals = new TerminalManager({
    pool,
    bus,
    clock,
    host: (id) => hosts.get(id),
    logDir: join(deps.dataDir, 'terminal-logs'),
  });
  const exec = new ClusterExec({ pool, hosts, repo: new ExecRepo(deps.db), audit, bus, clock });
  const files = new SftpFiles({ pool, hosts, audit, clock });
  const transfers = new Transfers({ pool, hosts, bus, audit, clock });
  return {
    terminals,
    exec,
    files,
    transfers,
    /** Shutdown: end sessions and let runs and transfers record how they ended. */
    async stop(): Promise<void> {
      terminals.closeAll();
      await Promise.all([exec.stopAll(), transfers.stopAll()]);
    },
  };
}
