import { PassThrough } from 'node:stream';
import { OpsdeckError, type BackupCheck, type BackupEntry, type Host } from '../../../contract';
import type { BackupCatalog } from '../catalog';
import { readStored, saidOf } from '../destinations/stored-read';
import type { BackupCtx } from '../types';
import { contentCheckCommand } from './content-checks';
import { hotVerifyCommand, judgeHotFailure, preparedMessage } from './hot-verify';

export async function verifyBackup(
  ctx: BackupCtx,
  catalog: BackupCatalog,
  entry: BackupEntry,
  on: Host,
): Promise<BackupCheck> {
  if (entry.kind === 'snapshot')
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `Backup ${entry.id} is an EBS snapshot set; EC2 keeps its integrity.`,
      'Run a restore test of it instead.',
    );
  if (entry.status !== 'succeeded')
    throw new OpsdeckError(
      'BACKUP_NOT_RESTORABLE',
      `Backup ${entry.id} did not finish (${entry.status}); there is nothing to verify.`,
      'Pick a backup whose status is succeeded.',
    );
  const started = performance.now();
  const at = new Date().toISOString();
  const scratch = `/tmp/.opsdeck-verify-${entry.id}`;
  // A hot backup: the verify host's tools, version and free space are checked first (reads,
  // also while planning); a refusal says what to change and leaves the catalog as it was.
  const hot = entry.kind === 'hot' ? await hotVerifyCommand(ctx, entry, on, scratch) : undefined;
  const command = hot ? hot.command : contentCheckCommand(entry, scratch);
  const purpose = hot
    ? `unpack the backup and prepare it on ${on.name} (${hot.tool} --prepare must complete OK)`
    : 'check the backup decompresses and is whole';
  if (ctx.dryRun) {
    await ctx.ssh.streamIn({
      host: on,
      command,
      fromLabel: entry.location,
      from: new PassThrough(),
      purpose,
    });
    return { status: 'passed', at, message: 'planned' };
  }
  const store = await catalog.store(entry.destination);
  const name = catalog.fileOf(entry);
  if (!ctx.dryRun)
    catalog.setCheck(entry.id, 'verify', {
      status: 'running',
      at,
      message: `verifying on ${on.name}`,
      runId: ctx.runId,
    });
  const fail = (message: string): never => {
    const check: BackupCheck = {
      status: 'failed',
      at,
      durationMs: Math.round(performance.now() - started),
      host: on.name,
      runId: ctx.runId,
      message,
    };
    catalog.setCheck(entry.id, 'verify', check);
    throw new OpsdeckError(
      'BACKUP_CORRUPT',
      `Backup ${entry.id} (${entry.location}) failed verification: ${message}`,
      'Do not restore from it. Take a new backup; check the destination for disk or transfer errors.',
    );
  };
  const size = await store.size(name);
  if (size === undefined) fail(`the file is missing at ${entry.location}`);
  if (size !== entry.bytes) fail(`the file has ${size} bytes, the catalog says ${entry.bytes}`);
  const read = await readStored(store, name, ctx.signal);
  const { hasher } = read;
  // A failed read (the destination unreachable, sudo refused, EIO, the file gone mid-read) says
  // nothing about the backup: the verify stops with the destination's own error, before any
  // verdict, and the catalog keeps the backup's previous verification.
  const readFailed = async (checkErr?: unknown) => {
    const err = await read.failure();
    if (!err) return;
    catalog.restoreCheck(entry.id, 'verify', entry.verify);
    throw new OpsdeckError(
      err.code,
      `Backup ${entry.id} could not be read back to verify it: ${saidOf(err, checkErr)} Its verification is unchanged.`,
      err.hint,
      { cause: err },
    );
  };
  let checked: Awaited<ReturnType<typeof ctx.ssh.streamIn>> | undefined;
  let stdout = '';
  try {
    checked = await ctx.ssh.streamIn({
      host: on,
      command,
      fromLabel: entry.location,
      from: hasher,
      purpose,
      timeoutMs: 24 * 3600_000,
      onStdout: (text) => (stdout += text),
    });
  } catch (err) {
    hasher.destroy();
    if (ctx.signal.aborted) throw err;
    await readFailed(err);
    const why = err instanceof Error ? err.message : String(err);
    if (hot) {
      // Not the backup's fault (the host's tool version, its disk full): refused, the backup's
      // previous verification kept. Else the unpack or the prepare failed: the backup is bad.
      const refusal = judgeHotFailure(entry, on, stdout, why);
      if (refusal) {
        catalog.restoreCheck(entry.id, 'verify', entry.verify);
        throw refusal;
      }
    }
    fail(
      hot
        ? `${hot.stageOf(stdout)} on ${on.name} failed: ${why}`
        : `its content check on ${on.name} failed: ${why}`,
    );
  }
  await readFailed();
  const digest = hasher.digest();
  if (digest !== entry.checksum)
    fail(`its sha256 is ${digest}, the catalog recorded ${entry.checksum ?? 'none'}`);
  const out = stdout || checked?.exit.stdout || '';
  const prepared = hot ? preparedMessage(out, on) : undefined;
  if (hot ? !prepared : !out.includes('@@opsdeck-ok'))
    fail(`its content check on ${on.name} did not pass`);
  const check: BackupCheck = {
    status: 'passed',
    at,
    durationMs: Math.round(performance.now() - started),
    host: on.name,
    runId: ctx.runId,
    message: prepared
      ? `sha256 matches; unpacked and ${prepared}`
      : `sha256 matches; decompresses and is whole (checked on ${on.name})`,
  };
  catalog.setCheck(entry.id, 'verify', check);
  return check;
}
