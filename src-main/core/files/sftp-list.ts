import { posix } from 'node:path';
import type { FileEntryWithStats } from 'ssh2';
import { OpsdeckError, type FileEntry, type FileListing } from '../../contract';
import { entryType, permissionString } from './file-mode';
import type { Sftp } from './sftp-session';

type TargetType = NonNullable<FileEntry['targetType']>;

/**
 * A directory listing for the file browser and `opsdeck files ls`: one READDIR (attributes come
 * with it), plus READLINK + STAT per symlink so that a link to a directory sorts and opens as one.
 */
export async function listDirectory(sftp: Sftp, path: string, limit: number): Promise<FileListing> {
  const dir = await sftp.realpath(path);
  const stat = await sftp.stat(dir);
  if (!stat.isDirectory) {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `${dir} on ${sftp.host.name} is ${stat.isFile ? 'a file' : 'not a directory'}.`,
      'List its directory, or open the file itself (files.read / files get).',
    );
  }
  const raw = await sftp.readdir(dir);
  const entries = await Promise.all(raw.map((e) => toEntry(sftp, dir, e)));
  entries.sort(compareEntries);
  return { path: dir, entries: entries.slice(0, limit), truncated: entries.length > limit };
}

async function toEntry(sftp: Sftp, dir: string, e: FileEntryWithStats): Promise<FileEntry> {
  const { attrs } = e;
  const names = ownerNames(e.longname, attrs.size, attrs.uid, attrs.gid);
  const entry: FileEntry = {
    name: e.filename,
    type: entryType(attrs.mode),
    size: attrs.size,
    mode: attrs.mode & 0o7777,
    permissions: permissionString(attrs.mode),
    uid: attrs.uid,
    gid: attrs.gid,
    ...names,
    mtimeMs: attrs.mtime * 1000,
  };
  if (entry.type !== 'symlink') return entry;
  const full = posix.join(dir, e.filename);
  const [target, targetType] = await Promise.all([
    sftp.readlink(full).catch(() => undefined),
    sftp.stat(full).then(
      (s): TargetType => (s.isDirectory ? 'dir' : s.isFile ? 'file' : 'other'),
      (err: unknown): TargetType =>
        err instanceof OpsdeckError && err.code === 'NOT_FOUND' ? 'missing' : 'other',
    ),
  ]);
  return { ...entry, ...(target !== undefined ? { target } : {}), targetType };
}

/**
 * Owner and group names from an SFTP v3 `longname` (`ls -l` style, as OpenSSH writes it:
 * `-rw-r--r--    1 root     adm        21 Nov 23 14:00 name`). Only trusted when its size field
 * matches the attributes; a bare number equal to the id means the server had no name for it.
 */
export function ownerNames(
  longname: string,
  size: number,
  uid: number,
  gid: number,
): { owner?: string; group?: string } {
  const m = /^\S{10}\S*\s+\d+\s+(\S+)\s+(\S+)\s+(\d+)\s/.exec(longname);
  if (!m || Number(m[3]) !== size) return {};
  const [, owner, group] = m as unknown as [string, string, string];
  return {
    ...(owner !== String(uid) ? { owner } : {}),
    ...(group !== String(gid) ? { group } : {}),
  };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const isDirLike = (e: FileEntry) => e.type === 'dir' || e.targetType === 'dir';

/** Directories (and links to directories) first, then by name (natural, case-insensitive). */
export function compareEntries(a: FileEntry, b: FileEntry): number {
  const dirs = Number(isDirLike(b)) - Number(isDirLike(a));
  if (dirs !== 0) return dirs;
  return collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
