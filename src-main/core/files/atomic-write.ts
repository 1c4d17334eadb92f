import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { OpsdeckError } from '../../contract';
import { stamp } from '../stamp';
import { etagOf } from './etag';
import type { RemoteStat, Sftp } from './sftp-session';

export interface AtomicWrite {
  /** Absolute, symlinks resolved (so the link stays a link and its target is replaced). */
  path: string;
  content: Buffer;
  /** etag read earlier; null = the file must not exist yet. */
  expectedEtag: string | null;
  now: Date;
  /**
   * Runs on the finished temp file (owner and mode already the original's) before anything is
   * replaced, e.g. a config validation; throwing stops the write and leaves the original as is.
   */
  beforeReplace?: (tempPath: string) => Promise<void>;
  /**
   * Asked when rename(2) over the file fails: true when the file is itself a mount point (a
   * bind-mounted /etc/hosts in a container: EBUSY), which is then written in place. Without it a
   * failed rename is the error.
   */
  isMountPoint?: (path: string) => Promise<boolean>;
}

export interface AtomicWriteResult {
  backupPath: string | null;
  etag: string;
  /** Set when the file was written in place (not atomically): why. */
  inPlace?: string;
}

/** Why a mount point is written in place (for results and the audit). */
export const IN_PLACE_REASON =
  'written in place, not atomically: the file is a mount point (bind-mounted, as in a container), which rename(2) cannot replace (EBUSY)';

/** Backup name beside the original: `<path>.opsdeck-YYYYmmdd-HHMMSS.bak` (UTC; `-2`… if taken). */
export function backupName(path: string, now: Date, attempt = 1): string {
  return `${path}.opsdeck-${stamp(now)}${attempt > 1 ? `-${attempt}` : ''}.bak`;
}

/**
 * Replace a remote file so that readers see either the old or the new content, never a mix:
 * 1. refuse (CONFLICT) if the file changed since it was read (etag: size + mtime + SHA-256);
 * 2. write a temp file in the same folder, fsync, give it the original owner and mode;
 *    (and let `beforeReplace` check it, e.g. validate a config);
 * 3. leave a timestamped backup (a hard link to the old inode, or a copy);
 * 4. check once more that nobody wrote meanwhile, then rename(2) the temp file over the original
 *    (a mount point, which rename cannot replace, is written in place when `isMountPoint` says so:
 *    the backup a copy, checked again just before; `inPlace` in the result says so and why).
 * On failure the temp file (and a backup made for nothing) are removed; the original is untouched.
 */
export async function atomicWrite(sftp: Sftp, req: AtomicWrite): Promise<AtomicWriteResult> {
  const { path } = req;
  const host = sftp.host.name;
  const current = await sftp.statIfExists(path);
  const before = current ? await readCurrent(sftp, path, current) : undefined;
  assertUnchanged(host, path, req.expectedEtag, current, before);

  const dir = posix.dirname(path);
  const temp = posix.join(
    dir,
    `.${posix.basename(path)}.opsdeck-${randomBytes(4).toString('hex')}.tmp`,
  );
  let backup: Backup | null = null;
  let renamed = false;
  let inPlace = false;
  await sftp.writeNew(temp, req.content, 0o600);
  try {
    if (current) await keepOwnerAndMode(sftp, temp, path, current);
    else await sftp.setstat(temp, { mode: 0o644 });
    await req.beforeReplace?.(temp);
    if (current && before) backup = await makeBackup(sftp, path, req.now, current, before);
    const again = await sftp.statIfExists(path);
    if (!sameVersion(current, again)) {
      throw conflict(host, path, 'it changed while Opsdeck was writing');
    }
    try {
      await sftp.posixRename(temp, path);
      renamed = true;
    } catch (err) {
      if (!current || !before || !req.isMountPoint || !(await req.isMountPoint(path))) throw err;
      // The backup must be a copy: a hard link is the same inode, which the write would change.
      if (backup?.linked) backup = await copyBackup(sftp, backup.path, current, before);
      if (!sameVersion(current, await sftp.statIfExists(path)))
        throw conflict(host, path, 'it changed while Opsdeck was writing');
      await writeInPlace(sftp, path, req.content, backup?.path ?? null, before);
      inPlace = true;
    }
  } catch (err) {
    if (backup) await sftp.unlink(backup.path).catch(() => {});
    throw err;
  } finally {
    if (!renamed) await sftp.unlink(temp).catch(() => {});
  }
  const after = await sftp.stat(path);
  return {
    backupPath: backup?.path ?? null,
    etag: etagOf(after, req.content),
    ...(inPlace ? { inPlace: IN_PLACE_REASON } : {}),
  };
}

