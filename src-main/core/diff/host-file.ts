import { OpsdeckError, READ_WITH_SUDO_OFFER, type CommandOutcome, type Host } from '../../contract';
import { atomicWrite, backupName, IN_PLACE_REASON } from '../files/atomic-write';
import { shellQuote } from '../common/shell';
import type { SftpFiles } from '../files/sftp-files';
import { resolveForWrite } from '../files/sftp-files';
import { withSftp } from '../files/sftp-session';
import type { SshPool } from '../ssh';
import { needsSudo } from '../ssh/privilege';
import {
  binaryRefused,
  invalid,
  readViaShell,
  runConfigCommand,
  writeViaShell,
  type HostFileRead,
  type RemoteExec,
} from './remote-file';

export interface HostFileDeps {
  pool: Pick<SshPool, 'acquire'>;
  files: Pick<SftpFiles, 'read'>;
  exec: RemoteExec;
}

/**
 * Read a host file for a comparison: over SFTP; through `sudo -n` when asked, or when SFTP is
 * denied and the host profile says sudo. Denied otherwise: PERMISSION_DENIED, whose hint offers
 * "Read with sudo" / `--sudo` when `sudo -n true` works for the login. A missing file is returned as `missing` (compared as
 * empty); a binary file is refused.
 */
export async function readHostFile(
  deps: HostFileDeps,
  host: Host,
  path: string,
  maxBytes: number,
  sudo?: boolean,
  signal?: AbortSignal,
): Promise<HostFileRead> {
  if (sudo) return readViaShell(deps.exec, host, path, maxBytes, true, signal);
  try {
    const f = await deps.files.read(host.id, path, maxBytes, signal);
    if (f.binary) throw binaryRefused(host, f.path);
    const data = Buffer.from(f.content, 'utf8');
    return {
      path: f.path,
      missing: false,
      data,
      text: f.content,
      etag: f.etag,
      size: f.size,
      mode: f.mode,
      uid: f.uid,
      gid: f.gid,
      mtimeMs: f.mtimeMs,
      via: 'sftp',
    };
  } catch (err) {
    if (!(err instanceof OpsdeckError)) throw err;
    if (err.code === 'NOT_FOUND')
      return {
        path,
        missing: true,
        data: Buffer.alloc(0),
        text: '',
        etag: null,
        size: 0,
        via: 'sftp',
      };
    if (err.code !== 'PERMISSION_DENIED') throw err;
    if (sudo === undefined && host.profile.sudo)
      return readViaShell(deps.exec, host, path, maxBytes, true, signal);
    throw readDenied(host, path, await canSudo(deps, host, signal), err);
  }
}

/**
 * SFTP may not read the file and the profile does not say to read through sudo: say so, and offer
 * sudo when the login may use it without a password (`sudo -n true` works), else what to do.
 */
function readDenied(host: Host, path: string, sudoWorks: boolean, cause: unknown): OpsdeckError {
  const hint = sudoWorks
    ? `${READ_WITH_SUDO_OFFER} ("Read with sudo" in the window, --sudo in the CLI): ${host.user} may use sudo -n on ${host.name}. To always read through sudo, turn on "sudo" in ${host.name}'s profile (Hosts → Edit).`
    : host.user === 'root'
      ? 'Check the file’s permissions and any mandatory access control (AppArmor, SELinux) on the server.'
      : `${host.user} may not use sudo -n on ${host.name} either: allow it without a password (NOPASSWD in sudoers) or log in as a user that may read the file.`;
  return new OpsdeckError(
    'PERMISSION_DENIED',
    `${host.user} may not read ${path} on ${host.name} (permission denied), and ${host.name}'s profile does not say to read through sudo.`,
    hint,
    { cause },
  );
}

/** Whether the login may use sudo without a password (`sudo -n true`); root never needs it. */
async function canSudo(deps: HostFileDeps, host: Host, signal?: AbortSignal): Promise<boolean> {
  if (host.user === 'root') return false;
  try {
    const r = await deps.exec(host, 'sudo -n true', {
      timeoutMs: 15_000,
      ...(signal ? { signal } : {}),
    });
    return r.code === 0;
  } catch {
    return false;
  }
}

