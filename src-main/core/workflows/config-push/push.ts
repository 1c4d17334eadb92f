import { z } from 'zod';
import { fileKindOf, type ConfigPushParams, type Host } from '../../../contract';
import { auditDiffDetail, maskConfigSecrets } from '../../diff/mask-secrets';
import {
  readCurrent,
  reloadAfter,
  restoreBackup,
  sha256Of,
  validateNew,
  verifyContent,
  writeNew,
} from '../../diff/push-pieces';
import type { SnapshotStore } from '../../diff/snapshot-store';
import { unifiedDiff } from '../../diff/unified';
import { Redactor } from '../../redact';
import type { NewAuditRecord } from '../../store/audit-repo';
import type { ChildContext, Step, StepContext } from '../engine/definition';
import { contentFor } from './baseline';
import { effectsExec } from './effects-exec';

type Params = ConfigPushParams;

/** Hosts written so far (saved as the children finish): what the undo puts back, in reverse. */
const Pushed = z.object({
  pushed: z.array(z.object({ hostId: z.string(), backupPath: z.string().nullable() })),
});
type Pushed = z.infer<typeof Pushed>;

const HostResult = z.object({ changed: z.boolean(), backupPath: z.string().nullable() });

/**
 * One host: read what is there (the same content already: nothing to do), validate the new
 * content in place, keep the old one as a snapshot, write atomically with a backup, reload,
 * verify. A failure after the write puts this host's backup back before the step fails, so each
 * host is either done or as it was; the step's undo then restores the done ones.
 */
async function pushOne(
  ctx: StepContext<Params, Pushed>,
  child: ChildContext<Params>,
  host: Host,
  deps: PushDeps,
  pushed: Pushed['pushed'],
): Promise<z.infer<typeof HostResult>> {
  const { path } = ctx.params;
  const exec = (kind: 'read' | 'write', purpose: string) => effectsExec(child.ssh, kind, purpose);
  const content = await contentFor(child, deps.snapshots, host);
  const file = { host, path, content };
  const current = await readCurrent(exec('read', `read ${path}`), file);
  if (!current.missing && sha256Of(current.data) === sha256Of(content)) {
    child.log(`${host.name} already has this content: nothing to do`);
    return { changed: false, backupPath: null };
  }
  const diff = unifiedDiff({
    a: current.text,
    b: content.toString('utf8'),
    nameA: `${host.name}:${path} (now)`,
    nameB: `${host.name}:${path} (baseline)`,
    options: { ignoreWhitespace: false, ignoreComments: false, kind: fileKindOf(path) },
    context: 1,
  });
  const stat = current.missing
    ? 'creates the file'
    : `+${diff.stats.added} −${diff.stats.removed} lines`;
  child.log(`${stat}\n${maskConfigSecrets(diff.unified, new Redactor())}`);
  // The push of this host, with its diff (secrets masked), in the audit trail: not while planning.
  const audit = (outcome: 'ok' | 'failed', what: string) => {
    if (child.dryRun) return;
    deps.audit({
      at: deps.now().toISOString(),
      door: 'workflow',
      target: host.name,
      action: 'config-push: file',
      detail: auditDiffDetail(`${path}: ${what} (${stat})`, diff.unified, new Redactor()),
      outcome,
      runId: ctx.runId,
    });
  };
  let validated = 'not validated';
  if (ctx.params.validate) {
    const v = await validateNew(
      exec('write', `validate the new ${path} in place`),
      file,
      current.etag,
    ).catch((err: unknown) => {
      audit('failed', 'not pushed: the new file failed validation, nothing replaced');
      throw err;
    });
    if (v) child.log(`validated: ${v.command}`);
    validated = v ? `validated: ${v.command}` : 'no validation for this file';
  }
  if (!child.dryRun && !current.missing)
    await deps.snapshots.save({
      hostId: host.id,
      hostName: host.name,
      path,
      content: current.data,
      reason: 'before-save',
      note: `before config-push run ${ctx.runId}`,
      door: 'workflow',
    });
  const written = await writeNew(
    exec('write', `replace ${path} (atomic, backup kept)`),
    file,
    current.etag,
    deps.now(),
  );
  if (child.dryRun) {
    if (ctx.params.reload) await reloadAfter(exec('write', `reload after ${path}`), host, path);
    return { changed: true, backupPath: null };
  }
  pushed.push({ hostId: host.id, backupPath: written.backupPath });
  ctx.save({ pushed: [...pushed] });
  child.changed(`${path} on ${host.name} replaced by the baseline`);
  if (written.backupPath) child.leftFile(host, written.backupPath, `${path} before the push`);
  const backup = `backup ${written.backupPath ?? 'none (new file)'}`;
  let reloaded = 'no reload';
  let phase = 'the reload';
  try {
    if (ctx.params.reload) {
      const r = await reloadAfter(exec('write', `reload after ${path}`), host, path);
      if (r) child.log(`reloaded: ${r.command}`);
      reloaded = r ? `reloaded: ${r.command}` : 'no reload command for this file';
    }
    phase = 'the check of the written content';
    await verifyContent(exec('read', `verify ${path}`), file);
  } catch (err) {
    audit(
      'failed',
      `pushed, then ${phase} failed ` +
        `(${err instanceof Error ? err.message : String(err)}); put back from the backup; ${backup}; ${validated}`,
    );
    child.log(
      `putting ${host.name}'s previous ${path} back from ${written.backupPath ?? '(new file: removing it)'}`,
      'warn',
    );
    await restoreBackup(
      exec('write', `restore ${path} from the backup`),
      host,
      path,
      written.backupPath,
    );
    if (ctx.params.reload)
      await reloadAfter(exec('write', `reload after restoring ${path}`), host, path).catch(
        () => undefined,
      );
    pushed.splice(
      pushed.findIndex((p) => p.hostId === host.id),
      1,
    );
    ctx.save({ pushed: [...pushed] });
    throw err;
  }
  audit('ok', `pushed; ${backup}; ${validated}; ${reloaded}; content verified`);
  return { changed: true, backupPath: written.backupPath };
}

