import { toErrorShape, type BackupEntry, type Retention } from '../../../contract';
import { formatBytes, formatDuration } from '../../../contract/format';
import { locationOf, parseDestination } from '../../backups/destinations/url';
import { streamBackup } from '../../backups/run/stream-backup';
import { serverInfo } from '../../backups/server-info';
import { verifyBackup } from '../../backups/verify/verify-backup';
import { onSourceWarning, runVerifyHost } from '../../backups/verify/verify-host';
import type { OutputOf, Step } from '../engine/definition';
import type { BackupWorkflowDeps } from './deps';
import { backupId, fileName } from './naming';
import { backupPreflight } from './preflight';
import { CATALOGUE, PLAN, TAKEN, type Ctx, type Taken } from './outputs';
import { deleteSnapshots, takeSnapshots } from './snapshot-steps';
import type { BackupRunParams } from '../../../contract';

type P = BackupRunParams;
type Deps = BackupWorkflowDeps;

export const DEFAULT_RETENTION: Retention = { daily: 7, weekly: 4, monthly: 6 };

/** This run's catalog entry (undefined while planning). */
export const entryOf = (ctx: Ctx, deps: Deps): BackupEntry | undefined => {
  const c = ctx.find(CATALOGUE);
  return c && !ctx.dryRun ? deps.catalog.find(c.backupId) : undefined;
};

export const preflight = (deps: Deps): Step<P, OutputOf<typeof PLAN>> => ({
  ...PLAN,
  title: 'Check the server, the tools and the destination',
  async run(ctx) {
    const host = ctx.host(ctx.params.host);
    // A hot backup's verify host is settled before anything is taken: a named host that cannot
    // be used refuses the run; none to be had is said here, and the backup is taken unverified.
    if (ctx.params.kind === 'hot' && ctx.params.to) {
      const on = runVerifyHost(
        {
          id: '',
          kind: 'hot',
          hostId: host.id,
          hostName: host.name,
          destination: ctx.params.to,
        },
        ctx.params.verifyOn,
        (h) => ctx.host(h),
      );
      if ('unverified' in on) ctx.log(on.unverified, 'warn');
    }
    return backupPreflight(ctx, deps, host);
  },
});

/**
 * The entry is created `running` before anything is taken. Its undo (the run failed, was
 * cancelled or declined, and is rolled back) makes sure it never stays running or good.
 */
export const catalogue = (deps: Deps): Step<P, OutputOf<typeof CATALOGUE>> => ({
  ...CATALOGUE,
  title: 'Add the backup to the catalog',
  async run(ctx) {
    const host = ctx.host(ctx.params.host);
    const plan = ctx.get(PLAN);
    const now = deps.now();
    const id = backupId(host.name, now, deps.random());
    let destination: string;
    let location: string;
    let name: string | undefined;
    if (plan.ec2) {
      destination = `ec2://${plan.ec2.account}/${plan.ec2.region ?? 'default'}`;
      location = `${destination}/${plan.ec2.instanceId}/${id}`;
    } else {
      destination = ctx.params.to as string;
      name = fileName(host.name, id, ctx.params.kind, plan.tool, plan.compression);
      location = locationOf(parseDestination(destination), name);
    }
    if (!ctx.dryRun) {
      deps.catalog.create({
        id,
        kind: ctx.params.kind,
        tool: plan.tool,
        compression: plan.compression,
        destination,
        location,
        hostId: host.id,
        hostName: host.name,
        startedAt: now.toISOString(),
        runId: ctx.runId,
        ...(ctx.params.scheduleId ? { scheduleId: ctx.params.scheduleId } : {}),
      });
      ctx.changed(`catalog entry ${id} (running)`);
    }
    return { backupId: id, destination, location, ...(name ? { name } : {}) };
  },
  async undo(ctx) {
    const c = ctx.find(CATALOGUE);
    if (!c || ctx.dryRun) return;
    const entry = deps.catalog.find(c.backupId);
    const why =
      entry?.verify?.status === 'failed'
        ? `It failed verification (${entry.verify.message}); the stored file was removed.`
        : 'The run was rolled back before the backup was whole; this attempt is not a backup.';
    deps.catalog.abandon(c.backupId, why);
  },
});

