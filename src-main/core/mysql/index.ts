/** MySQL layer of the core: pooled logins (SSH tunnel or direct), dialects, topology, actions. */
import type { Host } from '../../contract';
import type { Clock } from '../clock';
import type { Vault } from '../secrets/vault';
import type { SshPool } from '../ssh';
import { pipeBetween } from '../ssh/pipe';
import type { AuditRepo } from '../store/audit-repo';
import type { RemotePipe } from '../ssh/pipe';
import { MysqlPool } from './connection';
import { MysqlService } from './service';

export { MysqlPool } from './connection';
export { mysqlTarget } from './login-target';
export type { MysqlExecutor, QueryResult } from './executor';
export { MysqlService } from './service';
export type { ServerProbe } from './server-probe';
export { mapMysqlError, type MysqlTarget } from './errors';
export { dialectOf, dialectFor, detectServer } from './dialects/detect';
export type { Dialect, SeedCoordinates } from './dialects/dialect';
export { parseReplicaStatus, parseReplicaStatusRows, primaryConnection } from './status-parse';

export interface MysqlServices {
  pool: MysqlPool;
  service: MysqlService;
  /** Streams a command's output on one host into a command on another (replica seeding). */
  pipe: RemotePipe;
}

export function createMysqlServices(deps: {
  ssh: SshPool;
  vault: Vault;
  hosts: { get(idOrName: string): Host; list(): Host[] };
  audit: AuditRepo;
  clock: Clock;
}): MysqlServices {
  const pool = new MysqlPool({ ssh: deps.ssh, vault: deps.vault });
  const service = new MysqlService({ pool, ...deps });
  const pipe: RemotePipe = (from, command, to, into, options) =>
    pipeBetween(
      {
        acquire: (h, signal) => deps.ssh.acquire(h, signal),
        exec: (h, cmd, o) =>
          deps.ssh.exec(h, cmd, { timeoutMs: 15_000, ...(o?.signal ? { signal: o.signal } : {}) }),
      },
      from,
      command,
      to,
      into,
      options,
    );
  return { pool, service, pipe };
}
