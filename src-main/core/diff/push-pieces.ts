import { createHash } from 'node:crypto';
import { OpsdeckError, type CommandOutcome, type Host } from '../../contract';
import { backupName } from '../files/atomic-write';
import { needsSudo } from '../ssh/privilege';
import { configChecksFor } from './config-checks';
import {
  hashViaShell,
  readViaShell,
  restoreViaShell,
  runConfigCommand,
  writeViaShell,
  type HostFileRead,
  type RemoteExec,
} from './remote-file';

/**
 * The per-host pieces of "push the baseline to these hosts", each one command over an exec
 * channel (so a workflow step can run it through ctx.ssh): read what is there, validate the new
 * content in a temp file beside the target, write it (atomic, backup), reload, verify, and put the
 * backup back. Privileged through `sudo -n` when the host profile says sudo.
 */
export interface PushFile {
  host: Host;
  path: string;
  content: Buffer;
}

/** Root's work on a server's files: a non-root login (or a profile that says so) goes through sudo. */
const sudoFor = (host: Host) => needsSudo(host);
export const sha256Of = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export function readCurrent(exec: RemoteExec, f: Omit<PushFile, 'content'>): Promise<HostFileRead> {
  return readViaShell(exec, f.host, f.path, 50 * 1024 * 1024, sudoFor(f.host));
}

/** Validate the new content where it will live (refused: CONFIG_INVALID); nothing is replaced. */
export async function validateNew(
  exec: RemoteExec,
  f: PushFile,
  expectedEtag: string | null,
): Promise<CommandOutcome | undefined> {
  const validate = configChecksFor(f.host, f.path).validate?.command;
  if (!validate) return undefined;
  const r = await writeViaShell(exec, f.host, {
    path: f.path,
    data: f.content,
    expectedEtag,
    backupPath: '',
    validate,
    mode: 'check',
    sudo: sudoFor(f.host),
  });
  return r.validation;
}

/** Replace the file (refused if it changed since `expectedEtag`); the backup's path comes back. */
export async function writeNew(
  exec: RemoteExec,
  f: PushFile,
  expectedEtag: string | null,
  now: Date,
): Promise<{ backupPath: string | null; etag: string; sha256: string }> {
  const r = await writeViaShell(exec, f.host, {
    path: f.path,
    data: f.content,
    expectedEtag,
    backupPath: backupName(f.path, now),
    mode: 'write',
    sudo: sudoFor(f.host),
  });
  return { backupPath: r.backupPath, etag: r.etag, sha256: r.sha256 };
}

/** Run the reload command of the file (profile rule or default); a failure throws. */
export async function reloadAfter(
  exec: RemoteExec,
  host: Host,
  path: string,
): Promise<CommandOutcome | undefined> {
  const reload = configChecksFor(host, path).reload?.command;
  if (!reload) return undefined;
  const r = await runConfigCommand(exec, host, reload);
  if (!r.ok)
    throw new OpsdeckError(
      'SSH_COMMAND_FAILED',
      `The reload on ${host.name} failed (${reload}, exit ${r.exitCode ?? 'signal'}): ${r.output}`,
      'The new file is in place; the workflow puts the backup back. Check the service on the host.',
    );
  return r;
}

/** The file on the host is exactly the pushed content. */
export async function verifyContent(exec: RemoteExec, f: PushFile): Promise<void> {
  const actual = await hashViaShell(exec, f.host, f.path, sudoFor(f.host));
  if (actual !== sha256Of(f.content))
    throw new OpsdeckError(
      'CONFLICT',
      `${f.path} on ${f.host.name} is not what was pushed (${actual ? 'different content' : 'missing'}).`,
      'Someone or something changed it right after the write; compare it again.',
    );
}

/** Undo of a push: the backup goes back in place (or the file created by the push is removed). */
export async function restoreBackup(
  exec: RemoteExec,
  host: Host,
  path: string,
  backupPath: string | null,
): Promise<void> {
  if (backupPath) {
    await restoreViaShell(exec, host, path, backupPath, sudoFor(host));
    return;
  }
  const rm = `rm -f -- '${path.replace(/'/g, `'\\''`)}'`;
  const r = await exec(host, sudoFor(host) ? `sudo -n ${rm}` : rm, {});
  if (r.code !== 0)
    throw new OpsdeckError(
      'SSH_COMMAND_FAILED',
      `Could not remove ${path} on ${host.name}, which the push created: ${r.stderr.trim()}`,
      'Remove it by hand.',
    );
}