export interface PushDeps {
  snapshots: SnapshotStore;
  now(): Date;
  /** The core's audit trail: one record per pushed host, with its diff. */
  audit(record: NewAuditRecord): void;
}

/** Fan-out over the targets; the first failure stops new hosts; undo restores from the backups. */
export function pushStep(deps: PushDeps): Step<Params, Pushed> {
  return {
    id: 'push',
    title: 'Validate, write, reload and verify on each host',
    output: Pushed,
    async run(ctx) {
      const pushed = [...(ctx.saved?.pushed ?? [])];
      const targets = ctx.params.targets.map((t) => ctx.host(t));
      await ctx.forEach(
        targets,
        {
          key: (h) => h.id,
          title: (h) => h.name,
          limit: ctx.params.parallel,
          output: HostResult,
          failFast: true,
        },
        (child, host) => pushOne(ctx, child, host, deps, pushed),
      );
      return { pushed };
    },
    async undo(ctx) {
      const pushed = [...(ctx.saved?.pushed ?? [])].reverse();
      for (const p of pushed) {
        const host = ctx.host(p.hostId);
        const { path } = ctx.params;
        await restoreBackup(
          effectsExec(ctx.ssh, 'write', `restore ${path} from the backup`),
          host,
          path,
          p.backupPath,
        );
        if (ctx.params.reload)
          await reloadAfter(
            effectsExec(ctx.ssh, 'write', `reload after restoring ${path}`),
            host,
            path,
          );
        ctx.changed(
          `${path} on ${host.name} restored from ${p.backupPath ?? 'nothing (the push created it: removed)'}`,
        );
      }
    },
  };
}
