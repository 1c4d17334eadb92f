import {
  newInstanceRefusal,
  OpsdeckError,
  snapshotPlace,
  toErrorShape,
  type BackupEntry,
} from '../../../contract';
import { requireRestorable } from '../../backups/restore/restore-backup';
import { serverInfo } from '../../backups/server-info';
import { cancelledError, throwIfAborted } from '../../common/cancel';
import { waitUntil } from '../../common/wait';
import type { OutputOf, Step } from '../engine/definition';
import type { NewInstanceDeps } from './deps';
import { LAUNCH, READY, RESTORE, target, type Ctx, type P } from './outputs';

/** Errors that waiting cannot fix: the login itself is wrong. */
const PERMANENT = new Set([
  'SSH_AUTH_FAILED',
  'SSH_KEY_UNREADABLE',
  'HOST_KEY_REJECTED',
  // A key other than the one trusted for that address: a recycled IP or a MITM, never waited out.
  'HOST_KEY_CHANGED',
]);

/** Before anything is launched (and billed): the backup is whole and restorable. */
export const check = (deps: NewInstanceDeps): Step<P> => ({
  id: 'check',
  title: 'Check the backup',
  async run(ctx) {
    const entry = deps.catalog.get(ctx.params.backupId);
    requireRestorable(entry);
    const place = snapshotPlace(entry);
    if (place) await checkPlace(ctx, entry, place);
    ctx.log(
      `${entry.kind} backup ${entry.id} of ${entry.hostName} (${entry.tool}); the instance: ${ctx.params.launch.instanceType} from ${ctx.params.launch.imageId} in ${ctx.params.launch.account}${ctx.params.launch.region ? `/${ctx.params.launch.region}` : ''}${ctx.params.keepInstance ? ', kept afterwards' : ', terminated afterwards'}.`,
    );
  },
});

/**
 * A snapshot set: the instance must be launched in its snapshots' account and region (both
 * regions resolved, so the account's default compares as itself); the plan says what becomes
 * of the volumes made from the snapshots.
 */
async function checkPlace(
  ctx: Ctx,
  entry: BackupEntry,
  place: { account: string; region?: string },
): Promise<void> {
  const launch = ctx.params.launch;
  const regionOf = (t: { account: string; region?: string | undefined }) =>
    ctx.aws.read(t, `the region of ${t.account}`, async (s) => s.region);
  // Another account is refused as named; the same one compares its resolved regions.
  const refusal =
    newInstanceRefusal(entry, launch) ??
    newInstanceRefusal(
      { ...entry, destination: `ec2://${place.account}/${await regionOf(place)}` },
      { account: launch.account, region: await regionOf(launch) },
    );
  if (refusal) throw new OpsdeckError(refusal.code, refusal.message, refusal.hint);
  const n = entry.snapshots?.length ?? 0;
  ctx.log(
    `EBS snapshot set: ${n} volume(s) are made from its snapshots in the instance's zone, attached with DeleteOnTermination (they are deleted when the instance is terminated${ctx.params.keepInstance ? ', also later by hand' : ''}), assembled and mounted over its data dir; an undo also deletes any not attached.`,
  );
}

/**
 * Until MySQL answers on the new host (an AMI's user data may still be installing it when sshd
 * is up). A login that is refused fails at once: waiting would not change it.
 */
export const mysqlUp = (deps: NewInstanceDeps): Step<P> => ({
  id: 'mysql',
  title: 'Wait for MySQL on the instance',
  async run(ctx) {
    if (ctx.dryRun) return;
    const host = ctx.host(ctx.get(READY).hostId);
    const answer = await waitUntil(
      async () => {
        try {
          const info = await serverInfo(ctx, host);
          ctx.log(`${host.name}: ${info.dialect.flavor} answers, data dir ${info.datadir}.`);
          return { failed: undefined };
        } catch (err) {
          if (PERMANENT.has(toErrorShape(err).code)) return { failed: err };
          throw err;
        }
      },
      {
        what: `MySQL on ${host.name}`,
        pollMs: deps.pollMs ?? 3000,
        timeoutMs: ctx.params.ssh.timeoutSec * 1000,
        signal: ctx.signal,
        tolerateErrors: true,
        hint: 'Install and start MySQL/MariaDB on the instance (an AMI with it, or user data that installs it), then start the test again.',
      },
    );
    if (answer.failed) throw toError(answer.failed);
  },
});

const toError = (err: unknown) => {
  const e = toErrorShape(err);
  return new OpsdeckError(e.code, e.message, e.hint);
};

/**
 * The restore test itself: `backup-restore` onto the new host as a run of its own (its plan,
 * log and verdict are the same as onto any scratch host), waited for.
 */
export const restore = (deps: NewInstanceDeps): Step<P, OutputOf<typeof RESTORE>> => ({
  ...RESTORE,
  title: 'Restore and verify on the instance (backup-restore, as a child run)',
  async run(ctx) {
    const entry = deps.catalog.get(ctx.params.backupId);
    const ready = ctx.get(READY);
    const launched = ctx.get(LAUNCH);
    const params = {
      backupId: entry.id,
      onto: ready.hostName,
      test: true,
      // A snapshot set's volumes are made for this instance and go with it.
      ...(entry.kind === 'snapshot'
        ? { instanceId: launched.instanceId || undefined, scratchRun: ctx.runId }
        : {}),
    };
    if (ctx.dryRun) {
      // The plan names what becomes of a snapshot set's volumes (the child makes them).
      if (entry.kind === 'snapshot')
        await ctx.aws.write(
          target(ctx.params),
          `backup-restore (child run): CreateVolume from each of the ${entry.snapshots?.length ?? 0} snapshots in the instance's zone, AttachVolume, ModifyInstanceAttribute DeleteOnTermination=true — the volumes are deleted with the instance`,
          () => Promise.resolve(undefined),
        );
      ctx.log(
        `would run backup-restore of ${entry.id} onto the new instance's host, recording its restore test`,
      );
      return { runId: '', status: 'planned', verdict: '' };
    }
    const child = await deps.restoreChild(params, ctx.runId, ctx.signal);
    // Cancelled: the child was cancelled with this run and has ended; this run rolls back.
    throwIfAborted(ctx.signal, () =>
      cancelledError('The restore test', `Run ${child.runId} was cancelled with it.`),
    );
    const test = deps.catalog.get(entry.id).restoreTest;
    const verdict =
      test?.runId === child.runId ? `${test.status}: ${test.message}` : 'no verdict recorded';
    ctx.log(`Restore test run ${child.runId} ended ${child.status} — ${verdict}`);
    if (child.status !== 'succeeded')
      throw new OpsdeckError(
        child.error?.code ?? 'WORKFLOW_STEP_FAILED',
        `The restore test on ${ready.hostName} (run ${child.runId}) ended ${child.status}${child.error ? `: ${child.error.message}` : ''}`,
        `Open run ${child.runId} for its log.${ctx.params.keepInstance ? '' : ' The instance is terminated now.'}`,
      );
    return { runId: child.runId, status: child.status, verdict };
  },
});
