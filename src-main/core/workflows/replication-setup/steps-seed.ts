import { OpsdeckError, toErrorShape } from '../../../contract';
import type { Step } from '../engine/definition';
import { pair, type Ctx, type ReplicationDeps } from './io';
import { seedByDump } from './seeds/dump';
import { seedByHotBackup } from './seeds/hot-backup';
import { seedOf } from './steps-replica';

/** Copy the master's data to the replica; the seed's own coordinates go to the output. */
export function seedStep(deps: ReplicationDeps): Step<Ctx['params']> {
  return {
    id: 'seed',
    title: 'Seed the replica from the master',
    async check(ctx) {
      return seedOf(ctx)?.method === ctx.params.seed;
    },
    async run(ctx) {
      try {
        const seed =
          ctx.params.seed === 'dump' ? await seedByDump(ctx) : await seedByHotBackup(ctx, deps);
        if (!ctx.dryRun) ctx.output.seed = seed;
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        const e = toErrorShape(err);
        throw new OpsdeckError(e.code, `${e.message} ${changesSoFar(ctx)}`, e.hint, { cause: err });
      }
    },
  };
}

/** "What was changed": every change this run made on the replica so far, for error messages. */
export function changesSoFar(ctx: Ctx): string {
  const replica = pair(ctx).replica.name;
  const config = (ctx.output.replicaConfigChanges as string[] | undefined) ?? [];
  const other = (ctx.output.replicaChanges as string[] | undefined) ?? [];
  const all = [...(config.length ? [`config: ${config.join(', ')}`] : []), ...other];
  return all.length
    ? `Changed on ${replica} by this run so far: ${all.join('; ')}.`
    : `Nothing was changed on ${replica} before the seed.`;
}
