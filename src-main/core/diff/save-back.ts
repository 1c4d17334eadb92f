import {
  fileKindOf,
  OpsdeckError,
  toErrorShape,
  type CommandOutcome,
  type Host,
  type SaveBackResult,
  type SnapshotInfo,
} from '../../contract';
import type { Clock } from '../clock';
import type { Redactor } from '../redact';
import type { AuditRepo } from '../store/audit-repo';
import { configChecksFor } from './config-checks';
import { readHostFile, writeHostFile, type HostFileDeps } from './host-file';
import { auditDiffDetail, maskConfigSecrets } from './mask-secrets';
import { runConfigCommand } from './remote-file';
import type { SnapshotStore } from './snapshot-store';
import { unifiedDiff } from './unified';

export interface SaveBackDeps {
  hostFiles: HostFileDeps;
  snapshots: SnapshotStore;
  audit: AuditRepo;
  clock: Clock;
  redactor: Redactor;
}

export interface SaveBackRequest {
  host: Host;
  path: string;
  content: string;
  /** null: the file must not exist yet; undefined: whatever is there now (restore). */
  expectedEtag: string | null | undefined;
  /**
   * true: read and write through `sudo -n`; false: never (denied is PERMISSION_DENIED);
   * undefined: over SFTP, through `sudo -n` when SFTP is denied and the login needs it.
   */
  sudo: boolean | undefined;
  validate: boolean;
  reload: boolean;
  door: string;
  snapshotReason: SnapshotInfo['reason'];
  /** Shown in the audit record (e.g. "restore of snapshot #12"). */
  what?: string;
}

/**
 * Save a file back to a host, the careful way: read what is there (refuse at once if it is not the
 * version the user edited), keep it as a snapshot in the store, write the new content atomically
 * (in place, said in the result and the audit, when the file is a mount point rename cannot
 * replace; validation of the new file first when asked: a failure replaces nothing; timestamped backup on
 * the host), reload when asked, and audit it all with the diff (secrets masked).
 */
export async function saveBack(deps: SaveBackDeps, req: SaveBackRequest): Promise<SaveBackResult> {
  const { host } = req;
  const checks = configChecksFor(host, req.path);
  const validateCmd = req.validate ? checks.validate?.command : undefined;
  const data = Buffer.from(req.content, 'utf8');
  const current = await readHostFile(
    deps.hostFiles,
    host,
    req.path,
    Math.max(data.length, 50 * 1024 * 1024),
    req.sudo,
  );
  const expected = req.expectedEtag === undefined ? current.etag : req.expectedEtag;
  if (current.etag !== expected) {
    throw new OpsdeckError(
      'CONFLICT',
      `Not saved: ${req.path} on ${host.name} ${current.missing ? 'was deleted' : 'changed'} since you read it.`,
      'Reload it (your edits stay in the other pane to re-apply), compare again, and save.',
    );
  }
  const diff = unifiedDiff({
    a: current.text,
    b: req.content,
    nameA: `${host.name}:${current.path} (before)`,
    nameB: `${host.name}:${current.path} (after)`,
    options: { ignoreWhitespace: false, ignoreComments: false, kind: fileKindOf(current.path) },
    context: 3,
  });
  const snapshot = current.missing
    ? null
    : await deps.snapshots.save({
        hostId: host.id,
        hostName: host.name,
        path: req.path,
        content: current.data,
        reason: req.snapshotReason,
        note: req.what ?? '',
        door: req.door,
      });
  const audit = (outcome: 'ok' | 'failed', summary: string) =>
    deps.audit.append({
      at: deps.clock.now().toISOString(),
      door: req.door,
      target: host.name,
      action: 'diff.save',
      detail: auditDiffDetail(summary, diff.unified, deps.redactor),
      outcome,
    });
  const stat = `+${diff.stats.added} -${diff.stats.removed} lines`;
  let written;
  try {
    written = await writeHostFile(deps.hostFiles, host, {
      path: current.path,
      data,
      expectedEtag: expected ?? null,
      sudo: req.sudo === true || current.via === 'sudo' ? true : req.sudo,
      ...(validateCmd ? { validate: validateCmd } : {}),
      now: deps.clock.now(),
    });
  } catch (err) {
    const e = toErrorShape(err);
    if (e.code !== 'CONFLICT')
      audit(
        'failed',
        `${current.path}${req.what ? ` (${req.what})` : ''}: not saved (${stat}): ${e.code} ${e.message}`,
      );
    throw err;
  }
  let reload: CommandOutcome | undefined;
  if (req.reload && checks.reload)
    reload = await runConfigCommand(deps.hostFiles.exec, host, checks.reload.command);
  audit(
    reload && !reload.ok ? 'failed' : 'ok',
    [
      `${written.path}${req.what ? ` (${req.what})` : ''}: saved (${stat})`,
      `backup ${written.backupPath ?? 'none (new file)'}`,
      ...(written.inPlace ? [written.inPlace] : []),
      snapshot ? `snapshot #${snapshot.id}` : 'no snapshot (new file)',
      written.validation ? `validated: ${written.validation.command}` : 'not validated',
      reload
        ? `reload ${reload.ok ? 'ok' : `FAILED (exit ${reload.exitCode})`}: ${reload.command}`
        : 'no reload',
    ].join('; '),
  );
  return {
    path: written.path,
    backupPath: written.backupPath,
    etag: written.etag,
    snapshotId: snapshot?.id ?? null,
    ...(written.inPlace ? { inPlace: written.inPlace } : {}),
    ...(written.validation ? { validation: redactOutcome(written.validation, deps.redactor) } : {}),
    ...(reload ? { reload: redactOutcome(reload, deps.redactor) } : {}),
    stats: diff.stats,
  };
}

function redactOutcome(o: CommandOutcome, r: Redactor): CommandOutcome {
  return { ...o, output: maskConfigSecrets(o.output, r) };
}