/** A file backup: the tool's compressed stream into the destination, counted and hashed. */
async function takeFile(ctx: Ctx, deps: Deps): Promise<Taken> {
  const host = ctx.host(ctx.params.host);
  const plan = ctx.get(PLAN);
  const c = ctx.get(CATALOGUE);
  const info = await serverInfo(ctx, host);
  const r = await streamBackup(ctx, {
    backupId: c.backupId,
    host,
    kind: ctx.params.kind === 'hot' ? 'hot' : 'dump',
    tool: plan.tool,
    dialect: info.dialect,
    databases: plan.databases,
    tables: plan.tables,
    binlog: plan.binlog,
    compression: plan.compression,
    threads: Math.max(1, ctx.params.parallel),
    lockTimeoutMs: ctx.params.lockTimeoutSec * 1000,
    staging: `${plan.datadir.replace(/\/[^/]+$/, '') || ''}/.opsdeck-backup-${c.backupId}`,
    store: await deps.catalog.store(c.destination),
    name: c.name as string,
    location: c.location,
    count: plan.count,
    estimateBytes: plan.estimateBytes,
  });
  return {
    bytes: r.bytes,
    durationMs: r.durationMs,
    checksum: r.checksum,
    coordinates: r.coordinates,
    tables: r.tables,
    ...(r.lockMs !== undefined ? { lockMs: r.lockMs } : {}),
  };
}

/**
 * Take it. A file backup is finished in the catalog here (good, or failed with its error: the
 * partial file was removed and the space reported); a snapshot set once its snapshots complete.
 * The undo removes what a rolled-back run stored: the file, or the snapshots.
 */
export const take = (deps: Deps): Step<P, Taken> => ({
  ...TAKEN,
  title: 'Take the backup and store it',
  async run(ctx) {
    const c = ctx.get(CATALOGUE);
    const started = deps.now();
    try {
      const taken =
        ctx.params.kind === 'snapshot' ? await takeSnapshots(ctx, deps) : await takeFile(ctx, deps);
      if (ctx.dryRun) return taken;
      if (ctx.params.kind !== 'snapshot') {
        const entry = deps.catalog.finish(c.backupId, {
          ...taken,
          status: 'succeeded',
          finishedAt: deps.now().toISOString(),
        });
        ctx.changed(`${entry.location} stored (${formatBytes(entry.bytes)})`);
        const k = entry.coordinates;
        ctx.log(
          `Backup ${entry.id}: ${formatBytes(entry.bytes)} in ${formatDuration(entry.durationMs ?? 0)} (${formatBytes(entry.throughput ?? 0)}/s) → ${entry.location}${k.file ? ` at ${k.file}:${k.position}` : ''}${k.gtid ? `, GTID ${k.gtid}` : ''}; ${entry.tables.length} tables counted.`,
        );
      }
      return taken;
    } catch (err) {
      if (!ctx.dryRun)
        deps.catalog.finish(c.backupId, {
          status: 'failed',
          finishedAt: deps.now().toISOString(),
          bytes: 0,
          durationMs: deps.now().getTime() - started.getTime(),
          error: toErrorShape(err),
        });
      throw err;
    }
  },
  async undo(ctx) {
    const c = ctx.find(CATALOGUE);
    if (!c || ctx.dryRun) return;
    if (ctx.params.kind === 'snapshot') return deleteSnapshots(ctx, deps);
    const entry = deps.catalog.find(c.backupId);
    if (entry?.status !== 'succeeded' || !c.name) return;
    await (await deps.catalog.store(c.destination)).remove(c.name);
    ctx.log(`Removed ${c.location}: the run was rolled back.`, 'warn');
  },
});

