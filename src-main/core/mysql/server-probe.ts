import type { Host, ReplicaStatus, ServerFacts } from '../../contract';
import type { Dialect } from './dialects/dialect';

/** What a probe of one server returns (MysqlService.probe; read by topology, actions, failover). */
export interface ServerProbe {
  host: Host;
  facts: ServerFacts;
  dialect: Dialect;
  replication: ReplicaStatus[];
}
