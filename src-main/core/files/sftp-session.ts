import type { Client, FileEntryWithStats, SFTPWrapper, Stats } from 'ssh2';
import { OpsdeckError, type Host } from '../../contract';
import type { SshPool } from '../ssh';

/** SFTP status codes (draft-ietf-secsh-filexfer-02) that ssh2 puts on `err.code`. */
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;
const WRITE_CHUNK = 32 * 1024;

export interface RemoteStat {
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
}

/**
 * A promise-based view of one SFTP channel with errors that say which host and path, and what to
 * do. Opened on the host's pooled connection; `end()` closes the channel, not the connection.
 */
export class Sftp {
  constructor(
    readonly raw: SFTPWrapper,
    readonly host: Host,
  ) {}

  stat(path: string): Promise<RemoteStat> {
    return this.call<Stats>('stat', path, (cb) => this.raw.stat(path, cb)).then(toStat);
  }

  /** undefined when the path does not exist. */
  async statIfExists(path: string): Promise<RemoteStat | undefined> {
    try {
      return await this.stat(path);
    } catch (err) {
      if (err instanceof OpsdeckError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  realpath(path: string): Promise<string> {
    return this.call<string>('resolve', path, (cb) => this.raw.realpath(path, cb));
  }

  /** Entries of a directory (without `.` and `..`), attributes as the server lists them (lstat). */
  readdir(path: string): Promise<FileEntryWithStats[]> {
    return this.call<FileEntryWithStats[]>('list', path, (cb) => this.raw.readdir(path, cb));
  }

  readlink(path: string): Promise<string> {
    return this.call<string>('read the link', path, (cb) => this.raw.readlink(path, cb));
  }

  readFile(path: string): Promise<Buffer> {
    return this.call<Buffer>('read', path, (cb) => this.raw.readFile(path, cb));
  }

  /** Create `path` (must not exist) with `mode`, write `data`, fsync when the server can, close. */
  async writeNew(path: string, data: Buffer, mode: number): Promise<void> {
    const handle = await this.call<Buffer>('create', path, (cb) =>
      this.raw.open(path, 'wx', { mode }, cb),
    );
    try {
      await this.writeAll(handle, path, data);
      await this.fsync(handle);
    } finally {
      await this.call<void>('close', path, (cb) => this.raw.close(handle, cb)).catch(() => {});
    }
  }

  /**
   * Replace the content of an existing file in place (open with O_TRUNC, write, fsync, close): the
   * same inode, so owner and mode stay, but not atomic. For a target rename(2) cannot replace.
   */
  async overwrite(path: string, data: Buffer): Promise<void> {
    const handle = await this.call<Buffer>('open for writing', path, (cb) =>
      this.raw.open(path, 'r+', cb),
    );
    try {
      await this.writeAll(handle, path, data);
      await this.call<void>('truncate', path, (cb) =>
        this.raw.fsetstat(handle, { size: data.length }, cb),
      );
      await this.fsync(handle);
    } finally {
      await this.call<void>('close', path, (cb) => this.raw.close(handle, cb)).catch(() => {});
    }
  }

  private async writeAll(handle: Buffer, path: string, data: Buffer): Promise<void> {
    const writes: Promise<void>[] = [];
    for (let off = 0; off < data.length; off += WRITE_CHUNK) {
      const len = Math.min(WRITE_CHUNK, data.length - off);
      writes.push(
        this.call<void>('write', path, (cb) => this.raw.write(handle, data, off, len, off, cb)),
      );
    }
    await Promise.all(writes);
  }

  private fsync(handle: Buffer): Promise<void> {
    return new Promise<void>((resolve) => {
      // fsync@openssh.com: durable before the rename. Servers without it: best effort.
      try {
        this.raw.ext_openssh_fsync(handle, () => resolve());
      } catch {
        resolve();
      }
    });
  }

  setstat(path: string, attrs: { mode?: number; uid?: number; gid?: number }): Promise<void> {
    return this.call<void>('change attributes of', path, (cb) => this.raw.setstat(path, attrs, cb));
  }

  /** rename(2) semantics (replaces the target atomically): posix-rename@openssh.com. */
  posixRename(from: string, to: string): Promise<void> {
    return this.call<void>('rename', `${from} → ${to}`, (cb) => {
      try {
        this.raw.ext_openssh_rename(from, to, cb);
      } catch (err) {
        cb(
          new OpsdeckError(
            'SFTP_FAILED',
            `${this.host.name}'s SFTP server cannot replace files atomically (no posix-rename@openssh.com).`,
            'Use an OpenSSH server (or edit the file in a terminal).',
            { cause: err },
          ),
        );
      }
    });
  }

  /** Hard link (hardlink@openssh.com); false when the server does not support it. */
  async hardlink(target: string, link: string): Promise<boolean> {
    try {
      await this.call<void>('link', `${target} → ${link}`, (cb) =>
        this.raw.ext_openssh_hardlink(target, link, cb),
      );
      return true;
    } catch (err) {
      // Unsupported, or refused (fs.protected_hardlinks: not the file's owner): the caller copies.
      if (
        err instanceof OpsdeckError &&
        (err.code === 'SFTP_FAILED' || err.code === 'PERMISSION_DENIED')
      )
        return false;
      throw err;
    }
  }

  unlink(path: string): Promise<void> {
    return this.call<void>('remove', path, (cb) => this.raw.unlink(path, cb));
  }

  end(): void {
    try {
      this.raw.end();
    } catch {
      // Already closed.
    }
  }

  private call<T>(
    action: string,
    path: string,
    start: (cb: (err: Error | null | undefined, value?: T) => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cb = (err: Error | null | undefined, value?: T) =>
        err ? reject(sftpError(err, action, path, this.host)) : resolve(value as T);
      try {
        start(cb);
      } catch (err) {
        reject(sftpError(err, action, path, this.host));
      }
    });
  }
}

/** Borrow the host's pooled connection, open an SFTP channel, run `fn`, close the channel. */
export async function withSftp<T>(
  pool: Pick<SshPool, 'acquire'>,
  host: Host,
  fn: (sftp: Sftp) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const lease = await pool.acquire(host, signal);
  try {
    const sftp = new Sftp(await openSftp(lease.client, host), host);
    try {
      return await fn(sftp);
    } finally {
      sftp.end();
    }
  } finally {
    lease.release();
  }
}

export function openSftp(client: Client, host: Host): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) =>
      reject(
        new OpsdeckError(
          'SSH_CHANNEL_FAILED',
          `Could not start SFTP on ${host.name}: ${err instanceof Error ? err.message : String(err)}.`,
          'Check that the server enables the sftp subsystem (Subsystem sftp in sshd_config) and is not out of sessions (MaxSessions).',
          { cause: err },
        ),
      );
    try {
      client.sftp((err, sftp) => (err ? fail(err) : resolve(sftp)));
    } catch (err) {
      fail(err);
    }
  });
}