/** Overwrite a mount point's content; on failure put the old content back and say where it is. */
async function writeInPlace(
  sftp: Sftp,
  path: string,
  content: Buffer,
  backupPath: string | null,
  before: Buffer,
): Promise<void> {
  try {
    await sftp.overwrite(path, content);
  } catch (err) {
    const restored = await sftp.overwrite(path, before).then(
      () => true,
      () => false,
    );
    throw new OpsdeckError(
      'SFTP_FAILED',
      `Not saved: writing ${path} on ${sftp.host.name} in place (it is a mount point) failed` +
        (restored ? '; its previous content was put back.' : ` and it may be partly written.`),
      restored
        ? 'Check free space and permissions on the server, then save again.'
        : `Restore it from the backup${backupPath ? ` ${backupPath}` : ''} (or the snapshot) at once.`,
      { cause: err },
    );
  }
}

interface Backup {
  path: string;
  /** A hard link to the original inode (not a copy). */
  linked: boolean;
}

async function copyBackup(
  sftp: Sftp,
  name: string,
  current: RemoteStat,
  content: Buffer,
): Promise<Backup> {
  await sftp.unlink(name);
  await writeCopy(sftp, name, current, content);
  return { path: name, linked: false };
}

async function writeCopy(sftp: Sftp, name: string, current: RemoteStat, content: Buffer) {
  await sftp.writeNew(name, content, 0o600);
  await sftp.setstat(name, { uid: current.uid, gid: current.gid }).catch(() => {});
  await sftp.setstat(name, { mode: current.mode & 0o7777 });
}

async function readCurrent(sftp: Sftp, path: string, stat: RemoteStat): Promise<Buffer> {
  if (!stat.isFile) {
    throw new OpsdeckError(
      'CONFLICT',
      `${path} on ${sftp.host.name} is not a regular file.`,
      'Pick a file (not a directory or device).',
    );
  }
  return sftp.readFile(path);
}

function assertUnchanged(
  host: string,
  path: string,
  expected: string | null,
  current: RemoteStat | undefined,
  before: Buffer | undefined,
): void {
  if (!current || !before) {
    if (expected !== null) throw conflict(host, path, 'it was deleted since you read it');
    return;
  }
  if (expected === null) throw conflict(host, path, 'it exists (it was created since you looked)');
  if (etagOf(current, before) !== expected)
    throw conflict(host, path, 'it changed since you read it');
}

function conflict(host: string, path: string, why: string): OpsdeckError {
  return new OpsdeckError(
    'CONFLICT',
    `Not saved: ${path} on ${host} was not overwritten because ${why}.`,
    'Reload the file, re-apply your change to the current content, and save again.',
  );
}

function sameVersion(a: RemoteStat | undefined, b: RemoteStat | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Owner first (chown may clear set-id bits), then the exact mode of the original. */
async function keepOwnerAndMode(sftp: Sftp, temp: string, path: string, current: RemoteStat) {
  try {
    await sftp.setstat(temp, { uid: current.uid, gid: current.gid });
  } catch (err) {
    throw new OpsdeckError(
      'SFTP_FAILED',
      `Not saved: ${path} on ${sftp.host.name} belongs to uid ${current.uid}:${current.gid}, and ` +
        `${sftp.host.user} cannot give the new version that owner.`,
      'Log in as root or as the file’s owner to edit it.',
      { cause: err },
    );
  }
  await sftp.setstat(temp, { mode: current.mode & 0o7777 });
}

async function makeBackup(
  sftp: Sftp,
  path: string,
  now: Date,
  current: RemoteStat,
  content: Buffer,
): Promise<Backup> {
  for (let attempt = 1; attempt <= 20; attempt++) {
    const name = backupName(path, now, attempt);
    if (await sftp.statIfExists(name)) continue;
    // A hard link keeps the old inode (content, owner, mode, mtime) for free once we rename.
    if (await sftp.hardlink(path, name)) return { path: name, linked: true };
    await writeCopy(sftp, name, current, content);
    return { path: name, linked: false };
  }
  throw new OpsdeckError(
    'SFTP_FAILED',
    `Too many backups of ${path} were made this second on ${sftp.host.name}.`,
    'Wait a second and save again.',
  );
}