export interface HostFileWrite {
  path: string;
  data: Buffer;
  expectedEtag: string | null;
  /**
   * Through `sudo -n` (true, e.g. as it was read); never (false: a denied write is
   * PERMISSION_DENIED, saying so); or undefined: over SFTP, and through sudo when SFTP is denied
   * and the login needs it (not root, or the profile says sudo; a file in a root-owned folder).
   */
  sudo: boolean | undefined;
  /** Validation command (`{file}` = the new file) run before the replace. */
  validate?: string;
  now: Date;
}

export interface HostFileWritten {
  path: string;
  backupPath: string | null;
  etag: string;
  validation?: CommandOutcome;
  /** Set when the file was written in place, not atomically (a mount point): why. */
  inPlace?: string;
}

/**
 * Replace a host file atomically (backup kept, refused if it changed since read), validating the
 * new content first when a command is given: over SFTP (core/files/atomic-write.ts) or, through
 * sudo, with the equivalent shell script. A failed validation replaces nothing (CONFIG_INVALID).
 * A non-root login that SFTP may not write with (a package's file in a root-owned folder) goes
 * through sudo unless the caller said not to; sudo that wants a password: SUDO_PASSWORD_REQUIRED.
 */
export async function writeHostFile(
  deps: HostFileDeps,
  host: Host,
  w: HostFileWrite,
): Promise<HostFileWritten> {
  if (w.sudo) return writeThroughSudo(deps, host, w);
  try {
    return await writeOverSftp(deps, host, w);
  } catch (err) {
    const denied = err instanceof OpsdeckError && err.code === 'PERMISSION_DENIED';
    if (denied && w.sudo === undefined && needsSudo(host)) return writeThroughSudo(deps, host, w);
    if (denied && w.sudo === false && needsSudo(host)) throw sudoRefused(host, w.path, err);
    throw err;
  }
}

/** SFTP may not write the file, and the caller said not to use sudo (which could). */
function sudoRefused(host: Host, path: string, cause: OpsdeckError): OpsdeckError {
  return new OpsdeckError(
    'PERMISSION_DENIED',
    `Not saved: ${host.user} may not write ${path} on ${host.name} over SFTP, and this save was asked not to use sudo.`,
    'Save it again without turning sudo off (Opsdeck then writes through sudo -n), or log in as a user that may write the file.',
    { cause },
  );
}

async function writeThroughSudo(
  deps: HostFileDeps,
  host: Host,
  w: HostFileWrite,
): Promise<HostFileWritten> {
  const r = await writeViaShell(deps.exec, host, {
    path: w.path,
    data: w.data,
    expectedEtag: w.expectedEtag,
    backupPath: backupName(w.path, w.now),
    ...(w.validate ? { validate: w.validate } : {}),
    mode: 'write',
    sudo: true,
  });
  return {
    path: w.path,
    backupPath: r.backupPath,
    etag: r.etag,
    ...(r.validation ? { validation: r.validation } : {}),
    ...(r.inPlace ? { inPlace: IN_PLACE_REASON } : {}),
  };
}

function writeOverSftp(deps: HostFileDeps, host: Host, w: HostFileWrite): Promise<HostFileWritten> {
  let validation: CommandOutcome | undefined;
  return withSftp(deps.pool, host, async (sftp) => {
    const target = await resolveForWrite(sftp, w.path);
    const result = await atomicWrite(sftp, {
      path: target,
      content: w.data,
      expectedEtag: w.expectedEtag,
      now: w.now,
      isMountPoint: (path) => isMountPoint(deps, host, path),
      ...(w.validate
        ? {
            beforeReplace: async (temp: string) => {
              validation = await runConfigCommand(deps.exec, host, w.validate as string, temp);
              if (!validation.ok) throw invalid(host, target, validation);
            },
          }
        : {}),
    });
    return { path: target, ...result, ...(validation ? { validation } : {}) };
  });
}

/** `mountpoint -q` (util-linux) as the login: reading the mount table needs no privilege. */
async function isMountPoint(deps: HostFileDeps, host: Host, path: string): Promise<boolean> {
  const r = await deps.exec(host, `mountpoint -q -- ${shellQuote(path)}`, { timeoutMs: 30_000 });
  return r.code === 0;
}