function toStat(s: Stats): RemoteStat {
  return {
    size: s.size,
    mode: s.mode,
    uid: s.uid,
    gid: s.gid,
    mtimeMs: s.mtime * 1000,
    isFile: s.isFile(),
    isDirectory: s.isDirectory(),
  };
}

function sftpError(err: unknown, action: string, path: string, host: Host): OpsdeckError {
  if (err instanceof OpsdeckError) return err;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === NO_SUCH_FILE) {
    return new OpsdeckError(
      'NOT_FOUND',
      `${path} does not exist on ${host.name}.`,
      'Check the path (it is case-sensitive); relative paths start in the login user’s home.',
      { cause: err },
    );
  }
  if (code === PERMISSION_DENIED) {
    return new OpsdeckError(
      'PERMISSION_DENIED',
      `Permission denied to ${action} ${path} on ${host.name} (as ${host.user}).`,
      'Log in as a user allowed to do this, or change the file’s permissions on the server.',
      { cause: err },
    );
  }
  return new OpsdeckError(
    'SFTP_FAILED',
    `Could not ${action} ${path} on ${host.name}: ${message}.`,
    /not connected|no response/i.test(message)
      ? 'The connection dropped; retry (Opsdeck reconnects).'
      : 'Check the path, free space and permissions on the server.',
    { cause: err },
  );
}
