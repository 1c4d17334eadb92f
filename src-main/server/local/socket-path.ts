/**
 * Where a data folder's core listens and keeps its token. Light on purpose: the CLI reads this
 * before deciding whether to load a core at all.
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Unix socket paths are limited (108 bytes on Linux, 104 on macOS): leave room. */
const MAX_SOCKET_PATH = 100;

export function tokenPath(dataDir: string): string {
  return join(dataDir, 'core.token');
}

const folderHash = (dataDir: string) =>
  createHash('sha256').update(dataDir).digest('hex').slice(0, 16);

/**
 * `<data folder>/core.sock`; a named pipe on Windows; for a data folder whose path is too long
 * for a socket, a socket in a per-user 0700 folder under the temp folder, named after the data
 * folder (the token still lives in the data folder).
 */
export function localSocketPath(dataDir: string, platform = process.platform): string {
  if (platform === 'win32') return `\\\\.\\pipe\\opsdeck-${folderHash(dataDir)}`;
  const inFolder = join(dataDir, 'core.sock');
  if (Buffer.byteLength(inFolder) <= MAX_SOCKET_PATH) return inFolder;
  return join(shortSocketDir(), `${folderHash(dataDir)}.sock`);
}

/** The per-user folder for sockets of data folders with long paths. */
export function shortSocketDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return join(tmpdir(), `opsdeck-${uid}`);
}