export const verify = (deps: Deps): Step<P> => ({
  id: 'verify',
  title: 'Read the stored backup back and verify it',
  async check(ctx) {
    return ctx.params.kind === 'snapshot' || entryOf(ctx, deps)?.verify?.status === 'passed';
  },
  async run(ctx) {
    const entry = entryOf(ctx, deps);
    if (ctx.dryRun || !entry) return planVerify(ctx, deps);
    const on = runVerifyHost(entry, ctx.params.verifyOn, (h) => ctx.host(h));
    if ('unverified' in on) return ctx.log(on.unverified, 'warn');
    if (entry.kind === 'hot' && on.onSource) ctx.log(onSourceWarning(on.host), 'warn');
    const check = await verifyBackup(ctx, deps.catalog, entry, on.host);
    ctx.log(`Verified: ${check.message}.`);
  },
});

/**
 * The verify step of a planned run: a dump is checked on its source; a hot backup names its
 * verify host (checked now: its tools, and the choice itself) and plans the unpack and prepare
 * there, with a warning when it is the source.
 */
async function planVerify(ctx: Ctx, deps: Deps): Promise<void> {
  const c = ctx.find(CATALOGUE);
  const plan = ctx.find(PLAN);
  if (!ctx.dryRun || ctx.params.kind !== 'hot' || !c || !plan || !ctx.params.to) {
    ctx.log(
      'Plan: the stored file is read back, its sha256 compared, and it is decompressed and checked on the source host.',
    );
    return;
  }
  const source = ctx.host(ctx.params.host);
  const entry = {
    id: c.backupId,
    kind: 'hot' as const,
    tool: plan.tool,
    compression: plan.compression,
    hostId: source.id,
    hostName: source.name,
    destination: c.destination,
    location: c.location,
    status: 'succeeded' as const,
    startedAt: new Date(0).toISOString(),
    bytes: 0,
    coordinates: {},
    tables: [],
  };
  const on = runVerifyHost(entry, ctx.params.verifyOn, (h) => ctx.host(h));
  if ('unverified' in on) return ctx.log(on.unverified, 'warn');
  if (on.onSource) ctx.log(onSourceWarning(on.host), 'warn');
  ctx.log(
    `Plan: the stored file is read back, its sha256 compared, and it is unpacked and prepared on ${on.host.name} (${on.why}).`,
  );
  await verifyBackup(ctx, deps.catalog, entry, on.host);
}

/**
 * Retention of the series (host, kind, destination). It comes after the point of no return: a
 * failure here never rolls the new, verified backup back.
 */
export const retention = (deps: Deps): Step<P> => ({
  id: 'retention',
  title: 'Apply the retention policy to this series',
  pointOfNoReturn: true,
  manual:
    'The new backup is stored, verified and catalogued; only removing older backups did not finish. Delete the ones the policy names from the Backups area (or `opsdeck backup remove`), or resume the run.',
  async run(ctx) {
    const entry = entryOf(ctx, deps);
    const policy = ctx.params.retention;
    if (!policy) {
      ctx.log('No retention policy given: every backup is kept.');
      return;
    }
    if (ctx.dryRun || !entry) {
      ctx.log(
        `Plan: keep ${policy.daily} daily, ${policy.weekly} weekly, ${policy.monthly} monthly backups of this series; delete the rest.`,
      );
      return;
    }
    if (entry.kind === 'snapshot') {
      ctx.log(
        'Retention does not delete EBS snapshot sets: delete old sets’ snapshots (tagged opsdeck:backup) in the EC2 area.',
        'warn',
      );
      return;
    }
    const removed = await deps.catalog.applyRetention(entry, policy);
    for (const r of removed) ctx.changed(`retention removed ${r.location}`);
    ctx.log(
      removed.length
        ? `Retention removed ${removed.length} backup(s): ${removed.map((b) => b.id).join(', ')}.`
        : 'Retention: nothing to remove.',
    );
  },
});
