import type { Core } from '../../core/create-core';
import { standalonePreflight } from '../../core/workflows/replication-setup/preflight';
import type { Handlers } from '../router';
import type { failoverHandlers } from './failover-handlers';

type MysqlMethod = Exclude<
  Extract<keyof Handlers, `mysql.${string}`>,
  keyof ReturnType<typeof failoverHandlers>
>;

/** MySQL: thin bindings to core.mysql (all decisions are made in the core). */
export function mysqlHandlers(core: Core): Pick<Handlers, MysqlMethod> {
  const m = core.mysql;
  return {
    'mysql.facts': ({ host }) => m.facts(host),
    'mysql.replicaStatus': ({ host }) => m.replicaStatus(host),
    'mysql.topology': ({ host }) => m.topology(host),
    'mysql.replicaError': ({ host }) => m.replicaError(host),
    'mysql.action': (params, call) => m.action(params, call.door),
    'mysql.preflight': (params) => standalonePreflight(core, params),
  };
}
