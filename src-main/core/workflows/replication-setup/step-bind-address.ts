import { OpsdeckError } from '../../../contract';
import type { OutputOf, Step } from '../engine/definition';
import { ctxIo, dialectOfHost, masterEndpoint, pair, type Ctx, type ReplicationDeps } from './io';
import { ENABLE_BINLOG, FIX_BIND_ADDRESS } from './outputs';
import { probeFromReplica } from './preflight-probes';
import { changeServerSettings } from './server-config';
import { preflightOf } from './steps-preflight';

/**
 * Only with fixBindAddress: the master listens where the replica reaches it. The new
 * bind-address (chosen by the preflight) is written where the setting wins, with a backup, and
 * the master restarted with its profile's command — unless the binary log step already set it in
 * its own restart. Then the replica's way in is tried again: the address the master now sees for
 * it is the host of the replication account.
 */
export function fixBindAddressStep(
  deps: ReplicationDeps,
): Step<Ctx['params'], OutputOf<typeof FIX_BIND_ADDRESS>> {
  return {
    ...FIX_BIND_ADDRESS,
    title: 'The master listens where the replica reaches it (bind-address)',
    requested: (params) => params.fixBindAddress,
    async run(ctx) {
      const { master, replica } = pair(ctx);
      const pf = preflightOf(ctx);
      const wanted = pf.bindAddress;
      if (!wanted) {
        ctx.log(`${master.name} already listens where ${replica.name} reaches it: nothing to do.`);
        return { bindAddress: '', sourceAddress: pf.sourceAddress };
      }
      if (ctx.find(ENABLE_BINLOG)?.bindAddress === wanted)
        ctx.log(
          `${master.name}: bind-address ${wanted} was set with the binary log (one restart).`,
        );
      else await changeServerSettings(ctx, deps, master, { bind_address: wanted }, true);
      if (ctx.dryRun) return { bindAddress: wanted, sourceAddress: pf.sourceAddress };
      const endpoint = masterEndpoint(master);
      const client = (await dialectOfHost(ctxIo(ctx), replica)).client;
      const seen = await probeFromReplica(ctxIo(ctx), replica, client, endpoint);
      if (seen.check.level === 'error')
        throw new OpsdeckError(
          'MYSQL_UNREACHABLE',
          `${master.name} listens on ${wanted} now, but ${seen.check.message}`,
          `Check the firewall between ${replica.name} and ${master.name} (port ${endpoint.port}), then resume.`,
        );
      ctx.log(seen.check.message);
      return { bindAddress: wanted, sourceAddress: seen.address ?? pf.sourceAddress };
    },
  };
}
