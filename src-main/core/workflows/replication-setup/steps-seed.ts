import { OpsdeckError, toErrorShape } from '../../../contract';
import type { OutputOf, Step } from '../engine/definition';
import { pair, type Ctx, type ReplicationDeps } from './io';
import { SEED, type SeedOutput } from './outputs';
import { seedByDump } from './seeds/dump';
import { seedByHotBackup } from './seeds/hot-backup';
import { seedFromBackup } from './seeds/from-backup';

const PLANNED = (method: SeedOutput['method']): SeedOutput => ({
  method,
  bytes: 0,
  file: '<from the seed>',
  position: 4,
  gtid: '<from the seed>',
});

/** Copy the master's data to the replica; the seed's own coordinates are its output. */
export function seedStep(deps: ReplicationDeps): Step<Ctx['params'], OutputOf<typeof SEED>> {
  return {
    ...SEED,
    title: 'Seed the replica (from the master, or from a backup of it)',
    async check(ctx) {
      return ctx.saved?.method === ctx.params.seed;
    },
    async run(ctx) {
      try {
        // A catalogued backup's coordinates are known before it is loaded: a plan shows them.
        if (ctx.params.seed === 'backup') return await seedFromBackup(ctx, deps);
        const seed =
          ctx.params.seed === 'dump' ? await seedByDump(ctx) : await seedByHotBackup(ctx, deps);
        // A plan has no seed to read coordinates from: later steps plan with placeholders.
        return ctx.dryRun ? PLANNED(ctx.params.seed) : seed;
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
  const all = ctx.changes();
  return all.length
    ? `Changed on ${replica} by this run so far: ${all.join('; ')}.`
    : `Nothing was changed on ${replica} before the seed.`;
}
