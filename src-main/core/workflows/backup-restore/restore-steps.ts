import { z } from 'zod';
import type { BackupRestoreParams } from '../../../contract';
import { formatDuration } from '../../../contract/format';
import { swapInDataDir } from '../../mysql/physical-restore';
import { loadDump, removeStaging, stageHot } from '../../backups/restore/restore-backup';
import { serverInfo } from '../../backups/server-info';
import {
  mountRestoredSet,
  removeRestoredVolumes,
  restoreMember,
} from '../../backups/snapshot/restore-set';
import type { OutputOf, Step } from '../engine/definition';
import type { BackupWorkflowDeps } from '../backup-run/deps';
import { CHECK, RESTORED, STAGED } from './outputs';
import { judged } from './restore-test';

type P = BackupRestoreParams;
type Deps = BackupWorkflowDeps;

const Volume = z.object({ volumeId: z.string(), device: z.string(), path: z.string() });

/**
 * Everything that can be made ready without touching the target's data, and undone: a hot
 * backup unpacked and prepared in a staging folder; a snapshot set's volumes created from its
 * snapshots and attached, one child per member. A dump has nothing to stage.
 */
export const stage = (deps: Deps): Step<P, OutputOf<typeof STAGED>> => ({
  ...STAGED,
  title: 'Stage the backup on the target (its data untouched)',
  async check(ctx) {
    return deps.catalog.get(ctx.params.backupId).kind === 'dump';
  },
  run: (ctx) =>
    judged(ctx, deps, 'staging the backup', async (entry) => {
      const onto = ctx.host(ctx.params.onto);
      const { set } = ctx.get(CHECK);
      if (entry.kind === 'hot') {
        const info = await serverInfo(ctx, onto);
        return stageHot(ctx, deps.catalog, { entry, onto, info });
      }
      if (!set) return { bytes: 0 };
      const members = entry.snapshots ?? [];
      const made = await ctx.forEach(
        members.map((member, n) => ({ member, device: set.devices[n] as string })),
        {
          key: (m) => m.member.volumeId,
          title: (m) => `${m.member.snapshotId} → ${m.device}`,
          limit: 8,
          output: Volume,
        },
        (child, m) =>
          restoreMember(child, {
            entry,
            onto,
            target: set,
            ...m,
            scratchRun: ctx.params.scratchRun,
          }),
      );
      return { volumes: [...made.values()], bytes: 0 };
    }),
  async undo(ctx) {
    const onto = ctx.host(ctx.params.onto);
    const { set } = ctx.get(CHECK);
    if (set) return removeRestoredVolumes(ctx, set);
    const staged = ctx.find(STAGED)?.staging;
    const datadir = ctx.get(CHECK).datadir;
    await removeStaging(
      ctx,
      onto,
      staged ??
        `${datadir.replace(/\/[^/]+$/, '') || ''}/.opsdeck-restore-${ctx.params.backupId.slice(-8)}`,
    );
  },
});

/**
 * The point of no return: the target's data is replaced — a dump loaded (its databases dropped
 * and re-created), a hot backup swapped into the data dir (the old content kept aside), a
 * snapshot set mounted over the data dir. A failure from here is not rolled back.
 */
export const replace = (deps: Deps): Step<P, OutputOf<typeof RESTORED>> => ({
  ...RESTORED,
  title: 'Replace the target’s data with the backup',
  pointOfNoReturn: true,
  manual:
    'The target’s data was being replaced: the run’s changes and files left say how far it got (a hot restore keeps the old data dir content aside; a snapshot restore leaves its volumes attached). Restore again onto the target, or put its data back by hand.',
  run: (ctx) =>
    judged(ctx, deps, 'the restore', async (entry) => {
      const started = performance.now();
      const onto = ctx.host(ctx.params.onto);
      const check = ctx.get(CHECK);
      let bytes = 0;
      if (entry.kind === 'dump') {
        const info = await serverInfo(ctx, onto);
        ctx.changed(
          `loading ${entry.id} into ${onto.name} (${check.replaced.join(', ') || 'no existing databases'} replaced)`,
        );
        bytes = (await loadDump(ctx, deps.catalog, { entry, onto, info })).bytes;
      } else if (entry.kind === 'hot') {
        const info = await serverInfo(ctx, onto);
        const staging = ctx.get(STAGED).staging as string;
        await swapInDataDir(ctx, {
          host: onto,
          staging,
          datadir: info.datadir,
          aside: `${info.datadir}.opsdeck-before-${entry.id.slice(-8)}`,
          tool: info.dialect.hotBackup,
          holds: `backup ${entry.id} of ${entry.hostName}`,
          asideWhat: `${onto.name}'s data directory content before restore ${entry.id}`,
          closeMysql: deps.closeMysql,
        });
        await removeStaging(ctx, onto, staging);
        bytes = ctx.get(STAGED).bytes;
      } else {
        const volumes = ctx.get(STAGED).volumes ?? [];
        await mountRestoredSet(ctx, {
          entry,
          onto,
          datadir: check.datadir,
          paths: volumes.map((v) => v.path),
          closeMysql: deps.closeMysql,
        });
      }
      const durationMs = Math.round(performance.now() - started);
      if (!ctx.dryRun)
        ctx.log(`Restored ${entry.id} onto ${onto.name} in ${formatDuration(durationMs)}.`);
      return { bytes, durationMs };
    }),
});
