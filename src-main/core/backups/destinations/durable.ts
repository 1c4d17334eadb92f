import { open } from 'node:fs/promises';

/**
 * Making a written file survive a crash or power loss: its bytes flushed to the disk before its
 * name says it is whole (fsync), and the rename that gives it that name flushed with its folder.
 * Without it a backup catalogued as good can be empty or cut after the machine's power went.
 */

/** Flush a file's data and metadata to its disk. */
export async function syncFile(path: string): Promise<void> {
  const file = await open(path, 'r');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
}

/**
 * Flush a folder's entries (a rename into it) to its disk. Windows cannot open a folder for that
 * (NTFS journals its metadata), and a filesystem that cannot sync a folder says EINVAL: both are
 * as durable as they get without it.
 */
export async function syncDir(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    await syncFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EINVAL') return;
    throw err;
  }
}
